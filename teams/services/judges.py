"""The judge role: organizers invite by email, the person accepts with the link; judges declare conflicts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import language_headers, written_for
from events.bilingual import localized_text
from guards.mail import email_subject
from guards.numbers import parse_ids

from ..exceptions import TeamsError
from ..models import Comparison, ConflictOfInterest, Judge, JudgeAssignment, Membership, Score, Submission, Track
from .common import audit, hackathon_settings, require_organizer


def invite_judge(event, actor, email, track_ids=()):
    require_organizer(actor, event)
    hackathon_settings(event)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except Exception:
        raise TeamsError(_("Enter a valid email address."))
    tracks = _tracks_of(event, track_ids)
    try:
        with transaction.atomic():
            judge = Judge.objects.create(event=event, email=email)
            judge.tracks.set(tracks)
            audit(event, actor, "judge.invited", email)
    except IntegrityError:
        raise TeamsError(_("That person is already a judge of this event."))
    # Written in the language of the account with this address, if there is one.
    with written_for(get_user_model().objects.filter(email__iexact=email).first()) as language:
        link = settings.SITE_URL.rstrip("/") + reverse("teams:judge_accept", args=[event.pk, judge.token])
        subject = email_subject(_("You are invited to judge %(event)s"), event=localized_text(event, "title"))
        body = _(
            "Hello,\n\nThe organizers of %(event)s invite you to judge its projects.\n"
            "Accept the invitation (log in or sign up with this email address first):\n%(link)s\n"
        ) % {"event": localized_text(event, "title"), "link": link}
    message = EmailMessage(subject, body, None, [email], headers=language_headers(language))
    # Existing accounts accept through the link too: following it proves the address is theirs.
    transaction.on_commit(message.send)
    return judge


def _tracks_of(event, track_ids):
    """The event's tracks with these ids; a refusal when any id is not one of them."""
    ids = parse_ids(list(track_ids))
    tracks = list(Track.objects.filter(event=event, pk__in=ids)) if ids else []
    if ids is None or len(tracks) != len(set(ids)):
        raise TeamsError(_("Choose tracks of this event."))
    return tracks


def accept_invitation(event, token, user):
    judge = Judge.objects.filter(event=event, token=token).first()
    if judge is None:
        raise TeamsError(_("This invitation link is not valid."))
    if judge.email.lower() != user.email.lower():
        raise TeamsError(_("This invitation was sent to another email address; log in with that address."))
    if judge.user_id == user.pk:
        return judge
    with transaction.atomic():
        judge = Judge.objects.select_for_update().get(pk=judge.pk)
        judge.user, judge.accepted_at = user, timezone.now()
        judge.save(update_fields=["user", "accepted_at"])
        audit(event, user, "judge.accepted", judge)
    return judge


def set_judge_tracks(judge, actor, track_ids):
    require_organizer(actor, judge.event)
    tracks = _tracks_of(judge.event, track_ids)
    with transaction.atomic():
        judge.tracks.set(tracks)
        audit(judge.event, actor, "judge.tracks", judge, tracks=sorted(t.pk for t in tracks))


def declare_conflict(judge, actor, team, reason=""):
    """Record a conflict. Declared after assignment, it also removes the assignment and voids the judge's
    scores of the team's project and their pairwise votes involving it; the next assignment run gives the
    project a replacement judge."""
    if judge.user_id != actor.pk:
        raise TeamsError(_("Only the judge can declare their own conflicts."))
    if team.event_id != judge.event_id:
        raise TeamsError(_("That team is not in this event."))
    voided_votes = 0
    with transaction.atomic():
        judge = Judge.objects.select_for_update().get(pk=judge.pk)
        conflict, created = ConflictOfInterest.objects.get_or_create(
            judge=judge, team=team, defaults={"reason": reason[:200]}
        )
        if created:
            removed, voided_scores, voided_votes = _withdraw_from_team(judge, team)
            audit(
                judge.event,
                actor,
                "judge.conflict",
                team,
                assignments_removed=removed,
                scores_voided=voided_scores,
                votes_voided=voided_votes,
            )
    if voided_votes:
        from .pairwise import schedule_refit

        schedule_refit(judge.event_id)
    return conflict


def _withdraw_from_team(judge, team):
    """Inside the conflict's transaction, judge row locked: take the judge off the team's project."""
    now = timezone.now()
    submission_ids = list(Submission.objects.filter(team=team).values_list("pk", flat=True))
    removed, _detail = JudgeAssignment.objects.filter(judge=judge, submission_id__in=submission_ids).delete()
    voided_scores = Score.objects.filter(judge=judge, submission_id__in=submission_ids, voided_at__isnull=True).update(
        voided_at=now
    )
    voided_votes = (
        Comparison.objects.filter(judge=judge, voided_at__isnull=True)
        .filter(Q(winner_id__in=submission_ids) | Q(loser_id__in=submission_ids))
        .update(voided_at=now)
    )
    fields = []
    if judge.pairwise_current_id in submission_ids:
        judge.pairwise_current_id, judge.pairwise_since = None, None
        fields += ["pairwise_current", "pairwise_since"]
    if judge.pairwise_previous_id in submission_ids:
        judge.pairwise_previous_id = None
        fields.append("pairwise_previous")
    if fields:
        judge.save(update_fields=fields)
    return removed, voided_scores, voided_votes


def conflict_pairs(event):
    """(judge id, team id) pairs a judge must not see: declared, or the judge is in the team."""
    pairs = set(ConflictOfInterest.objects.filter(judge__event=event).values_list("judge_id", "team_id"))
    judge_users = dict(Judge.objects.filter(event=event, user__isnull=False).values_list("user_id", "pk"))
    for user_id, team_id in Membership.objects.filter(event=event, user_id__in=judge_users).values_list(
        "user_id", "team_id"
    ):
        pairs.add((judge_users[user_id], team_id))
    return pairs


def set_judge_voided(judge, actor, voided):
    """Void a judge: their scores and comparisons leave the results (kept in the log), and they stop judging."""
    require_organizer(actor, judge.event)
    with transaction.atomic():
        judge = Judge.objects.select_for_update().get(pk=judge.pk)
        judge.voided_at = timezone.now() if voided else None
        judge.pairwise_current = None
        judge.save(update_fields=["voided_at", "pairwise_current"])
        audit(judge.event, actor, "judge.voided" if voided else "judge.restored", judge)
    from .pairwise import schedule_refit

    schedule_refit(judge.event_id)
    return judge
