"""Two participants form a team and submit, a judge scores, an organizer publishes the winners."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from events.models import EventPage, Registration
from teams.models import HackathonSettings

from .conftest import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def session_for(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def log_in(browser, live_server, session, phone=False):
    """A browser context carrying a session for the user (the login page itself is allauth's, tested there)."""
    if phone:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def django_settings_site_url():
    return settings.SITE_URL.rstrip("/")


def no_serious_violations(page):
    assert serious_axe_violations(page) == []


@pytest.fixture
def hack():
    """The demo's 'Tech and the City hack day', two confirmed and checked-in participants, a judge-to-be.

    Built without the db-based builders, like the other browser tests: the marker gives database access.
    """
    from django.contrib.auth import get_user_model

    from cms.demo import ORGANIZER_EMAIL, load_demo

    load_demo()
    User = get_user_model()
    event = EventPage.objects.get(slug="tech-and-the-city-hack-day")
    HackathonSettings.objects.get_or_create(event=event)
    people = {"organizer": User.objects.get(email=ORGANIZER_EMAIL)}
    for key, name, skills in [("alice", "Alice Arora", ["python"]), ("bob", "Bob Brown", ["design"])]:
        user = User.objects.create_user(email=f"{key}@example.org", password="x", name=name, skills=skills)
        Registration.objects.create(
            user=user, occurrence=event.occurrences.first(), status="confirmed", checked_in_at=timezone.now()
        )
        people[key] = user
    people["judge"] = User.objects.create_user(email="jude@example.org", password="x", name="Jude Judge")
    sessions = {key: session_for(user) for key, user in people.items()}
    return event.pk, event.url, sessions


def test_team_submit_judge_publish(hack, live_server, browser, mailoutbox):
    event_id, event_url, sessions = hack
    base = f"{live_server.url}/hack/{event_id}/"

    # Alice starts a team.
    alice = log_in(browser, live_server, sessions["alice"])
    alice.goto(base)
    assert alice.get_by_role("heading", level=1).inner_text() == "Teams"
    no_serious_violations(alice)
    alice.get_by_label("Team name").fill("Bike Lanes")
    alice.get_by_label("Skills wanted").fill("design, react")
    alice.get_by_role("button", name="Create team").click()
    alice.wait_for_url("**/teams/*/")
    assert alice.get_by_role("heading", level=1).inner_text() == "Bike Lanes"
    invite = alice.get_by_label("Invite link").input_value()
    no_serious_violations(alice)

    # Bob follows the invite link on his phone and joins.
    bob = log_in(browser, live_server, sessions["bob"], phone=True)
    bob.goto(invite)
    no_serious_violations(bob)
    bob.get_by_role("button", name="Join this team").click()
    bob.wait_for_url("**/teams/*/")
    assert "Welcome to the team" in bob.locator(".messages").inner_text()
    assert "Bob Brown" in bob.locator(".member-list").inner_text()
    assert bob.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(bob, "hack-team-phone")

    # The organizer sets up the rubric, a prize and a judge.
    org = log_in(browser, live_server, sessions["organizer"])
    org.goto(base + "organize/")
    no_serious_violations(org)
    org.get_by_label("Criterion").fill("Impact")
    org.get_by_label("What judges look for").fill("Does it help people in Mississauga?")
    org.get_by_role("button", name="Add criterion").click()
    org.wait_for_load_state()
    org.get_by_label("Prize name").fill("Grand prize")
    org.get_by_role("button", name="Add prize").click()
    org.wait_for_load_state()
    org.get_by_label("Invite a judge by email").fill("jude@example.org")
    org.get_by_role("button", name="Send invitation").click()
    assert "Invitation sent" in org.locator(".messages").inner_text()

    # Alice submits the project.
    alice.get_by_role("link", name="Our project").click()
    alice.get_by_label("Project title").fill("BikeSpace")
    alice.get_by_label("One-line summary").fill("Report missing bike parking")
    alice.get_by_label("Repository URL").fill("javascript:alert(1)")
    alice.get_by_role("button", name="Submit project").click()
    assert "http://" in alice.locator(".messages").inner_text()
    alice.get_by_label("Repository URL").fill("https://github.com/example/bikespace")
    alice.get_by_role("button", name="Submit project").click()
    alice.wait_for_url("**/project/")
    assert alice.locator(".badge--submitted").first.inner_text() == "Submitted"
    no_serious_violations(alice)
    screenshot(alice, "hack-project")

    # The judge accepts the invitation, the organizer assigns, the judge scores.
    judge = log_in(browser, live_server, sessions["judge"])
    (invitation,) = [m for m in mailoutbox if "jude@example.org" in m.to]
    link = re.search(r"http\S+/judge/accept/\S+/", invitation.body).group(0)
    judge.goto(link.replace(django_settings_site_url(), live_server.url))
    judge.get_by_role("button", name="Accept and start judging").click()
    judge.wait_for_url("**/judge/")
    org.goto(base + "organize/")
    org.get_by_role("button", name="Assign projects").click()
    assert "Assignment done: 1 new" in org.locator(".messages").inner_text()
    judge.reload()
    no_serious_violations(judge)
    judge.get_by_role("link", name="BikeSpace").click()
    no_serious_violations(judge)
    judge.get_by_role("group", name="Impact").get_by_label("4").check()
    judge.get_by_role("button", name="Save scores").click()
    judge.wait_for_url("**/judge/")
    assert "Scored" in judge.locator(".member-list").inner_text()

    # Before publication only the organizer sees the ranking.
    assert alice.goto(base + "results/").status == 404
    org.goto(base + "results/")
    no_serious_violations(org)
    assert "BikeSpace" in org.locator("table").first.inner_text()
    screenshot(org, "hack-results-organizer")
    # Judging is still open: publishing is refused until the organizer closes it.
    org.get_by_role("button", name="Publish winners").click()
    assert "Judging is still open" in org.locator(".messages").inner_text()
    org.get_by_role("button", name="Close judging and voting now").click()
    org.get_by_role("button", name="Publish winners").click()
    assert "Results published" in org.locator(".messages").inner_text()

    # The event page announces the winner.
    alice.goto(live_server.url + event_url)
    aside = alice.locator("aside").inner_text()
    assert "Grand prize" in aside and "BikeSpace" in aside
    no_serious_violations(alice)
    screenshot(alice, "hack-event-winners")


@pytest.mark.parametrize("who,path", [("organizer", "organize/"), ("alice", ""), ("alice", "board/")])
def test_hackathon_pages_work_on_a_phone(hack, live_server, browser, who, path):
    event_id, _event_url, sessions = hack
    phone = log_in(browser, live_server, sessions[who], phone=True)
    phone.goto(f"{live_server.url}/hack/{event_id}/{path}")
    no_serious_violations(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, f"hack-{who}-{path.strip('/') or 'hub'}-phone")
