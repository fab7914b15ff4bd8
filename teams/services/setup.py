"""Organizers set up a hackathon: settings, tracks, prizes and the rubric."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from guards.numbers import parse_finite_decimal, parse_id

from ..exceptions import TeamsError
from ..models import Criterion, HackathonSettings, Prize, Track
from .common import audit, hackathon_settings, require_organizer

SETTING_FIELDS = [
    "min_team_size",
    "max_team_size",
    "formation_closes_at",
    "submission_deadline",
    "gallery_public",
    "judging_mode",
    "judges_per_project",
    "score_min",
    "score_max",
    "judging_closes_at",
    "pairwise_min_views",
    "peoples_choice",
    "voting_opens_at",
    "voting_closes_at",
]


def update_settings(event, actor, values):
    """values: cleaned form data (a HackathonSettings form validates types and order)."""
    require_organizer(actor, event)
    current = hackathon_settings(event)
    with transaction.atomic():
        current = HackathonSettings.objects.select_for_update().get(pk=current.pk)
        changed = [name for name in SETTING_FIELDS if name in values and getattr(current, name) != values[name]]
        for name in changed:
            setattr(current, name, values[name])
        current.full_clean()
        if changed:
            current.save(update_fields=changed)
            audit(event, actor, "settings.updated", None, fields=changed)
    return current


def add_track(event, actor, name, description=""):
    require_organizer(actor, event)
    name = (name or "").strip()
    if not name:
        raise TeamsError(_("Give the track a name."))
    try:
        with transaction.atomic():
            order = Track.objects.filter(event=event).count()
            track = Track.objects.create(event=event, name=name[:80], description=description[:1000], order=order)
            audit(event, actor, "track.added", track)
    except IntegrityError:
        raise TeamsError(_("There is already a track with that name."))
    return track


def delete_track(track, actor):
    require_organizer(actor, track.event)
    with transaction.atomic():
        audit(track.event, actor, "track.deleted", track)
        track.delete()


def add_prize(event, actor, name, description="", track=None, place=1, peoples_choice=False):
    require_organizer(actor, event)
    name = (name or "").strip()
    if not name:
        raise TeamsError(_("Give the prize a name."))
    if track is not None and track.event_id != event.pk:
        raise TeamsError(_("Choose a track of this event."))
    place = parse_id(place if isinstance(place, int) else str(place or ""))
    if place is None or not place <= 20:
        raise TeamsError(_("The place must be between 1 and 20."))
    with transaction.atomic():
        prize = Prize.objects.create(
            event=event,
            name=name[:120],
            description=(description or "")[:300],
            track=None if peoples_choice else track,
            place=place,
            peoples_choice=peoples_choice,
        )
        audit(event, actor, "prize.added", prize)
    return prize


def delete_prize(prize, actor):
    require_organizer(actor, prize.event)
    with transaction.atomic():
        audit(prize.event, actor, "prize.deleted", prize)
        prize.delete()


def add_criterion(event, actor, name, description="", weight="1"):
    require_organizer(actor, event)
    name = (name or "").strip()
    if not name:
        raise TeamsError(_("Give the criterion a name."))
    weight = parse_finite_decimal(weight, decimal_places=2)
    if weight is None or not Decimal("0") < weight <= Decimal("100"):
        raise TeamsError(_("The weight must be a positive number up to 100 (two decimals at most)."))
    with transaction.atomic():
        order = Criterion.objects.filter(event=event).count()
        criterion = Criterion.objects.create(
            event=event, name=name[:80], description=(description or "")[:1000], weight=weight, order=order
        )
        audit(event, actor, "criterion.added", criterion)
    return criterion


def delete_criterion(criterion, actor):
    require_organizer(actor, criterion.event)
    if criterion.scores.exists():
        raise TeamsError(_("Judges have already scored this criterion; it cannot be removed."))
    with transaction.atomic():
        audit(criterion.event, actor, "criterion.deleted", criterion)
        criterion.delete()
