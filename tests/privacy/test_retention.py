"""Answers to organizers' questions are purged a set number of days after the date; attendance stays."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from events.models import AuditLog, Question, Registration
from events.services.seats import counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(make_event, make_user):
    """An event `days_ago` days ago with two attendees (one checked in) who answered its question."""

    def build(days_ago):
        event = make_event(start_date=datetime.date.today() - datetime.timedelta(days=days_ago))
        question = Question.objects.create(event=event, label="Dietary needs")
        occurrence = event.occurrences.get()
        for n, checked_in in enumerate([True, False]):
            Registration.objects.create(
                user=make_user(),
                occurrence=occurrence,
                status="confirmed",
                checked_in_at=occurrence.start if checked_in else None,
                answers={str(question.pk): f"no nuts {n}"},
            )
        return occurrence

    return build


def run(**options):
    out = StringIO()
    call_command("purge_answers", stdout=out, **options)
    return out.getvalue()


def test_purge_empties_old_answers_keeps_recent_ones_and_attendance_and_is_idempotent(dated):
    old, recent, future = dated(40), dated(10), dated(-7)
    old_counts = counts(old, timezone.now())

    assert "purged the answers of 2 registrations" in run()
    assert all(r.answers == {} for r in Registration.objects.filter(occurrence=old))
    assert all(r.answers for r in Registration.objects.filter(occurrence__in=[recent, future]))
    assert counts(old, timezone.now()) == old_counts  # attendance stays as counts
    assert old_counts["checked_in"] == 1 and old_counts["confirmed"] == 2
    audit_rows = AuditLog.objects.filter(action="occurrence.answers_purged")
    assert [(a.occurrence_id, a.data["registrations"]) for a in audit_rows] == [(old.pk, 2)]

    # Twice: nothing more happens, no second audit row.
    assert "purged the answers of 0 registrations" in run()
    assert audit_rows.count() == 1
    assert all(r.answers for r in Registration.objects.filter(occurrence=recent))


def test_the_retention_period_comes_from_the_settings(dated, settings):
    recent = dated(10)
    settings.CONVENE_ANSWER_RETENTION_DAYS = 5
    assert "over 5 days ago" in run()
    assert all(r.answers == {} for r in Registration.objects.filter(occurrence=recent))


def test_a_negative_period_is_refused(dated):
    from django.core.management.base import CommandError

    recent = dated(10)
    with pytest.raises(CommandError):
        run(days=-1)
    assert all(r.answers for r in Registration.objects.filter(occurrence=recent))


def test_organizers_are_told_where_they_write_questions(client, make_event):
    admin = get_user_model().objects.create_superuser(email="root@example.org", password="x" * 20)
    client.force_login(admin)
    event = make_event()
    body = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert "deleted 30 days after each date; attendance stays as counts" in body
