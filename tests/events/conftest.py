"""Builders for registration tests: events with seats, tickets and questions."""

import contextlib
import threading

import pytest

from events.models import Question, TicketType
from tests.teams.conftest import hackathon, make_judge  # noqa: F401 (a hackathon's judges hear of date changes)


@pytest.fixture
def seated_event(make_event):
    """An event with `capacity` seats; optional ticket types [(name, price_cents, quantity)] and questions."""

    def build(capacity=10, tickets=(), questions=(), **fields):
        event = make_event(capacity=capacity, **fields)
        for name, price, quantity in tickets:
            TicketType.objects.create(event=event, name=name, price_cents=price, quantity=quantity)
        for label, kind, required, choices in questions:
            Question.objects.create(event=event, label=label, kind=kind, required=required, choices=choices)
        return event

    return build


@pytest.fixture
def occurrence_of():
    def get(event):
        return event.occurrences.order_by("start").first()

    return get


@pytest.fixture
def organizer(make_user, make_group):
    user = make_user(name="Olu Organizer")
    group = make_group()
    group.organizers.add(user)
    group.save()
    return user, group


WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def fake_stripe(settings):
    """The local fake Stripe API, with the site's settings pointed at it."""
    from tests.fakes.stripe_server import FakeStripe

    fake = FakeStripe(api_key="sk_test_convene").start()
    settings.STRIPE_SECRET_KEY = "sk_test_convene"
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    yield fake
    fake.stop()


@pytest.fixture
def deliver(client):
    """POST a Stripe event to the webhook, signed like Stripe signs it (or with the header given)."""
    import json

    from tests.fakes.stripe_server import sign

    def post(event, signature=None, secret=WEBHOOK_SECRET):
        payload = json.dumps(event)
        headers = {}
        if signature is not False:
            headers["HTTP_STRIPE_SIGNATURE"] = signature or sign(payload, secret)
        return client.post("/payments/stripe/webhook/", payload, content_type="application/json", **headers)

    return post


@contextlib.contextmanager
def date_locked_elsewhere(occurrence_pk, wait="300ms"):
    """Another connection holds the date's row lock while the body runs; this connection gives up
    waiting for it after `wait` (PostgreSQL's lock_timeout)."""
    from django.db import connection, connections, transaction

    from events.models import Occurrence

    locked, release = threading.Event(), threading.Event()

    def hold_the_date():
        try:
            with transaction.atomic():
                Occurrence.objects.select_for_update().get(pk=occurrence_pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_date)
    holder.start()
    locked.wait(5)
    with connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = '{wait}'")
    try:
        yield
    finally:
        release.set()
        holder.join()
