"""People's Choice: one vote per checked-in participant, not for their own team, changeable while open."""

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from ..exceptions import TeamsError
from ..models import Membership, Submission, Vote
from .common import audit, hackathon_settings, is_checked_in


def my_vote(event, user):
    if not user.is_authenticated:
        return None
    return Vote.objects.filter(event=event, user=user).select_related("submission").first()


def cast_vote(event, user, submission):
    settings_obj = hackathon_settings(event)
    if not settings_obj.voting_open():
        raise TeamsError(_("People's Choice voting is not open."))
    if not is_checked_in(user, event):
        raise TeamsError(_("Only checked-in participants can vote."))
    if submission.event_id != event.pk or not submission.is_submitted:
        raise TeamsError(_("That project is not in this event."))
    if Membership.objects.filter(team_id=submission.team_id, user=user).exists():
        raise TeamsError(_("You cannot vote for your own team."))
    try:
        with transaction.atomic():
            vote = Vote.objects.select_for_update().filter(event=event, user=user).first()
            if vote is None:
                vote = Vote.objects.create(event=event, user=user, submission=submission)
            elif vote.submission_id != submission.pk:
                vote.submission = submission
                vote.save(update_fields=["submission", "updated_at"])
            audit(event, user, "vote.cast", submission)
    except IntegrityError:
        # Two clicks at once: the other one created the vote; change it instead.
        with transaction.atomic():
            Vote.objects.filter(event=event, user=user).update(submission=submission)
            audit(event, user, "vote.cast", submission)
            vote = Vote.objects.get(event=event, user=user)
    return vote


def vote_counts(event):
    return dict(
        Submission.objects.filter(event=event).annotate(n=Count("votes")).filter(n__gt=0).values_list("pk", "n")
    )
