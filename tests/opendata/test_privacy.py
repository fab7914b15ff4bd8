"""Only what is public is published: the API and the bulk files alike."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

ALL_PUBLIC_URLS = [
    "/api/v1/events?page_size=100",
    "/api/v1/events?when=past&page_size=100",
    "/api/v1/events?from=2000-01-01&to=2199-12-31&page_size=100",
    "/api/v1/groups?page_size=100",
    "/api/v1/venues?page_size=100",
    "/api/v1/tags?page_size=100",
    "/open-data/events.csv",
    "/open-data/events.json",
]


@pytest.fixture
def hidden(catalogue, make_event, make_venue, make_user):
    """Events that must never be published, each with a marker in its title, venue and tag."""
    made = {}

    def secret(label, **fields):
        venue = make_venue(name=f"Secret venue {label}", city=f"Secretcity {label}")
        made[label] = make_event(f"Secret event {label}", venue=venue, tags=[f"secret tag {label}"], **fields)
        return made[label]

    secret("draft", publish=False, live=False)
    unpublished = secret("unpublished")
    unpublished.unpublish()
    PageViewRestriction.objects.create(page=secret("password"), restriction_type="password", password="letmein")
    PageViewRestriction.objects.create(page=secret("login"), restriction_type="login")
    secret("deleted").delete()

    organizer = make_user(email="organizer.private@example.org", name="Private Organizer Person")
    catalogue["toronto"].organizers.add(organizer)
    catalogue["toronto"].save()
    return made


def test_hidden_events_their_venues_and_tags_appear_nowhere(client, hidden):
    for url in ALL_PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        assert "Secret" not in body and "secret" not in body, url


def test_hidden_dates_are_404_one_by_one(client, hidden):
    from events.models import Occurrence

    dates = Occurrence.objects.filter(event__title__startswith="Secret event")
    # Every hidden event but the deleted one still has its dates in the database.
    assert dates.values("event").distinct().count() == 4
    for occurrence in dates:
        assert client.get(f"/api/v1/events/{occurrence.pk}").status_code == 404


def test_no_online_links_and_no_personal_data(client, hidden, catalogue):
    # The hacknight has an online meeting link: people see it once registered, the open data never.
    assert catalogue["hacknight"].online_url
    for url in ALL_PUBLIC_URLS:
        body = client.get(url).content.decode("utf-8-sig")
        assert "meet.example.org" not in body, url
        assert "secret-hacknight-room" not in body, url
        assert "organizer.private@example.org" not in body, url
        assert "Private Organizer Person" not in body, url
    item = client.get("/api/v1/events?group=civic-tech-toronto").json()["items"][0]
    assert item["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
