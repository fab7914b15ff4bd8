"""What one "Register" press costs the server: at the opening minute of a popular date hundreds arrive in
the same second, and each query a registration repeats is paid hundreds of times (issue 17)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from events.models import Registration
from events.models.registrations import QuestionKind
from events.services.registration import registration_facts

pytestmark = pytest.mark.django_db


def _asked(queries, table):
    return [q["sql"] for q in queries.captured_queries if f'"{table}"' in q["sql"] or f" {table} " in q["sql"]]


def test_registering_asks_for_tickets_and_questions_once(client, make_user, seated_event):
    event = seated_event(
        capacity=5, questions=[("Dietary needs", QuestionKind.CHOICE, True, "None\nVegan")], code_of_conduct_url=""
    )
    occurrence = event.occurrences.get()
    question = event.questions.get()
    client.force_login(make_user())
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("events:register", args=[occurrence.pk]), {f"reg{occurrence.pk}-{question.key}": "Vegan"}
        )
    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert Registration.objects.get(occurrence=occurrence).answers == {str(question.pk): "Vegan"}
    # One query learns whether the event sells tickets, asks questions or may be private; the questions
    # themselves are read once, by the form, and the service checks the answers against that list.
    assert len(_asked(queries, "events_tickettype")) == 1
    assert len(_asked(queries, "events_question")) == 2  # the facts, then the questions
    assert len(_asked(queries, "wagtailcore_pageviewrestriction")) == 1  # no restriction: not read again


def test_a_wrong_answer_is_still_refused_with_the_questions_read_once(client, make_user, seated_event):
    event = seated_event(capacity=5, questions=[("Dietary needs", QuestionKind.CHOICE, True, "None\nVegan")])
    occurrence = event.occurrences.get()
    client.force_login(make_user())
    response = client.post(reverse("events:register", args=[occurrence.pk]), {})
    assert response.status_code == 400
    assert not Registration.objects.filter(occurrence=occurrence).exists()


def test_the_facts_see_a_restriction_on_the_event_an_ancestor_or_an_alias(make_event, site_tree):
    open_event = make_event("Open hack night")
    assert registration_facts(open_event) == (False, False, False)

    private = make_event("Members' night")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="civic-secret")
    assert registration_facts(private)[2] is True
    assert registration_facts(open_event)[2] is False  # a sibling's restriction is not this event's

    alias = private.create_alias(update_slug="members-night-copy")
    assert registration_facts(alias)[2] is True  # an alias is restricted as its source is

    PageViewRestriction.objects.create(page=site_tree["events"], restriction_type="groups")
    assert registration_facts(open_event)[2] is True


def test_the_prepared_lookup_builds_what_the_orm_builds(make_event, django_assert_num_queries):
    from events.models import Occurrence
    from events.prepared import PreparedGet

    event = make_event("Hack night", capacity=12, code_of_conduct_url="https://example.org/coc")
    expected = Occurrence.objects.select_related("event").get(event=event)
    lookup = PreparedGet(lambda pk: Occurrence.objects.select_related("event").filter(pk=pk))
    lookup.get(expected.pk)  # compiled here, once
    with django_assert_num_queries(1):
        found = lookup.get(expected.pk)
        values = {f.attname: getattr(found, f.attname) for f in Occurrence._meta.concrete_fields}
        event_values = {f.attname: getattr(found.event, f.attname) for f in type(event)._meta.concrete_fields}
    assert values == {f.attname: getattr(expected, f.attname) for f in Occurrence._meta.concrete_fields}
    assert event_values == {f.attname: getattr(expected.event, f.attname) for f in type(event)._meta.concrete_fields}
    assert type(found.event) is type(event) and not found._state.adding and found._state.db == "default"
    with pytest.raises(Occurrence.DoesNotExist):
        lookup.get(expected.pk + 1000)
