"""Builders for registration tests: events with seats, tickets and questions."""

import pytest

from events.models import Question, TicketType


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
