"""Erasing an account: nothing that names the person is left anywhere, and everything else still adds up."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone

from events.models import AuditLog, Payment, Registration
from events.services.registration import register
from events.services.seats import counts
from privacy.models import ErasedAccount
from privacy.services.erasure import ErasureError, erase_account
from teams.models import AuditEntry, Comparison, JoinRequest, Judge, Membership, Score, Submission, Team, Vote

from .conftest import EMAIL, NAME, TRACES
from .scan import column_count, find_traces

pytestmark = pytest.mark.django_db


def test_the_world_really_holds_the_person_everywhere_before_erasure(world):
    """The scan below would find them: it is not vacuous."""
    tables = {table for table, *_ in find_traces(TRACES)}
    assert column_count() > 100
    for table in [
        "accounts_user",
        "account_emailaddress",
        "socialaccount_socialaccount",
        "events_registration",
        "teams_judge",
        "teams_auditentry",
        "teams_joinrequest",
        "django_admin_log",
        "wagtailcore_modellogentry",
    ]:
        assert table in tables, table


def test_erasure_leaves_no_personal_data_while_seats_money_and_audit_still_add_up(
    world, fake_stripe, django_capture_on_commit_callbacks
):
    person = world.person
    money_before = Payment.objects.aggregate(total=Sum("amount_cents"), n=Sum(1))
    audit_before = set(AuditLog.objects.values_list("pk", flat=True))
    team_audit_before = set(AuditEntry.objects.values_list("pk", flat=True))
    votes_before = Vote.objects.filter(submission=world.other_submission).count()
    scores_before = Score.objects.filter(submission=world.other_submission).aggregate(s=Sum("value"))["s"]
    past_counts_before = counts(world.past_registration.occurrence, timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        erasure = erase_account(person, actor=person)

    # Nothing names the person in any text, char or JSON column of any table.
    assert find_traces(TRACES) == []

    # The account row stays only as an inactive pseudonym; its email address is free again.
    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password()
    assert person.email.endswith("@erased.invalid") and person.name == ""
    assert ErasedAccount.objects.filter(user=person, by_staff=False).exists()
    newcomer = get_user_model().objects.create_user(email=EMAIL, password="another long passphrase")
    assert newcomer.pk != person.pk

    # Seats: the future free seat went to the person waiting, through the waitlist's promotion.
    world.free_registration.refresh_from_db()
    assert world.free_registration.status == "cancelled"
    assert Registration.objects.get(user=world.waiting).status == "confirmed"
    assert counts(world.free_registration.occurrence, timezone.now())["confirmed"] == 1

    # Money: the paid ticket (before the event's cancellation deadline) was refunded through Stripe,
    # and every payment is still there with its amount.
    payment = Payment.objects.get(pk=world.payment.pk)
    assert payment.status == "refunded"
    assert len(fake_stripe.calls("POST", "/v1/refunds")) == 1
    money_after = Payment.objects.aggregate(total=Sum("amount_cents"), n=Sum(1))
    assert money_after == money_before
    assert erasure.summary["refunded"] == 1

    # Audit trails: every earlier row kept, the erasure's own changes appended.
    assert audit_before < set(AuditLog.objects.values_list("pk", flat=True))
    assert team_audit_before <= set(AuditEntry.objects.values_list("pk", flat=True))
    actions = list(AuditLog.objects.filter(registration=world.free_registration).values_list("action", flat=True))
    assert "registration.cancelled" in actions

    # Past attendance stays as counts; the answers are gone.
    world.past_registration.refresh_from_db()
    assert world.past_registration.answers == {}
    assert counts(world.past_registration.occurrence, timezone.now()) == past_counts_before

    # Teams: captaincy passed on, the project stays with its team; the lone team is dissolved.
    team = Team.objects.get(pk=world.captained_team.pk)
    assert team.captain == world.teammate
    assert list(Membership.objects.filter(team=team).values_list("user", flat=True)) == [world.teammate.pk]
    assert Submission.objects.get(team=team).title == "BikeSpace"
    assert not Team.objects.filter(pk=world.lone_team.pk).exists()
    assert not JoinRequest.objects.filter(user=person).exists()

    # Judging and voting: the scores, comparison and vote still count, under an anonymous judge.
    judge = Judge.objects.get(pk=world.judge.pk)
    assert judge.email == person.email and "quokka" not in str(judge).casefold()
    assert Score.objects.filter(submission=world.other_submission).aggregate(s=Sum("value"))["s"] == scores_before
    assert Comparison.objects.filter(judge=judge).count() == 1
    assert Vote.objects.filter(submission=world.other_submission).count() == votes_before


def test_nobody_is_emailed_at_the_erased_address(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        erase_account(world.person, actor=world.person)
    recipients = {address for message in mailoutbox for address in message.to}
    assert not any(address.endswith("@erased.invalid") or address == EMAIL for address in recipients)
    assert "walter@example.org" in recipients  # the promotion email


def test_a_paid_ticket_past_the_cancellation_deadline_is_not_refunded(
    make_user, make_event, fake_stripe, deliver, django_capture_on_commit_callbacks
):
    from events.models import TicketType
    from events.services.payments import start_checkout

    person = make_user(name=NAME)
    event = make_event(capacity=5, cancellation_deadline_hours=24 * 30)  # deadline already passed
    ticket = TicketType.objects.create(event=event, name="Regular", price_cents=1000)
    registration = register(person, event.occurrences.get(), ticket_type=ticket)
    payment = start_checkout(registration, success_url="http://testserver/a", cancel_url="http://testserver/b")
    deliver(fake_stripe.event("checkout.session.completed", fake_stripe.pay(payment.stripe_session_id)))
    with django_capture_on_commit_callbacks(execute=True):
        erasure = erase_account(person, actor=person)
    payment.refresh_from_db()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert payment.status == "paid"
    assert erasure.summary["kept_paid"] == 1 and erasure.summary["refunded"] == 0
    assert not fake_stripe.calls("POST", "/v1/refunds")
    assert AuditLog.objects.filter(payment=payment, action="payment.kept_per_policy").exists()


def test_an_account_is_erased_once_and_the_last_administrator_is_kept(make_user):
    person = make_user(name=NAME)
    erase_account(person, actor=person)
    with pytest.raises(ErasureError):
        erase_account(person, actor=person)
    admin = get_user_model().objects.create_superuser(email="root@example.org", password="x" * 20)
    with pytest.raises(ErasureError):
        erase_account(admin, actor=admin)
    assert get_user_model().objects.get(pk=admin.pk).is_superuser


def test_a_lone_member_of_a_team_with_a_project_leaves_it_with_the_team(make_user, make_event):
    from teams.models import HackathonSettings

    person = make_user(name=NAME, email=EMAIL)
    event = make_event(kind="hackathon")
    HackathonSettings.objects.create(event=event)
    team = Team.objects.create(event=event, name="Lone Wolves", captain=person)
    Membership.objects.create(team=team, event=event, user=person)
    now = timezone.now()
    Submission.objects.create(event=event, team=team, title="Bus Stops", summary="Shelters", submitted_at=now)
    erase_account(person, actor=person)
    team.refresh_from_db()
    assert team.captain_id == person.pk  # the pseudonym: the project keeps a team
    assert Submission.objects.get(team=team).title == "Bus Stops"
    assert find_traces(TRACES) == []
