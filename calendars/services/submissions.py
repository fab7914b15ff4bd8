"""Community submissions: submit (rate-limited), then a moderator publishes, edits or declines with a reason
that is emailed to the submitter. Site staff moderate everything; a group's organizers their group's."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import language_headers, written_for
from events.permissions import is_site_staff
from guards.mail import email_subject

from ..models import EventSubmission, SubmissionStatus


class SubmissionError(Exception):
    """A submission or a review that cannot be done; the message says why."""


def can_moderate(user, submission):
    if not user.is_authenticated:
        return False
    if is_site_staff(user):
        return True
    return submission.group_id is not None and submission.group.organizers.filter(pk=user.pk).exists()


def moderated_filter(user):
    """Queryset kwargs limiting submissions to those the user moderates (None: all)."""
    if is_site_staff(user):
        return None
    return {"group__organizers": user}


def check_rate(user, now=None):
    now = now or timezone.now()
    since = now - datetime.timedelta(days=1)
    recent = EventSubmission.objects.filter(submitter=user, created_at__gte=since).count()
    if recent >= settings.CONVENE_SUBMISSIONS_PER_DAY:
        raise SubmissionError(
            _("You have submitted %(count)d events in the last day; please wait before submitting more.")
            % {"count": recent}
        )


def submit_event(user, data):
    """Create a pending submission from cleaned form data."""
    with transaction.atomic():
        # One submitter's submissions are counted under a lock on their row, so parallel posts cannot
        # slip past the limit together.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        check_rate(user)
        return EventSubmission.objects.create(submitter=user, **data)


def _locked(submission, user):
    if not can_moderate(user, submission):
        raise SubmissionError(_("You cannot review this submission."))
    return EventSubmission.objects.select_for_update().get(pk=submission.pk)


def publish_submission(submission, user):
    with transaction.atomic():
        locked = _locked(submission, user)
        locked.status = SubmissionStatus.PUBLISHED
        locked.decline_reason = ""
        locked.reviewed_by, locked.reviewed_at = user, timezone.now()
        locked.save(update_fields=["status", "decline_reason", "reviewed_by", "reviewed_at"])
        if locked.submitter_id:
            transaction.on_commit(lambda: _tell(locked, published=True))
        return locked


def decline_submission(submission, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise SubmissionError(_("Give the submitter a reason for declining."))
    with transaction.atomic():
        locked = _locked(submission, user)
        locked.status = SubmissionStatus.DECLINED
        locked.decline_reason = reason
        locked.reviewed_by, locked.reviewed_at = user, timezone.now()
        locked.save(update_fields=["status", "decline_reason", "reviewed_by", "reviewed_at"])
        if locked.submitter_id:
            transaction.on_commit(lambda: _tell(locked, published=False))
        return locked


def _tell(submission, *, published):
    with written_for(submission.submitter) as language:
        if published:
            subject = email_subject(_("Your event is listed: %(title)s"), title=submission.title)
            body = _("Thank you! “%(title)s” is now listed on %(site)s.") % {
                "title": submission.title,
                "site": settings.SITE_NAME,
            }
        else:
            subject = email_subject(_("Your event was not listed: %(title)s"), title=submission.title)
            body = _("“%(title)s” was not listed on %(site)s. The reviewer wrote:\n\n%(reason)s") % {
                "title": submission.title,
                "site": settings.SITE_NAME,
                "reason": submission.decline_reason,
            }
    EmailMessage(subject, body, None, [submission.submitter.email], headers=language_headers(language)).send()
