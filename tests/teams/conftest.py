import pytest
from django.utils import timezone

from events.models import EventPage, Registration
from teams.models import HackathonSettings, Judge


@pytest.fixture
def hackathon(make_event, make_group, make_user):
    organizer = make_user(email="organizer@example.org", name="Olive Organizer")
    group = make_group(title="Civic Tech Mississauga")
    group.organizers.add(organizer)
    group.save()
    event = make_event(title="Code and the City", kind="hackathon", group=group)
    event = EventPage.objects.get(pk=event.pk)
    event.organizer = organizer
    HackathonSettings.objects.create(event=event)
    return event


@pytest.fixture
def make_participant(make_user):
    """A user with a confirmed registration for the event (checked in unless told otherwise)."""

    def build(event, checked_in=True, **fields):
        user = make_user(**fields)
        Registration.objects.create(
            user=user,
            occurrence=event.occurrences.first(),
            status="confirmed",
            checked_in_at=timezone.now() if checked_in else None,
        )
        return user

    return build


@pytest.fixture
def make_judge(make_user):
    def build(event, user=None, tracks=()):
        user = user or make_user()
        judge = Judge.objects.create(event=event, email=user.email, user=user, accepted_at=timezone.now())
        judge.tracks.set(tracks)
        return judge

    return build


def hackathon_settings(event, **values):
    HackathonSettings.objects.filter(event=event).update(**values)
    return HackathonSettings.objects.get(event=event)
