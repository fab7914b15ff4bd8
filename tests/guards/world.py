"""A site with something behind every URL: the demo content, plus a hackathon in full swing.

Used by the hostile walks: their requests need real objects to reach the code behind each page.
"""

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.demo import ORGANIZER_EMAIL, load_demo
from events.feeds.tokens import feed_token
from events.models import AttendeeEmail, EventPage, GroupPage, Payment, Registration, TicketType, Venue
from teams.models import Criterion, HackathonSettings, JudgeAssignment, Prize, Track
from teams.services import submissions as submission_service
from teams.services import teams as team_service
from teams.services.judges import accept_invitation, invite_judge


@dataclass
class World:
    users: dict
    values: dict = field(default_factory=dict)  # path parameter name -> candidate values, best first
    pages: list = field(default_factory=list)  # site paths of live pages ("events/...")


def build_world():
    load_demo()
    User = get_user_model()
    organizer = User.objects.get(email=ORGANIZER_EMAIL)
    # An upcoming hack day: the demo's past one is already judged and closed to new teams.
    hack = (
        EventPage.objects.filter(kind="hackathon", group__organizers=organizer, start__gt=timezone.now())
        .order_by("start")
        .first()
    )
    HackathonSettings.objects.get_or_create(event=hack, defaults={"peoples_choice": True})
    occurrence = hack.occurrences.order_by("start").first()

    def participant(email, name):
        user = User.objects.create_user(email=email, password="walk the site 2026", name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)  # as signing up leaves it
        Registration.objects.create(user=user, occurrence=occurrence, status="confirmed", checked_in_at=timezone.now())
        return user

    person = participant("participant@example.org", "Pat Participant")
    other = participant("other@example.org", "Oren Other")
    track = Track.objects.create(event=hack, name="Transit")
    Prize.objects.create(event=hack, name="Best transit idea", track=track, place=1)
    Criterion.objects.create(event=hack, name="Impact", weight=1)
    team = team_service.create_team(hack, person, "Bike lanes", "Safer routes", ["python"])
    request = team_service.request_to_join(team, other, "I map bike lanes")
    submission = submission_service.save_submission(
        team, person, {"title": "Safe routes", "summary": "A map of safe bike routes", "tracks": [str(track.pk)]}
    )
    judge = invite_judge(hack, organizer, person.email)
    accept_invitation(hack, judge.token, person)
    JudgeAssignment.objects.create(judge=judge, submission=submission)

    paid_event = EventPage.objects.exclude(pk=hack.pk).filter(group__organizers=organizer).order_by("start").first()
    ticket = TicketType.objects.create(event=paid_event, name="Supporter", price_cents=1500)
    paid = Registration.objects.create(
        user=person,
        occurrence=paid_event.occurrences.order_by("start").first(),
        ticket_type=ticket,
        status="pending_payment",
        hold_expires_at=timezone.now() + datetime.timedelta(minutes=20),
    )
    Payment.objects.create(registration=paid, amount_cents=1500, currency="CAD")
    message = AttendeeEmail.objects.create(
        occurrence=occurrence, sender=organizer, subject="Welcome", body="Hi", total=2
    )
    group = hack.group
    world = World(users={"anonymous": None, "participant": person, "organizer": organizer})
    ids = [hack.pk, occurrence.pk, paid.pk, team.pk, submission.pk, request.pk, message.pk, judge.pk, track.pk]
    world.values = {
        "event_id": [hack.pk],
        "occurrence_id": [occurrence.pk],
        "team_id": [team.pk],
        "request_id": [request.pk],
        "submission_id": [submission.pk],
        "pk": [paid.pk, hack.pk, occurrence.pk, message.pk, Venue.objects.first().pk, group.pk],
        "page_id": [hack.pk, group.pk],
        "parent_page_id": [hack.get_parent().pk],
        "token": [judge.token, feed_token(person)],
        "code": [team.invite_code],
        "slug": [group.slug],
        "kind": ["hackathon"],
        "action": ["request", "edit", "track"],
        "answer": ["accept"],
        "app_label": ["events", "teams", "social", "wagtailcore"],
        "model_name": ["eventpage", "venue", "occurrence", "post", "channel", "grouppage"],
        "int": sorted(set(ids)),
        "str": [group.slug, "events", "1"],
    }
    world.pages = [
        p.url_path.split("/", 2)[-1] for p in (hack, GroupPage.objects.live().first(), hack.get_parent())
    ] + [""]
    return world
