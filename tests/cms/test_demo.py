import pytest
from django.contrib.auth import get_user_model

from cms.demo import ORGANIZER_EMAIL, load_demo
from events.models import EventPage, GroupPage, Occurrence, Venue

pytestmark = pytest.mark.django_db


def _counts():
    return (
        EventPage.objects.count(),
        GroupPage.objects.count(),
        Venue.objects.count(),
        Occurrence.objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_content_loads_once_and_twice_changes_nothing(client):
    load_demo()
    first = _counts()
    assert first[0] >= 10 and first[1] >= 6
    load_demo()
    assert _counts() == first

    titles = set(EventPage.objects.values_list("title", flat=True))
    assert {"Tech and the City hack day", "Civic Tech Toronto weekly hacknight", "Open Data Day hackathon"} <= titles
    hacknight = EventPage.objects.get(slug="civic-tech-toronto-hacknight")
    assert hacknight.repeat == "weekly" and hacknight.start_date.weekday() == 1
    assert hacknight.occurrences.filter(status="cancelled").exists()
    assert client.get("/").status_code == 200
    assert "Tech and the City hack day" in client.get("/events/?kind=hackathon").content.decode()


def test_demo_organizer_can_log_in_to_the_admin(client):
    load_demo()
    organizer = get_user_model().objects.get(email=ORGANIZER_EMAIL)
    assert not organizer.is_superuser
    client.force_login(organizer)
    assert client.get("/admin/").status_code == 200


def test_demo_content_an_organizer_deleted_is_not_created_again(client):
    load_demo()
    hacknight = EventPage.objects.get(slug="civic-tech-toronto-hacknight")
    venue = Venue.objects.exclude(pk=hacknight.venue_id).first()
    hacknight.delete()
    venue.delete()
    counts = _counts()

    load_demo()  # a restarted `make run`

    assert not EventPage.objects.filter(slug="civic-tech-toronto-hacknight").exists()
    assert not Venue.objects.filter(name=venue.name).exists()
    assert _counts() == counts
