from django.utils.dateformat import format as date_format


def local_when(moment, event):
    """A moment in the event's zone, with the zone named: 'Sat, Nov 28, 2026, 6:30 p.m. EST'."""
    if moment is None:
        return ""
    local = moment.astimezone(event.tz)
    return f"{date_format(local, 'D, M j, Y, P')} {local.strftime('%Z')}"
