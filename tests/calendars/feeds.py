"""Feeds in the exact shapes their services publish, with dates relative to a base day (a Tuesday
a week or more ahead), so the tests never age. Each builder returns (text, expected local starts)."""

import datetime

TORONTO_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:America/Toronto
X-LIC-LOCATION:America/Toronto
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE"""


def base_day(today=None):
    """The first Tuesday at least eight days from today."""
    day = (today or datetime.date.today()) + datetime.timedelta(days=8)
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def d(day, offset=0):
    return (day + datetime.timedelta(days=offset)).strftime("%Y%m%d")


def meetup(day, *, title2="Civic Tech Toronto Hacknight #413", third=True, second_status="CONFIRMED"):
    """Meetup's group feed: one VEVENT per date (no RRULE), Toronto VTIMEZONE, URL to the event page."""
    events = [
        (312345678, 0, "Civic Tech Toronto Hacknight #412", "CONFIRMED"),
        (312345679, 7, title2, second_status),
    ]
    if third:
        events.append((312345680, 14, "Civic Tech Toronto Hacknight #414", "CONFIRMED"))
    vevents = "\n".join(
        f"""BEGIN:VEVENT
DTSTAMP:20261120T150000Z
DTSTART;TZID=America/Toronto:{d(day, offset)}T183000
DTEND;TZID=America/Toronto:{d(day, offset)}T210000
STATUS:{status}
SUMMARY:{title}
DESCRIPTION:Civic Tech Toronto\\nTuesday at 6:30 PM\\n\\nJoin us for our weekly hac
 knight! Break-out groups\\, project pitches and pizza.\\n\\nhttps://www.meetup.c
 om/civic-tech-toronto/events/{eid}/
CLASS:PUBLIC
CREATED:20261101T120000Z
GEO:43.6532;-79.3832
LOCATION:Centre for Social Innovation (192 Spadina Ave\\, Toronto\\, ON)
URL:https://www.meetup.com/civic-tech-toronto/events/{eid}/
LAST-MODIFIED:20261120T150000Z
UID:event_{eid}@meetup.com
END:VEVENT"""
        for eid, offset, title, status in events
    )
    text = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Meetup//RemoteApi//EN
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-ORIGINAL-URL:https://www.meetup.com/civic-tech-toronto/events/ical/
X-WR-CALNAME:Events - Civic Tech Toronto
X-MS-OLK-FORCEINSPECTOROPEN:TRUE
{TORONTO_VTIMEZONE}
{vevents}
END:VCALENDAR
"""
    starts = [(day + datetime.timedelta(days=o), datetime.time(18, 30)) for _e, o, _t, _s in events]
    return text, starts


def google(day):
    """A Google Calendar public feed: X-WR-TIMEZONE, a weekly series with an EXDATE and a moved date
    (RECURRENCE-ID override), a single event in UTC, an all-day event, HTML in a description."""
    wednesday = day + datetime.timedelta(days=1)
    text = f"""BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Civic Tech Ottawa
X-WR-TIMEZONE:America/Toronto
X-WR-CALDESC:Hacknights and events of Civic Tech Ottawa
BEGIN:VEVENT
DTSTART;TZID=America/Toronto:{d(wednesday)}T183000
DTEND;TZID=America/Toronto:{d(wednesday)}T203000
RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=WE
EXDATE;TZID=America/Toronto:{d(wednesday, 7)}T183000
DTSTAMP:20261120T150000Z
UID:0k8v1l2qhc3h3rn2fvd6kq1jbs@google.com
CREATED:20260901T120000Z
DESCRIPTION:<b>Weekly hacknight</b><br>Bring a laptop.<script>alert("x")</s
 cript><br><a href="https://civictechottawa.ca">civictechottawa.ca</a>
LAST-MODIFIED:20261120T150000Z
LOCATION:Bayview Yards\\, 7 Bayview Station Rd\\, Ottawa\\, ON K1Y 2C5\\, Canada
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Civic Tech Ottawa Hacknight
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=America/Toronto:{d(wednesday, 14)}T190000
DTEND;TZID=America/Toronto:{d(wednesday, 14)}T210000
DTSTAMP:20261120T150000Z
UID:0k8v1l2qhc3h3rn2fvd6kq1jbs@google.com
RECURRENCE-ID;TZID=America/Toronto:{d(wednesday, 14)}T183000
CREATED:20260901T120000Z
DESCRIPTION:Moved to 7 pm this week.
LAST-MODIFIED:20261120T150000Z
LOCATION:Bayview Yards\\, 7 Bayview Station Rd\\, Ottawa\\, ON K1Y 2C5\\, Canada
SEQUENCE:1
STATUS:CONFIRMED
SUMMARY:Civic Tech Ottawa Hacknight (late start)
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART:{d(day, 3)}T150000Z
DTEND:{d(day, 3)}T210000Z
DTSTAMP:20261120T150000Z
UID:5gdn0t9v3b6l1c2k8s7m4p0q1r@google.com
CREATED:20261015T120000Z
DESCRIPTION:
LAST-MODIFIED:20261015T120000Z
LOCATION:Ottawa Public Library\\, 120 Metcalfe St\\, Ottawa
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Open Data Day Ottawa
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:{d(day, 11)}
DTEND;VALUE=DATE:{d(day, 12)}
DTSTAMP:20261120T150000Z
UID:2a7hc9kq0v1b4n5m6l3j8g2f0d@google.com
CREATED:20261015T120000Z
DESCRIPTION:
LAST-MODIFIED:20261015T120000Z
LOCATION:
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Civic tech unconference
TRANSP:TRANSPARENT
END:VEVENT
END:VCALENDAR
"""
    return text


def luma(day, *, cancelled=True):
    """A Luma calendar: UTC times, the event page in LOCATION/URL, one event cancelled."""
    status = "CANCELLED" if cancelled else "CONFIRMED"
    return f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Luma//Luma Calendar//EN
METHOD:PUBLISH
X-WR-CALNAME:Code for Canada
BEGIN:VEVENT
UID:evt-Kq3nZ8fW2xYp1Lm@lu.ma
DTSTAMP:20261120T150000Z
DTSTART:{d(day, 2)}T230000Z
DTEND:{d(day, 3)}T003000Z
SUMMARY:Waterloo Region civic tech meetup
DESCRIPTION:Get up-to-date information at: https://lu.ma/wrct-meetup\\n\\nHos
 ted by Code for Canada
LOCATION:https://lu.ma/wrct-meetup
URL:https://lu.ma/wrct-meetup
ORGANIZER;CN="Code for Canada":mailto:calendar-invite@lu.ma
STATUS:CONFIRMED
SEQUENCE:0
END:VEVENT
BEGIN:VEVENT
UID:evt-Jr7bT4cQ9vNa0Xe@lu.ma
DTSTAMP:20261120T150000Z
DTSTART:{d(day, 9)}T230000Z
DTEND:{d(day, 10)}T003000Z
SUMMARY:Fredericton data night
DESCRIPTION:Get up-to-date information at: https://lu.ma/fredericton-data
LOCATION:https://lu.ma/fredericton-data
URL:https://lu.ma/fredericton-data
ORGANIZER;CN="Code for Canada":mailto:calendar-invite@lu.ma
STATUS:{status}
SEQUENCE:{2 if cancelled else 0}
END:VEVENT
END:VCALENDAR
"""


def outlook(day):
    """An Outlook publish: Windows zone names with their VTIMEZONE, a series with EXDATE and RDATE,
    an all-day event marked the Microsoft way."""
    thursday = day + datetime.timedelta(days=2)
    return f"""BEGIN:VCALENDAR
METHOD:PUBLISH
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
X-WR-CALNAME:Edmonton civic tech
BEGIN:VTIMEZONE
TZID:Mountain Standard Time
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:-0600
TZOFFSETTO:-0700
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:-0700
TZOFFSETTO:-0600
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
DESCRIPTION:\\n
RRULE:FREQ=WEEKLY;UNTIL={d(thursday, 22)}T010000Z;INTERVAL=1;BYDAY=TH;WKST=SU
EXDATE;TZID=Mountain Standard Time:{d(thursday, 7)}T180000
RDATE;TZID=Mountain Standard Time:{d(thursday, 5)}T180000
UID:040000008200E00074C5B7101A82E00800000000C0A1E1F5F4C1DA01000000000000000
 010000000D8C3B4A0E9F0B54B9E5C8F3A2B1C0D9E
SUMMARY;LANGUAGE=en-CA:Edmonton hacknight
DTSTART;TZID=Mountain Standard Time:{d(thursday)}T180000
DTEND;TZID=Mountain Standard Time:{d(thursday)}T200000
CLASS:PUBLIC
PRIORITY:5
DTSTAMP:20261120T150000Z
TRANSP:OPAQUE
STATUS:CONFIRMED
SEQUENCE:0
LOCATION;LANGUAGE=en-CA:Edmonton Public Library\\, Stanley A. Milner
X-MICROSOFT-CDO-APPT-SEQUENCE:0
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
X-MICROSOFT-CDO-IMPORTANCE:1
X-MICROSOFT-CDO-ALLDAYEVENT:FALSE
END:VEVENT
BEGIN:VEVENT
DESCRIPTION:\\n
UID:040000008200E00074C5B7101A82E00800000000D1B2C3D4E5F6DA01000000000000000
 01000000011223344556677889900AABBCCDDEEFF
SUMMARY;LANGUAGE=en-CA:Alberta open data day
DTSTART;VALUE=DATE:{d(day, 17)}
DTEND;VALUE=DATE:{d(day, 18)}
CLASS:PUBLIC
DTSTAMP:20261120T150000Z
TRANSP:TRANSPARENT
STATUS:CONFIRMED
SEQUENCE:0
X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
END:VEVENT
END:VCALENDAR
"""
