"""Seats under real concurrency: threads with their own database connections race for the same date."""

import sqlite3
import tempfile
import threading
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from events.models import Registration
from events.services.cancellation import cancel_registration
from events.services.registration import register
from events.services.seats import seats_taken

from .conftest import date_locked_elsewhere

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


def race(jobs):
    """Run every job in its own thread, all released at once; return the exceptions raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def on_own_connections(body):
    """Run `body` in a thread whose connections (and its threads') reach the test database for real.

    PostgreSQL's test database is shared by every connection already. SQLite's in-memory test database
    is shared through SQLite's shared cache, whose table locks fail at once instead of waiting; so on
    SQLite the body runs against a file copy of it, where BEGIN IMMEDIATE and the busy timeout work as
    in production.
    """
    outcome = {}

    def run():
        try:
            outcome["value"] = body()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = exc
        finally:
            connections.close_all()

    settings_dict = connection.settings_dict
    original = settings_dict["NAME"]
    with tempfile.TemporaryDirectory() as tmp:
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.ensure_connection()
            target = sqlite3.connect(Path(tmp) / "race.sqlite3")
            connection.connection.backup(target)
            target.close()
            settings_dict["NAME"] = str(Path(tmp) / "race.sqlite3")
        try:
            thread = threading.Thread(target=run)
            thread.start()
            thread.join(timeout=300)
        finally:
            settings_dict["NAME"] = original
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def register_job(user, occurrence):
    return lambda: register(user, occurrence)


def assert_never_oversold(occurrence, capacity):
    assert seats_taken(occurrence, timezone.now()) <= capacity


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_sixty_people_race_for_twenty_seats_on_postgres(seated_event, occurrence_of, make_user):
    occurrence = occurrence_of(seated_event(capacity=20))
    people = [make_user() for _ in range(60)]
    errors = race([register_job(person, occurrence) for person in people])
    assert errors == []
    regs = Registration.objects.filter(occurrence=occurrence)
    assert regs.filter(status="confirmed").count() == 20
    assert regs.filter(status="waitlisted").count() == 40
    assert regs.count() == 60


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_sixty_people_race_for_twenty_paid_seats_on_postgres(seated_event, occurrence_of, make_user):
    event = seated_event(capacity=20, tickets=[("Regular", 2000, None)])
    occurrence = occurrence_of(event)
    ticket = event.ticket_types.get()
    people = [make_user() for _ in range(60)]
    errors = race([lambda p=p: register(p, occurrence, ticket_type=ticket) for p in people])
    assert errors == []
    regs = Registration.objects.filter(occurrence=occurrence)
    assert regs.filter(status="pending_payment").count() == 20
    assert regs.filter(status="waitlisted").count() == 40


def _mixed_race(occurrence, make_user, capacity, waiting, cancelling, newcomers):
    first = [register(make_user(), occurrence) for _ in range(capacity + waiting)]
    confirmed = [r for r in first if r.status == "confirmed"]
    waitlist_before = [r.pk for r in first if r.status == "waitlisted"]
    assert len(confirmed) == capacity and len(waitlist_before) == waiting

    stop = threading.Event()
    oversold = []

    def watch():
        try:
            while not stop.is_set():
                taken = seats_taken(occurrence, timezone.now())
                if taken > capacity:
                    oversold.append(taken)
        finally:
            connections.close_all()

    watcher = threading.Thread(target=watch)
    watcher.start()
    jobs = [lambda r=r: cancel_registration(r, actor=r.user) for r in confirmed[:cancelling]]
    jobs += [register_job(make_user(), occurrence) for _ in range(newcomers)]
    try:
        errors = race(jobs)
    finally:
        stop.set()
        watcher.join()
    assert errors == []
    assert oversold == []
    regs = Registration.objects.filter(occurrence=occurrence)
    assert regs.filter(status="confirmed").count() == capacity
    assert regs.filter(status="cancelled").count() == cancelling
    # Nobody lost: everyone who did not cancel is confirmed or still waiting.
    assert regs.exclude(status="cancelled").count() == capacity + waiting + newcomers - cancelling
    # Order kept: the people promoted are exactly the head of the waitlist, in order, and the
    # rest (old and new) still wait in the order they joined.
    promoted = set(regs.filter(pk__in=waitlist_before, status="confirmed").values_list("pk", flat=True))
    assert promoted == set(waitlist_before[:cancelling])
    still_waiting = list(regs.filter(status="waitlisted").order_by("waitlisted_at", "pk").values_list("pk", flat=True))
    assert still_waiting[: waiting - cancelling] == waitlist_before[cancelling:]


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_cancellations_and_registrations_racing_keep_capacity_and_waitlist_order_on_postgres(
    seated_event, occurrence_of, make_user
):
    occurrence = occurrence_of(seated_event(capacity=20))
    _mixed_race(occurrence, make_user, capacity=20, waiting=15, cancelling=12, newcomers=20)


@pytest.mark.django_db(transaction=True)
def test_registrations_race_on_the_embedded_database_too(seated_event, occurrence_of, make_user):
    """Whatever the database (SQLite serialises writers with BEGIN IMMEDIATE), the rule holds."""
    occurrence = occurrence_of(seated_event(capacity=4))
    people = [make_user() for _ in range(12)]

    def body():
        errors = race([register_job(person, occurrence) for person in people])
        assert errors == []
        regs = Registration.objects.filter(occurrence=occurrence)
        assert regs.filter(status="confirmed").count() == 4
        assert regs.filter(status="waitlisted").count() == 8

    on_own_connections(body)


@pytest.mark.django_db(transaction=True)
def test_cancellations_racing_registrations_on_the_embedded_database_too(seated_event, occurrence_of, make_user):
    occurrence = occurrence_of(seated_event(capacity=4))
    on_own_connections(lambda: _mixed_race(occurrence, make_user, capacity=4, waiting=4, cancelling=3, newcomers=4))


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_registration_that_waits_too_long_for_the_lock_gets_a_503_and_changes_nothing(
    client, seated_event, occurrence_of, make_user
):
    from django.urls import reverse

    occurrence = occurrence_of(seated_event(capacity=5))
    client.force_login(make_user())
    with date_locked_elsewhere(occurrence.pk):
        response = client.post(reverse("events:register", args=[occurrence.pk]))
    assert response.status_code == 503
    assert "try again" in response.content.decode()
    assert not Registration.objects.exists()
