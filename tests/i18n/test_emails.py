"""Emails are written in their recipient's language, whatever page or worker sends them: the dates,
the links (/fr/... for a French reader) and the Content-Language header."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from events.formatting import when_range
from events.services.occurrences import move_occurrence
from events.services.registration import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_delay(settings):
    settings.CONVENE_DATE_CHANGE_DELAY_SECONDS = 0


def written(occurrence, language):
    event = occurrence.event
    with translation.override(language):
        return when_range(occurrence.start.astimezone(event.tz), occurrence.end.astimezone(event.tz), event.all_day)


def test_a_french_speakers_confirmation_is_in_french(make_event, make_user, django_capture_on_commit_callbacks):
    event = make_event(title="Hacknight Ottawa", capacity=10)
    occurrence = event.occurrences.get()
    with django_capture_on_commit_callbacks(execute=True):
        register(make_user(email="amelie@example.org", language="fr"), occurrence)
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "fr"
    assert "Content-Language: fr" in message.message().as_string()
    french_date = written(occurrence, "fr")
    assert " h " in french_date or french_date.endswith(" h")
    assert french_date in message.body
    assert written(occurrence, "en") not in message.body
    assert "http://testserver/fr/me/" in message.body
    html = message.alternatives[0][0]
    assert french_date in html and 'lang="fr"' in html


def test_an_english_speakers_confirmation_stays_english_even_from_a_french_page(
    client, make_event, make_user, django_capture_on_commit_callbacks
):
    event = make_event(title="Hacknight Toronto", capacity=10)
    occurrence = event.occurrences.get()
    user = make_user(email="ada@example.org")
    client.force_login(user)
    client.get("/fr/events/")  # the worker's thread has seen a French page
    with django_capture_on_commit_callbacks(execute=True):
        register(user, occurrence)
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert written(occurrence, "en") in message.body
    assert "http://testserver/me/" in message.body and "/fr/" not in message.body


def test_a_moved_date_reaches_a_french_speaker_in_french(
    make_event, make_user, no_delay, django_capture_on_commit_callbacks
):
    start = datetime.date.today() + datetime.timedelta(days=3)
    series = make_event("Hacknight Fredericton", repeat="weekly", start_date=start, capacity=5)
    occurrence = series.occurrences.order_by("start").first()
    register(make_user(email="gab@example.org", language="fr"), occurrence)
    was = written(occurrence, "fr")
    mail.outbox.clear()
    new_start = occurrence.start + datetime.timedelta(days=1, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        move_occurrence(occurrence, new_start, new_start + datetime.timedelta(hours=2))
    (message,) = mail.outbox
    occurrence.refresh_from_db()
    assert message.extra_headers["Content-Language"] == "fr"
    assert was in message.body and written(occurrence, "fr") in message.body
    assert "http://testserver/fr/me/registrations/changed/" in message.body
    assert f"http://testserver/fr/events/{series.slug}/?date=" in message.body
