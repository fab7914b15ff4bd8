"""A team's project: drafted and edited by its members until the deadline, then locked.

Every save appends a SubmissionVersion (the history), and bumps `version` with F() so two editors
racing each other both land in the history in order.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import TeamsError
from ..models import Membership, Submission, SubmissionVersion, Team, Track
from .common import audit, hackathon_settings, is_organizer, require_organizer
from .teams import clean_list

FIELDS = ("title", "summary", "description", "repo_url", "demo_url", "video_url")
_url_validator = URLValidator(schemes=["http", "https"])


def validate_project_url(value):
    """http/https only: javascript:, data:, ftp: and friends are refused."""
    value = (value or "").strip()
    if not value:
        return ""
    if urlsplit(value).scheme.lower() not in ("http", "https"):
        raise TeamsError(_("Links must start with http:// or https://."))
    try:
        _url_validator(value)
    except ValidationError:
        raise TeamsError(_("“%(url)s” is not a valid web address.") % {"url": value[:80]})
    return value


def can_edit(submission_or_team, user):
    team = submission_or_team if isinstance(submission_or_team, Team) else submission_or_team.team
    return Membership.objects.filter(team=team, user=user).exists()


def editable_now(event, submission=None):
    settings_obj = hackathon_settings(event)
    return settings_obj.submissions_open() or (submission is not None and submission.reopened)


def snapshot(submission):
    data = {name: getattr(submission, name) for name in FIELDS}
    data["technologies"] = list(submission.technologies)
    data["tracks"] = sorted(submission.tracks.values_list("pk", flat=True))
    data["submitted"] = submission.submitted_at.isoformat() if submission.submitted_at else None
    return data


def save_submission(team, actor, data, submit=False):
    """Create or update the team's project. `data` has the FIELDS, `tracks` (ids) and `technologies`."""
    event = team.event
    settings_obj = hackathon_settings(event)
    if not Membership.objects.filter(team=team, user=actor).exists():
        raise TeamsError(_("Only members of the team can edit its project."))
    existing = Submission.objects.filter(team=team).first()
    if not editable_now(event, existing):
        raise TeamsError(_("The submission deadline has passed; the project is locked."))
    values = {name: (data.get(name) or "").strip() for name in FIELDS}
    if not values["title"]:
        raise TeamsError(_("Give your project a title."))
    if not values["summary"]:
        raise TeamsError(_("Give your project a one-line summary."))
    if len(values["title"]) > 120 or len(values["summary"]) > 280 or len(values["description"]) > 10000:
        raise TeamsError(_("The title, summary or description is too long."))
    for name in ("repo_url", "demo_url", "video_url"):
        values[name] = validate_project_url(values[name])
    track_ids = {int(t) for t in data.get("tracks") or ()}
    tracks = list(Track.objects.filter(event=event, pk__in=track_ids))
    if len(tracks) != len(track_ids):
        raise TeamsError(_("Choose tracks of this event."))
    technologies = clean_list(data.get("technologies"), limit=30)
    if submit:
        size = Membership.objects.filter(team=team).count()
        if size < settings_obj.min_team_size:
            raise TeamsError(_("A team needs at least %(n)d people to submit.") % {"n": settings_obj.min_team_size})

    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        submission = Submission.objects.select_for_update().filter(team=team).first()
        created = submission is None
        if created:
            submission = Submission(event=event, team=team)
        # Checked again under the lock: an organizer may have re-locked meanwhile.
        if not editable_now(event, None if created else submission):
            raise TeamsError(_("The submission deadline has passed; the project is locked."))
        for name, value in values.items():
            setattr(submission, name, value)
        submission.technologies = technologies
        if submit and submission.submitted_at is None:
            submission.submitted_at = timezone.now()
        if created:
            submission.version = 1
            submission.save()
        else:
            submission.version = F("version") + 1
            submission.save(update_fields=[*FIELDS, "technologies", "submitted_at", "version", "updated_at"])
            submission.refresh_from_db(fields=["version"])
        submission.tracks.set(tracks)
        SubmissionVersion.objects.create(
            submission=submission, number=submission.version, data=snapshot(submission), author=actor
        )
        audit(event, actor, "submission.created" if created else "submission.saved", submission, submit=submit)
    return submission


def withdraw_submission(submission, actor):
    """Back to draft (out of judging) while editing is still allowed."""
    if not can_edit(submission, actor):
        raise TeamsError(_("Only members of the team can edit its project."))
    if not editable_now(submission.event, submission):
        raise TeamsError(_("The submission deadline has passed; the project is locked."))
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(submitted_at=None)
        audit(submission.event, actor, "submission.withdrawn", submission)


def set_reopened(submission, actor, reopened):
    """Organizers reopen one team's project after the deadline (and lock it again)."""
    require_organizer(actor, submission.event)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        submission.reopened = reopened
        submission.save(update_fields=["reopened", "updated_at"])
        audit(submission.event, actor, "submission.reopened" if reopened else "submission.locked", submission)
    return submission


def visible_submission(submission, user):
    """Drafts are for the team and organizers; submitted projects for the public once the gallery opens."""
    event = submission.event
    if user.is_authenticated and (can_edit(submission, user) or is_organizer(user, event)):
        return True
    return submission.is_submitted and hackathon_settings(event).gallery_visible()


def gallery(event):
    settings_obj = hackathon_settings(event)
    if not settings_obj.gallery_visible():
        return None
    return (
        Submission.objects.filter(event=event, submitted_at__isnull=False)
        .select_related("team")
        .prefetch_related("tracks")
        .order_by("title", "pk")
    )
