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
    """Drafts are for the team and organizers; submitted projects for the public once the gallery opens or
    results are published, and for checked-in voters while People's Choice voting is open."""
    from .common import is_checked_in

    event = submission.event
    if user.is_authenticated and (can_edit(submission, user) or is_organizer(user, event)):
        return True
    if not submission.is_submitted:
        return False
    settings_obj = hackathon_settings(event)
    if settings_obj.gallery_visible() or settings_obj.results_published:
        return True
    return settings_obj.voting_open() and is_checked_in(user, event)


IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_SIDE = 1600
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def set_image(submission, actor, upload):
    """Store the project's image: checked to be a real JPEG, PNG, WebP or GIF under 5 MB, then re-encoded
    (at most 1600 px a side, metadata such as location dropped) so only plain pixels are ever served."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, UnidentifiedImageError

    if not can_edit(submission, actor):
        raise TeamsError(_("Only members of the team can edit its project."))
    if not editable_now(submission.event, submission):
        raise TeamsError(_("The submission deadline has passed; the project is locked."))
    if upload is None or not upload.size:
        raise TeamsError(_("Choose an image file."))
    if upload.size > IMAGE_MAX_BYTES:
        raise TeamsError(_("The image is larger than 5 MB; use a smaller one."))
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as img:
            if kind not in IMAGE_FORMATS or img.width * img.height > 40_000_000:
                raise TeamsError(_("Use a JPEG, PNG, WebP or GIF image."))
            img.seek(0)
            img = img.convert("RGBA" if img.mode in ("RGBA", "LA", "P") else "RGB")
            img.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
            out = BytesIO()
            if img.mode == "RGBA":
                img.save(out, format="PNG", optimize=True)
                ext = "png"
            else:
                img.save(out, format="JPEG", quality=85, optimize=True)
                ext = "jpg"
    except TeamsError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise TeamsError(_("That file is not an image we can read; use a JPEG, PNG, WebP or GIF."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        old = submission.image.name if submission.image else ""
        submission.image.save(f"project-{submission.pk}.{ext}", ContentFile(out.getvalue()), save=False)
        submission.save(update_fields=["image", "updated_at"])
        audit(submission.event, actor, "submission.image", submission)
    if old and old != submission.image.name:
        storage = submission.image.storage
        transaction.on_commit(lambda: storage.delete(old))
    return submission


def remove_image(submission, actor):
    if not can_edit(submission, actor):
        raise TeamsError(_("Only members of the team can edit its project."))
    if not editable_now(submission.event, submission):
        raise TeamsError(_("The submission deadline has passed; the project is locked."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        old = submission.image.name if submission.image else ""
        submission.image = ""
        submission.save(update_fields=["image", "updated_at"])
        audit(submission.event, actor, "submission.image_removed", submission)
    if old:
        storage = Submission._meta.get_field("image").storage
        transaction.on_commit(lambda: storage.delete(old))


def gallery(event, track=None, prize=None):
    """The public gallery (None while it is closed), optionally one track's projects or a prize's winners."""
    settings_obj = hackathon_settings(event)
    if not settings_obj.gallery_visible():
        return None
    return filter_projects(event, track=track, prize=prize)


def filter_projects(event, track=None, prize=None):
    projects = (
        Submission.objects.filter(event=event, submitted_at__isnull=False)
        .select_related("team")
        .prefetch_related("tracks")
        .order_by("title", "pk")
    )
    if track is not None:
        projects = projects.filter(tracks=track)
    if prize is not None:
        if not hackathon_settings(event).results_published:
            return projects.none()
        ids = {prize.winner_id, *prize.tied.values_list("pk", flat=True)} - {None}
        projects = projects.filter(pk__in=ids)
    return projects


def gallery_state(event, user, now=None):
    """What the gallery shows this person, with one consistent message.

    Returns (projects or None, message or "", can_vote). Checked-in participants see the projects while
    People's Choice voting is open even if the public gallery is not open yet, and are told so.
    """
    from .common import is_checked_in

    settings_obj = hackathon_settings(event)
    public = settings_obj.gallery_visible(now)
    voting = settings_obj.voting_open(now)
    checked_in = voting and is_checked_in(user, event)
    if public:
        if voting and checked_in:
            message = _(
                "People's Choice voting is open: vote once, for another team's project; you may change your "
                "vote until voting closes."
            )
        elif voting:
            message = _("People's Choice voting is open to participants checked in at the event.")
        else:
            message = ""
        return True, message, checked_in
    if checked_in:
        return (
            True,
            _(
                "People's Choice voting is open. The gallery is not public yet: you see the projects because "
                "you are checked in. Vote once, for another team's project; you may change your vote until "
                "voting closes."
            ),
            True,
        )
    if voting:
        return (
            None,
            _(
                "People's Choice voting is open to participants checked in at the event; the public gallery opens "
                "when the organizers publish it."
            ),
            False,
        )
    if settings_obj.submission_deadline is not None and not settings_obj.submissions_open(now):
        return None, _("The organizers have not opened the project gallery yet."), False
    return None, _("The project gallery opens after the submission deadline, when the organizers publish it."), False
