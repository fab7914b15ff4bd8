import datetime
import zoneinfo

import pytest
from django.utils import timezone

from events.exceptions import EventsError
from events.models import EventPage, Occurrence, Registration
from events.services.occurrences import cancel_occurrence, move_occurrence, sync_occurrences

TORONTO = zoneinfo.ZoneInfo("America/Toronto")


@pytest.fixture
def weekly(make_event):
    # 2026-10-20 is a Tuesday; daylight saving time ends in Toronto on 2026-11-01.
    return make_event(
        title="Weekly hacknight",
        start_date=datetime.date(2026, 10, 20),
        start_time=datetime.time(18, 30),
        end_time=datetime.time(21, 0),
        repeat="weekly",
    )


def _local_times(event):
    return [(o.start.astimezone(TORONTO).date(), o.start.astimezone(TORONTO).time()) for o in event.occurrences.all()]


def test_weekly_series_stays_at_local_time_across_daylight_saving(weekly):
    sync_occurrences(weekly, today=datetime.date(2026, 10, 20), weeks_ahead=4)
    times = _local_times(weekly)
    assert [day for day, _ in times] == [datetime.date(2026, 10, 20) + datetime.timedelta(weeks=i) for i in range(5)]
    assert {time for _, time in times} == {datetime.time(18, 30)}
    utc_hours = [o.start.astimezone(datetime.UTC).hour for o in weekly.occurrences.all()]
    assert utc_hours[:2] == [22, 22] and utc_hours[2:] == [23, 23, 23]


def test_series_materialises_at_least_26_weeks_ahead_and_sync_is_idempotent(make_event):
    today = timezone.localdate()
    event = make_event(start_date=today, repeat="weekly")
    count = event.occurrences.count()
    assert count >= 27
    assert sync_occurrences(event) == 0
    assert event.occurrences.count() == count


def test_cancelling_one_date_leaves_the_others_and_raises_sequence(weekly):
    sync_occurrences(weekly, today=datetime.date(2026, 10, 20), weeks_ahead=4)
    target = weekly.occurrences.all()[2]
    before = EventPage.objects.get(pk=weekly.pk).sequence
    cancel_occurrence(target, note="Holiday")
    statuses = list(weekly.occurrences.values_list("status", flat=True))
    assert statuses == ["scheduled", "scheduled", "cancelled", "scheduled", "scheduled"]
    assert EventPage.objects.get(pk=weekly.pk).sequence == before + 1
    with pytest.raises(EventsError):
        cancel_occurrence(Occurrence.objects.get(pk=target.pk))


def test_moved_date_survives_resync_and_a_change_of_series_time(weekly):
    sync_occurrences(weekly, today=datetime.date(2026, 10, 20), weeks_ahead=4)
    target = weekly.occurrences.all()[1]
    new_start = datetime.datetime(2026, 10, 28, 19, 0, tzinfo=TORONTO)
    move_occurrence(target, new_start, new_start + datetime.timedelta(hours=2))

    weekly = EventPage.objects.get(pk=weekly.pk)
    weekly.start_time = datetime.time(18, 0)
    weekly.save_revision().publish()
    sync_occurrences(weekly, today=datetime.date(2026, 10, 20), weeks_ahead=4)

    moved = Occurrence.objects.get(pk=target.pk)
    assert moved.start == new_start and moved.is_moved
    others = weekly.occurrences.exclude(pk=target.pk)
    assert {o.start.astimezone(TORONTO).time() for o in others} == {datetime.time(18, 0)}


def test_moving_a_date_to_end_before_it_starts_is_refused(weekly):
    target = weekly.occurrences.first()
    with pytest.raises(EventsError):
        move_occurrence(target, target.start, target.start - datetime.timedelta(hours=1))
    assert Occurrence.objects.get(pk=target.pk).start == target.start


def test_dropped_dates_with_registrations_are_cancelled_not_deleted(weekly, make_user):
    sync_occurrences(weekly, today=datetime.date(2026, 10, 20), weeks_ahead=4)
    last = weekly.occurrences.last()
    Registration.objects.create(user=make_user(), occurrence=last, status="confirmed")
    weekly.repeat_until = datetime.date(2026, 11, 3)
    weekly.save_revision().publish()
    sync_occurrences(weekly, today=datetime.date(2026, 10, 20), weeks_ahead=4)
    assert Occurrence.objects.get(pk=last.pk).status == "cancelled"
    assert weekly.occurrences.filter(status="scheduled").count() == 3


def test_single_event_date_change_moves_its_occurrence_with_registrations(make_event, make_user):
    event = make_event()
    occurrence = event.occurrences.get()
    Registration.objects.create(user=make_user(), occurrence=occurrence, status="confirmed")
    event.start_date += datetime.timedelta(days=3)
    event.save_revision().publish()
    occurrence.refresh_from_db()
    assert occurrence.original_date == event.start_date
    assert occurrence.start.astimezone(TORONTO).date() == event.start_date
    assert event.occurrences.count() == 1


def test_sequence_rises_only_when_a_calendar_would_see_a_change(make_event):
    event = make_event()
    assert event.sequence == 0
    event.body = []
    event.save_revision().publish()
    assert EventPage.objects.get(pk=event.pk).sequence == 0
    event = EventPage.objects.get(pk=event.pk)
    event.title = "Renamed"
    event.save_revision().publish()
    assert EventPage.objects.get(pk=event.pk).sequence == 1


def test_rrule_strings(make_event):
    weekly = make_event(
        start_date=datetime.date(2026, 10, 20), repeat="weekly", repeat_until=datetime.date(2027, 1, 26)
    )
    assert weekly.rrule_string() == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270127T045959Z"
    bimonthly = make_event(start_date=datetime.date(2026, 10, 8), repeat="bimonthly")
    assert bimonthly.rrule_string() == "FREQ=MONTHLY;INTERVAL=2;BYDAY=+2TH"
    single = make_event()
    assert single.rrule_string() == ""
