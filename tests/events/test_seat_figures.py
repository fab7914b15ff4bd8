"""Every seat figure the site shows equals what the registration rows say, whatever raced to change them;
and a person who presses "Register" twice gets one registration and a normal page."""

import contextlib
import datetime
import re
import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.exceptions import RegistrationError
from events.models import Registration
from events.services.cancellation import cancel_registration
from events.services.capacity import change_capacity
from events.services.registration import register
from events.services.seats import counts, seat_holding
from events.services.waitlist import expire_holds

from .test_concurrency import on_own_connections, on_postgres, race

pytestmark = pytest.mark.django_db


def test_pressing_register_twice_gives_one_registration_and_a_normal_page(client, make_user, seated_event):
    event = seated_event(capacity=5)
    occurrence = event.occurrences.get()
    client.force_login(make_user())
    url = reverse("events:register", args=[occurrence.pk])
    first = client.post(url)
    second = client.post(url)
    assert (first.status_code, first["Location"]) == (302, "/me/")
    assert (second.status_code, second["Location"]) == (302, "/me/")
    assert Registration.objects.filter(occurrence=occurrence).count() == 1
    page = client.get("/me/")
    assert page.status_code == 200
    assert "already" not in page.content.decode().lower()


def test_a_walk_in_for_someone_already_registered_is_refused(seated_event, make_user, organizer):
    user, group = organizer
    occurrence = seated_event(capacity=5, group=group).occurrences.get()
    person = make_user()
    register(person, occurrence)
    with pytest.raises(RegistrationError, match="already registered"):
        register(person, occurrence, walk_in=True, actor=user)
    assert Registration.objects.filter(occurrence=occurrence).count() == 1


def _double_click(occurrence, person, clicks):
    answers = []
    errors = race([lambda: answers.append(register(person, occurrence).pk) for _ in range(clicks)])
    assert errors == []
    assert len(set(answers)) == 1 and len(answers) == clicks
    assert Registration.objects.filter(occurrence=occurrence, user=person).count() == 1


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_clicks_of_one_person_give_one_registration_on_postgres(seated_event, make_user):
    occurrence = seated_event(capacity=3).occurrences.get()
    _double_click(occurrence, make_user(), clicks=6)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_clicks_of_one_person_give_one_registration_on_the_embedded_database(seated_event, make_user):
    occurrence = seated_event(capacity=3).occurrences.get()
    person = make_user()
    on_own_connections(lambda: _double_click(occurrence, person, clicks=4))


def test_the_waitlist_is_ordered_by_the_moment_of_the_seat_decision(seated_event, make_user):
    """A request that arrived first but reached the seat decision later queues behind the other."""
    occurrence = seated_event(capacity=1).occurrences.get()
    register(make_user(), occurrence)
    early, late = make_user(), make_user()
    decided_first = register(late, occurrence, now=timezone.now())
    decided_second = register(early, occurrence, now=timezone.now() + datetime.timedelta(seconds=1))
    assert decided_first.waitlisted_at < decided_second.waitlisted_at
    # Without `now` the service stamps the decision itself, after taking the lock.
    before = timezone.now()
    third = register(make_user(), occurrence)
    assert third.waitlisted_at >= before


def _figures_shown(client, occurrence, organizer):
    """The numbers a visitor and an organizer see for the date, read off the pages."""
    page = client.get(occurrence.event.url).content.decode()
    seats_text = re.search(r'data-testid="seats">(.*?)</p>', page, re.S).group(1)
    client.force_login(organizer)
    attendees = client.get(reverse("events:organize_attendees", args=[occurrence.pk])).content.decode()
    client.logout()
    shown = {m[0]: m[1] for m in re.findall(r'data-count="(\w+)">([^<]*)<', attendees)}
    return " ".join(seats_text.split()), shown


def _assert_figures_match_rows(occurrence, organizer):
    now = timezone.now()
    occurrence.refresh_from_db()
    rows = Registration.objects.filter(occurrence=occurrence)
    confirmed = rows.filter(status="confirmed").count()
    pending = rows.filter(seat_holding(now), status="pending_payment").count()
    waitlisted = rows.filter(status="waitlisted").count()
    limit = occurrence.seat_limit
    assert confirmed + pending <= limit
    figures = counts(occurrence, now)
    assert (figures["confirmed"], figures["pending_payment"], figures["waitlisted"]) == (confirmed, pending, waitlisted)
    assert figures["seats_left"] == limit - confirmed - pending
    # Nobody waits while a seat is free (no ticket here has a quantity of its own).
    assert figures["seats_left"] == 0 or waitlisted == 0

    seats_text, shown = _figures_shown(Client(), occurrence, organizer)
    assert shown["confirmed"] == str(confirmed)
    assert shown["pending_payment"] == str(pending)
    assert shown["waitlisted"] == str(waitlisted)
    assert shown["seats_left"] == f"{limit - confirmed - pending} / {limit}"
    if limit - confirmed - pending:
        assert f"{limit - confirmed - pending} seat" in seats_text
    else:
        assert "Full" in seats_text
        assert (f"{waitlisted} " in seats_text) if waitlisted else ("join the waitlist" in seats_text)


def _everything_at_once(occurrence, make_user, organizer, free, paid, watch):
    """Registrations (free and paid), cancellations, hold expiries and capacity changes race each other."""
    # 8 seats: 5 confirmed, 3 paid holds of which 2 ran out a minute ago; 4 people wait.
    confirmed = [register(make_user(), occurrence, ticket_type=free) for _ in range(5)]
    holds = [register(make_user(), occurrence, ticket_type=paid) for _ in range(3)]
    assert {r.status for r in holds} == {"pending_payment"}
    Registration.objects.filter(pk__in=[h.pk for h in holds[:2]]).update(
        hold_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    waiting = [register(make_user(), occurrence, ticket_type=free) for _ in range(4)]
    assert {r.status for r in waiting} <= {"waitlisted", "confirmed"}

    stop, oversold = threading.Event(), []

    def watcher():
        # One snapshot per look, so the capacity and the rows are read at the same moment.
        try:
            while not stop.is_set():
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    occurrence_now = type(occurrence).objects.get(pk=occurrence.pk)
                    taken = Registration.objects.filter(seat_holding(timezone.now()), occurrence=occurrence).count()
                    if taken > occurrence_now.seat_limit:
                        oversold.append((taken, occurrence_now.seat_limit))
        finally:
            connections.close_all()

    def lower_capacity():
        # Refused when more than 7 seats are taken at that moment, which is the rule.
        with contextlib.suppress(RegistrationError):
            change_capacity(occurrence, 7, actor=organizer)

    jobs = [lambda: register(make_user(), occurrence, ticket_type=free) for _ in range(6)]
    jobs += [lambda: register(make_user(), occurrence, ticket_type=paid) for _ in range(4)]
    jobs += [lambda r=r: cancel_registration(r, actor=r.user) for r in confirmed[:3]]
    jobs += [lambda w=waiting[-1]: cancel_registration(w, actor=w.user)]
    jobs += [expire_holds, expire_holds]
    jobs += [lambda: change_capacity(occurrence, 10, actor=organizer), lower_capacity]
    thread = threading.Thread(target=watcher) if watch else None
    if thread:
        thread.start()
    try:
        errors = race(jobs)
    finally:
        stop.set()
        if thread:
            thread.join()
    assert errors == []
    assert oversold == []
    # The holds that ran out no longer hold seats, and nobody was lost.
    rows = Registration.objects.filter(occurrence=occurrence)
    assert rows.count() == 5 + 3 + 4 + 10
    assert rows.filter(status="cancelled").count() >= 4
    _assert_figures_match_rows(occurrence, organizer)
    # First come, first served: everyone still waiting joined after everyone who was promoted.
    promoted = rows.filter(waitlisted_at__isnull=False).exclude(status__in=["waitlisted", "cancelled"])
    still = rows.filter(status="waitlisted")
    if promoted.exists() and still.exists():
        last_promoted = max(promoted.values_list("waitlisted_at", flat=True))
        assert last_promoted <= min(still.values_list("waitlisted_at", flat=True))


def _event_with_tickets(seated_event, organizer):
    user, group = organizer
    event = seated_event(capacity=8, group=group, tickets=[("Community", 0, None), ("Supporter", 2500, None)])
    tickets = event.ticket_types
    return user, event.occurrences.get(), tickets.get(price_cents=0), tickets.get(price_cents=2500)


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_registrations_cancellations_expiries_and_capacity_changes_racing_keep_every_figure_true_on_postgres(
    seated_event, organizer, make_user
):
    user, occurrence, free, paid = _event_with_tickets(seated_event, organizer)
    _everything_at_once(occurrence, make_user, user, free, paid, watch=True)


@pytest.mark.django_db(transaction=True)
def test_registrations_cancellations_expiries_and_capacity_changes_racing_on_the_embedded_database(
    seated_event, organizer, make_user
):
    user, occurrence, free, paid = _event_with_tickets(seated_event, organizer)
    on_own_connections(lambda: _everything_at_once(occurrence, make_user, user, free, paid, watch=False))


@pytest.mark.postgres
@on_postgres
def test_the_database_seat_decision_writes_the_rows_the_python_path_writes(seated_event, make_user):
    """On PostgreSQL a registration's seat decision runs as one call to convene_take_seat; the rows it
    writes (status, times, ticket code, answers, audit) are those the locked Python path writes."""
    from events.models import AuditLog
    from events.services import seat_statement

    assert seat_statement.available()
    event = seated_event(
        capacity=1,
        tickets=[("Regular", 2500, None)],
        questions=[("Dietary needs", "text", False, "")],
        code_of_conduct_url="https://example.org/coc",
    )
    occurrence = event.occurrences.get()
    ticket = event.ticket_types.get()
    question = event.questions.get()
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        held = register(
            make_user(),
            occurrence,
            ticket_type=ticket,
            answers={str(question.pk): "vegan"},
            accept_code_of_conduct=True,
            now=now,
        )
    assert sum("convene_take_seat" in q["sql"] for q in queries.captured_queries) == 1
    assert not any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)  # the lock is taken inside
    row = Registration.objects.get(pk=held.pk)
    assert (row.status, row.hold_expires_at, row.coc_accepted_at) == (
        "pending_payment",
        now + datetime.timedelta(minutes=30),
        now,
    )
    assert row.answers == {str(question.pk): "vegan"} and len(row.code) >= 8 and row.code == held.code
    assert (held.status, held.hold_expires_at) == (row.status, row.hold_expires_at)
    waiting = register(make_user(), occurrence, ticket_type=ticket, accept_code_of_conduct=True, now=now)
    assert (waiting.status, Registration.objects.get(pk=waiting.pk).waitlisted_at) == ("waitlisted", now)
    entry = AuditLog.objects.get(registration=waiting)
    assert (entry.action, entry.actor_id, entry.occurrence_id, entry.created_at) == (
        "registration.created",
        waiting.user_id,
        occurrence.pk,
        now,
    )
    assert entry.data == {"status": "waitlisted", "ticket_type": ticket.pk}
    # An expired hold must be released (and its seat offered to the waiting person) before a newcomer
    # counts: the database answers "not decided" and the Python path does that work.
    later = now + datetime.timedelta(minutes=31)
    newcomer = register(make_user(), occurrence, ticket_type=ticket, accept_code_of_conduct=True, now=later)
    assert newcomer.status == "waitlisted"
    assert Registration.objects.get(pk=held.pk).status == "cancelled"
    assert Registration.objects.get(pk=waiting.pk).status == "pending_payment"
