"""Retention: answers to organizers' questions (dietary needs, accessibility...) are deleted a set number of
days after the date they were given for. Registrations stay (status, check-in), so attendance counts hold."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Occurrence, Registration
from .audit import audit


def answers_expire_before(now=None, days=None):
    """Dates that ended before this moment have had their answers purged (or are due)."""
    now = now or timezone.now()
    days = settings.CONVENE_ANSWER_RETENTION_DAYS if days is None else days
    return now - datetime.timedelta(days=days)


def purge_expired_answers(now=None, days=None):
    """Periodic (`manage.py purge_answers`): empty the answers of every registration whose date ended more
    than `days` ago. Safe to run twice or concurrently: a second run finds nothing left to purge.
    Returns how many registrations were purged."""
    cutoff = answers_expire_before(now, days)
    due = Registration.objects.filter(occurrence__end__lt=cutoff).exclude(answers={})
    purged = 0
    for occurrence_id in sorted(set(due.values_list("occurrence_id", flat=True))):
        with transaction.atomic():
            count = due.filter(occurrence_id=occurrence_id).update(answers={})
            if count:
                audit("occurrence.answers_purged", occurrence=Occurrence(pk=occurrence_id), registrations=count)
        purged += count
    return purged
