import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

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


def test_the_printed_organizer_login_works(client):
    """Log in through the login form with exactly what `manage.py load_demo` (run by `make run`) prints."""
    import io
    import re

    from django.core.management import call_command

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    email, password = re.search(r"Organizer login: (\S+) / (\S+)", out.getvalue()).groups()
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get("/organize/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_demo_venues_and_online_events_say_true_things():
    load_demo()
    ottawa = Venue.objects.get(name="Bayview Yards")
    assert 45.3 < float(ottawa.latitude) < 45.5 and -75.8 < float(ottawa.longitude) < -75.6
    online = EventPage.objects.filter(venue__isnull=True).exclude(online_url="")
    assert online.exists()
    for event in online:
        assert "at the door" not in str(event.body)


def test_links_use_the_port_make_run_serves_on_when_no_site_url_is_set():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    code = "from django.conf import settings; print(settings.SITE_URL, settings.WAGTAILADMIN_BASE_URL)"
    for port, expected in (("8101", "http://127.0.0.1:8101"), (None, "http://127.0.0.1:8000")):
        run_env = {**env, "DJANGO_SETTINGS_MODULE": "convene.settings.dev"}
        run_env.pop("PORT", None)
        if port:
            run_env["PORT"] = port
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + code],
            env=run_env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.split() == [expected, expected]


def test_demo_activity_gives_the_cockpit_something_to_show():
    from events.models import Registration
    from social.models import Channel, ListingSettings

    load_demo()
    clinic = EventPage.objects.get(slug="data-visualisation-clinic").occurrences.get()
    statuses = list(clinic.registrations.values_list("status", flat=True))
    assert statuses.count("confirmed") == 6 and statuses.count("waitlisted") == 3  # full, with a waitlist
    meetup = EventPage.objects.get(slug="measuring-local-internet-performance")
    assert meetup.ticket_types.filter(price_cents__gt=0).exists()
    days = set(
        Registration.objects.filter(occurrence__event=meetup).values_list("created_at__date", flat=True).distinct()
    )
    assert len(days) >= 7  # sign-ups spread over the past weeks
    hacknight = EventPage.objects.get(slug="civic-tech-toronto-hacknight")
    past = Registration.objects.filter(occurrence__event=hacknight, occurrence__end__lt=timezone.now())
    assert past.filter(checked_in_at__isnull=False).exists() and past.filter(checked_in_at__isnull=True).exists()
    assert Channel.objects.count() >= 2
    from wagtail.models import Site

    assert ListingSettings.for_site(Site.objects.get(is_default_site=True)).review


def test_demo_content_an_organizer_deleted_is_not_created_again(client):
    load_demo()
    # An event nobody registered for in the demo (one with registrations is not deleted, it is cancelled).
    hacknight = EventPage.objects.get(slug="open-data-day-hackathon")
    venue = Venue.objects.exclude(pk=hacknight.venue_id).first()
    hacknight.delete()
    venue.delete()
    counts = _counts()

    load_demo()  # a restarted `make run`

    assert not EventPage.objects.filter(slug="open-data-day-hackathon").exists()
    assert not Venue.objects.filter(name=venue.name).exists()
    assert _counts() == counts


def test_demo_past_hack_day_has_teams_scored_projects_and_published_results(client):
    """Issue 12: "a past hack day with teams, submissions, scores and published results", shown to anyone."""
    from django.db.models import Count

    from teams.models import HackathonSettings, Judge, Membership, Prize, Score, Submission, Team

    def counts():
        return (
            *_counts(),
            Team.objects.count(),
            Membership.objects.count(),
            Submission.objects.count(),
            Judge.objects.count(),
            Score.objects.count(),
            Prize.objects.count(),
        )

    load_demo()
    first = counts()
    load_demo()
    assert counts() == first

    event = EventPage.objects.get(slug="code-and-the-city-hack-day")
    assert event.start < timezone.now()
    teams = Team.objects.filter(event=event)
    assert teams.count() >= 4
    for team in teams:
        assert team.submission.is_submitted
    projects = Submission.objects.filter(event=event).annotate(judges=Count("scores__judge", distinct=True))
    assert projects.count() == teams.count()
    assert all(p.judges >= 2 for p in projects)
    hack = HackathonSettings.objects.get(event=event)
    assert hack.results_published and hack.gallery_visible()
    best = Prize.objects.get(event=event, place=1, track__isnull=True)
    assert best.winner is not None

    response = client.get(f"/hack/{event.pk}/results/")
    assert response.status_code == 200
    assert best.winner.title in response.content.decode()
    gallery = client.get(f"/hack/{event.pk}/gallery/").content.decode()
    assert all(p.title in gallery for p in projects)
