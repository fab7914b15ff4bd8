"""The organizer's results page (intervals, judges' views, diagnostics chart), publishing, the public
results page (podiums of project cards) and the judge's score page on a phone."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from events.models import EventPage, Registration
from teams.models import Criterion, HackathonSettings, Judge, JudgeAssignment, Prize, Track, Vote

from .conftest import screenshot, serious_axe_violations
from .test_hackathon_journey import log_in, session_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def judged():
    """The demo hack day with six submitted projects, four judges who scored them, prizes and votes."""
    from django.contrib.auth import get_user_model

    from cms.demo import ORGANIZER_EMAIL, load_demo
    from teams.services import assignment, scoring, submissions, teams

    load_demo()
    User = get_user_model()
    event = EventPage.objects.get(slug="tech-and-the-city-hack-day")
    HackathonSettings.objects.get_or_create(event=event)
    HackathonSettings.objects.filter(event=event).update(peoples_choice=True)
    organizer = User.objects.get(email=ORGANIZER_EMAIL)
    mobility = Track.objects.create(event=event, name="Mobility")
    impact = Criterion.objects.create(event=event, name="Impact", weight=2, order=1)
    craft = Criterion.objects.create(event=event, name="Execution", weight=1, order=2)
    names = [
        ("BikeSpace", "BikeSpace", True),
        ("Team Transit", "Bus Buddy", True),
        ("Open Parks", "Park Finder", False),
        ("Tree Huggers", "Tree Map", False),
        ("Civic Coders", "Council Notes", False),
        ("Data Friends", "Pothole Radar", True),
    ]
    subs = []
    people = []
    for i, (team_name, title, in_mobility) in enumerate(names):
        user = User.objects.create_user(email=f"p{i}@example.org", password="x", name=f"Person {i}")
        Registration.objects.create(
            user=user, occurrence=event.occurrences.first(), status="confirmed", checked_in_at=timezone.now()
        )
        people.append(user)
        team = teams.create_team(event, user, team_name)
        data = {
            "title": title,
            "summary": f"{title}: a civic tool for Mississauga",
            "tracks": [mobility.pk] if in_mobility else [],
            "video_url": "https://video.example.org/demo",
        }
        sub = submissions.save_submission(team, user, data, submit=True)
        if i < 2:
            buffer = io.BytesIO()
            Image.new("RGB", (320, 180), ((40, 120, 110), (180, 70, 30))[i]).save(buffer, format="PNG")
            submissions.set_image(sub, user, SimpleUploadedFile("shot.png", buffer.getvalue()))
        subs.append(sub)
    judges = []
    for i, name in enumerate(["Jude Judge", "Harsh Harriet", "Lenient Leo", "Random Rita"]):
        user = User.objects.create_user(email=f"judge{i}@example.org", password="x", name=name)
        judges.append(Judge.objects.create(event=event, email=user.email, user=user, accepted_at=timezone.now()))
    assignment.run_assignment(event, organizer, k=3)
    quality = {s.pk: q for s, q in zip(subs, [4.6, 4.4, 3.4, 2.8, 2.2, 1.6], strict=True)}
    offsets = [0.0, -1.0, 0.8, 0.0]
    for a in JudgeAssignment.objects.filter(judge__event=event).select_related("judge", "submission"):
        j = judges.index(a.judge)
        base = quality[a.submission_id] + offsets[j] if j < 3 else 5 - quality[a.submission_id] + 1
        value = max(1, min(5, round(base)))
        scoring.save_scores(
            a.judge, a.judge.user, a.submission, {impact.pk: value, craft.pk: max(1, value - 1)}, feedback="Nice work"
        )
    Prize.objects.create(event=event, name="Grand prize", place=1)
    Prize.objects.create(event=event, name="Runner-up", place=2)
    Prize.objects.create(event=event, name="Best mobility project", place=1, track=mobility)
    Prize.objects.create(event=event, name="People's Choice", place=1, peoples_choice=True)
    for voter, sub in zip(people, [subs[2], subs[3], subs[2], subs[3], subs[0], subs[1]], strict=True):
        Vote.objects.create(event=event, user=voter, submission=sub)
    sessions = {"organizer": session_for(organizer), "judge": session_for(judges[0].user)}
    return event.pk, sessions, subs[0].pk


def test_organizer_diagnostics_publish_and_public_podiums(judged, live_server, browser):
    event_id, sessions, first_pk = judged
    base = f"{live_server.url}/hack/{event_id}/"

    org = log_in(browser, live_server, sessions["organizer"])
    org.goto(base + "results/")
    assert org.get_by_role("heading", name="Judges", exact=True).is_visible()
    chart = org.locator("figure.judge-chart svg")
    assert chart.get_attribute("role") == "img" and chart.locator("circle").count() == 4
    assert org.locator("table").first.locator("th", has_text="95% interval").count() == 1
    org.locator("details.judge-views summary").first.click()
    assert "leniency" in org.locator("details.judge-views").first.inner_text()
    assert serious_axe_violations(org) == []
    screenshot(org, "judging-results-organizer")

    # Publishing waits for judging and voting to close; the organizer closes them here.
    org.get_by_role("button", name="Publish winners").click()
    assert "still open" in org.locator(".messages").inner_text()
    org.get_by_role("button", name="Close judging and voting now").click()
    org.get_by_role("button", name="Publish winners").click()
    assert "Results published" in org.locator(".messages").inner_text()

    phone_org = log_in(browser, live_server, sessions["organizer"], phone=True)
    phone_org.goto(base + "results/")
    assert phone_org.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_axe_violations(phone_org) == []
    screenshot(phone_org, "judging-results-organizer-phone")

    # Anyone: podiums of project cards per prize and track, People's Choice tie, full ranking.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = context.new_page()
    visitor.goto(base + "results/")
    headings = visitor.locator(".hack").get_by_role("heading", level=2).all_inner_texts()
    assert headings[0] == "Overall" and "Track: Mobility" in headings and "People's Choice" in headings
    assert headings[-1] == "Full ranking"
    cards = visitor.locator(".project-card")
    assert cards.count() >= 5
    assert visitor.locator(".project-card img").count() >= 1
    assert visitor.locator(".podium-section").last.get_by_text("Tie").count() == 1
    # "BikeSpace" is both the project and the team: named once on its card.
    bikespace = visitor.locator(".project-card", has_text="BikeSpace").first
    assert bikespace.inner_text().count("BikeSpace") == 1
    assert serious_axe_violations(visitor) == []
    screenshot(visitor, "judging-results-public")
    visitor.locator(".project-card__title a").first.click()
    assert visitor.get_by_role("heading", level=1).is_visible()
    context.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    phone.goto(base + "results/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_axe_violations(phone) == []
    screenshot(phone, "judging-results-public-phone")
    phone.goto(base + "gallery/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_score_inputs_are_large_tap_targets_on_a_phone(judged, live_server, browser):
    event_id, sessions, _first = judged
    judge = log_in(browser, live_server, sessions["judge"], phone=True)
    judge.goto(f"{live_server.url}/hack/{event_id}/judge/")
    judge.locator(".member-list a").first.click()
    option = judge.get_by_role("group", name="Impact").locator(".scale__option").first
    box = option.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    option.click()  # tapping the number selects it
    assert judge.get_by_role("group", name="Impact").get_by_label("1").is_checked()
    assert judge.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_axe_violations(judge) == []
    screenshot(judge, "judging-score-phone")
