"""A person who has every kind of record Convene keeps, built mostly through the services that make them."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from events.models import (
    AttendeeEmail,
    GroupFollow,
    NewEventNotice,
    Payment,
    Question,
    Registration,
    TicketType,
)
from events.services.registration import register
from tests.events.conftest import deliver, fake_stripe  # noqa: F401  (fixtures used by these tests)

NAME = "Zelda Quokkafield"
EMAIL = "zelda.quokkafield@example.org"
OTHER_EMAIL = "zq.quokka.alt@example.net"
# Every one of these must be gone from every table after erasure (case-insensitive).
TRACES = ["quokka", "Zelda Q"]


@dataclass
class World:
    person: object
    organizer: object
    group: object
    waiting: object
    teammate: object
    free_event: object
    paid_event: object
    past_hackathon: object
    free_registration: object
    paid_registration: object
    past_registration: object
    payment: object
    captained_team: object
    lone_team: object
    other_submission: object
    judge: object
    extra: dict = field(default_factory=dict)


@pytest.fixture
def world(
    make_user,
    make_group,
    make_event,
    fake_stripe,  # noqa: F811
    deliver,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount
    from wagtail.models import ModelLogEntry

    from events.feeds.tokens import feed_token
    from events.services.payments import start_checkout
    from teams.models import (
        Comparison,
        Criterion,
        HackathonSettings,
        JoinRequest,
        Judge,
        Membership,
        Score,
        Submission,
        Team,
        Vote,
    )
    from teams.services.common import audit as team_audit
    from teams.services.teams import create_team

    now = timezone.now()
    person = make_user(
        email=EMAIL,
        name=NAME,
        first_name="Zelda",
        last_name="Quokkafield",
        pronouns="she/her",
        bio="I am Zelda Quokkafield, I like maps.",
        skills=["python", "quokka wrangling"],
        website="https://quokkafield.example.org/",
        github="zquokka",
        public_profile=True,
    )
    EmailAddress.objects.create(user=person, email=EMAIL, primary=True, verified=True)
    EmailAddress.objects.create(user=person, email=OTHER_EMAIL, primary=False, verified=False)
    SocialAccount.objects.create(
        user=person, provider="github", uid="4242", extra_data={"login": "zquokka", "name": NAME, "email": EMAIL}
    )
    organizer = make_user(email="olive@example.org", name="Olive Organizer")
    group = make_group(title="Civic Tech Mississauga")
    group.organizers.add(organizer, person)
    group.save()
    GroupFollow.objects.create(user=person, group=group)
    feed_token(person)

    # A full free date: the person holds the only seat, someone waits.
    free_event = make_event(title="Hacknight", capacity=1, group=group)
    question = Question.objects.create(event=free_event, label="Dietary needs", kind="text")
    free_occurrence = free_event.occurrences.get()
    free_registration = register(person, free_occurrence, answers={str(question.pk): "Vegan — Zelda Quokkafield"})
    waiting = make_user(email="walter@example.org", name="Walter Waiting")
    register(waiting, free_occurrence)
    AttendeeEmail.objects.create(
        occurrence=free_occurrence,
        sender=organizer,
        subject="Bring a laptop",
        body="See you there.",
        total=1,
        sent=1,
        finished_at=now,
    )

    # The group's followers were emailed about it.
    NewEventNotice.objects.get_or_create(event=free_event, defaults={"group": group})
    NewEventNotice.objects.filter(event=free_event).update(sent_at=now)

    # A paid ticket, paid through the (fake) Stripe Checkout.
    paid_event = make_event(title="Open Data Day", capacity=10, group=group, cancellation_deadline_hours=24)
    ticket = TicketType.objects.create(event=paid_event, name="Regular", price_cents=2500)
    paid_registration = register(person, paid_event.occurrences.get(), ticket_type=ticket)
    payment = start_checkout(paid_registration, success_url="http://testserver/ok", cancel_url="http://testserver/no")
    deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(payment.stripe_session_id)))
    payment.refresh_from_db()
    assert payment.status == "paid"

    # A past hackathon: checked in, captain of a team with a project, judge of another, voter.
    past = make_event(
        title="Code and the City",
        kind="hackathon",
        group=group,
        start_date=datetime.date.today() - datetime.timedelta(days=3),
    )
    HackathonSettings.objects.create(event=past)
    past_occurrence = past.occurrences.get()
    past_registration = Registration.objects.create(
        user=person,
        occurrence=past_occurrence,
        status="confirmed",
        checked_in_at=past_occurrence.start,
        answers={str(Question.objects.create(event=past, label="T-shirt").pk): "M (Zelda)"},
    )
    teammate = make_user(email="tariq@example.org", name="Tariq Teammate")
    Registration.objects.create(user=teammate, occurrence=past_occurrence, status="confirmed")
    captained = Team.objects.create(event=past, name="Bike Lanes", captain=person)
    Membership.objects.create(team=captained, event=past, user=person)
    Membership.objects.create(team=captained, event=past, user=teammate)
    Submission.objects.create(event=past, team=captained, title="BikeSpace", summary="Bike parking", submitted_at=now)
    rival_captain = make_user(email="rita@example.org", name="Rita Rival")
    rival = Team.objects.create(event=past, name="Transit", captain=rival_captain)
    Membership.objects.create(team=rival, event=past, user=rival_captain)
    other_submission = Submission.objects.create(
        event=past, team=rival, title="Transit Map", summary="Maps", submitted_at=now
    )
    third = Submission.objects.create(
        event=past,
        team=Team.objects.create(event=past, name="Parks", captain=organizer),
        title="Parks",
        summary="Parks",
        submitted_at=now,
    )
    criterion = Criterion.objects.create(event=past, name="Impact")
    judge = Judge.objects.create(event=past, email=EMAIL, user=person, accepted_at=now)
    Score.objects.create(judge=judge, submission=other_submission, criterion=criterion, value=4)
    Comparison.objects.create(event=past, judge=judge, winner=other_submission, loser=third)
    Vote.objects.create(event=past, user=person, submission=other_submission)
    from django.db import transaction

    with transaction.atomic():
        team_audit(past, organizer, "judge.invited", EMAIL)
        team_audit(past, person, "judge.accepted", judge)
        team_audit(past, person, "board.looking", person)

    # A future hackathon: the person alone in a team (dissolved on erasure), a request to another team.
    future_hack = make_event(title="Tech and the City", kind="hackathon", group=group)
    HackathonSettings.objects.create(event=future_hack)
    future_occurrence = future_hack.occurrences.get()
    Registration.objects.create(user=person, occurrence=future_occurrence, status="confirmed")
    Registration.objects.create(user=teammate, occurrence=future_occurrence, status="confirmed")
    lone = create_team(future_hack, person, "Solo Project", "Built by Zelda")
    other = create_team(future_hack, teammate, "Other team")
    JoinRequest.objects.create(team=other, user=person, message="Hi, Zelda Quokkafield here")

    # What site staff did to the account in both admins.
    user_type = ContentType.objects.get_for_model(type(person))
    LogEntry.objects.create(
        user_id=organizer.pk,
        content_type=user_type,
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=f"Changed name of {NAME}",
    )
    ModelLogEntry.objects.create(
        content_type=user_type,
        object_id=str(person.pk),
        label=str(person),
        action="wagtail.edit",
        user=organizer,
        timestamp=now,
        data={},
    )
    return World(
        person=person,
        organizer=organizer,
        group=group,
        waiting=waiting,
        teammate=teammate,
        free_event=free_event,
        paid_event=paid_event,
        past_hackathon=past,
        free_registration=free_registration,
        paid_registration=paid_registration,
        past_registration=past_registration,
        payment=Payment.objects.get(pk=payment.pk),
        captained_team=captained,
        lone_team=lone,
        other_submission=other_submission,
        judge=judge,
        extra={"future_hackathon": future_hack, "other_team": other},
    )
