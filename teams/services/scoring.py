"""Rubric scores: a judge scores the projects assigned to them, and may change them until judging closes."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..exceptions import TeamsError
from ..models import Criterion, Judge, JudgeAssignment, Score, Submission
from .common import audit, hackathon_settings


def assigned_submissions(judge):
    return (
        Submission.objects.filter(assignments__judge=judge, submitted_at__isnull=False)
        .select_related("team")
        .order_by("title", "pk")
    )


def get_assigned(judge, submission_id):
    """The project if it is assigned to this judge, else a refusal (judges never see other projects)."""
    submission = Submission.objects.filter(pk=submission_id, assignments__judge=judge).first()
    if submission is None:
        raise TeamsError(_("That project is not assigned to you."))
    return submission


def my_scores(judge, submission):
    return dict(
        Score.objects.filter(judge=judge, submission=submission, voided_at__isnull=True).values_list(
            "criterion_id", "value"
        )
    )


def my_feedback(judge, submission):
    return (
        JudgeAssignment.objects.filter(judge=judge, submission=submission).values_list("feedback", flat=True).first()
        or ""
    )


def save_scores(judge, actor, submission, values, feedback=None):
    """values: {criterion id: score}. Every criterion of the event must be scored, on the scale.
    feedback: optional words for the team (shown to them once results are published)."""
    event = judge.event
    settings_obj = hackathon_settings(event)
    if judge.user_id != actor.pk or judge.voided_at is not None:
        raise TeamsError(_("Only the judge can give their scores."))
    if not JudgeAssignment.objects.filter(judge=judge, submission=submission).exists():
        raise TeamsError(_("That project is not assigned to you."))
    if not settings_obj.judging_open():
        raise TeamsError(_("Judging has closed; scores can no longer change."))
    criteria = list(Criterion.objects.filter(event=event))
    if not criteria:
        raise TeamsError(_("The organizers have not set up the rubric yet."))
    clean = {}
    for criterion in criteria:
        raw = values.get(criterion.pk, values.get(str(criterion.pk)))
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise TeamsError(_("Give a score for “%(name)s”.") % {"name": criterion.name})
        if not settings_obj.score_min <= value <= settings_obj.score_max:
            raise TeamsError(
                _("Scores go from %(lo)d to %(hi)d.") % {"lo": settings_obj.score_min, "hi": settings_obj.score_max}
            )
        clean[criterion.pk] = value
    if feedback is not None:
        feedback = feedback.replace("\x00", "").strip()
        if len(feedback) > 2000:
            raise TeamsError(_("Feedback is limited to 2,000 characters."))
    with transaction.atomic():
        Judge.objects.select_for_update().get(pk=judge.pk)
        existing = {s.criterion_id: s for s in Score.objects.filter(judge=judge, submission=submission)}
        for criterion_id, value in clean.items():
            score = existing.get(criterion_id)
            if score is None:
                Score.objects.create(judge=judge, submission=submission, criterion_id=criterion_id, value=value)
            elif score.value != value:
                score.value = value
                score.save(update_fields=["value", "updated_at"])
        if feedback is not None:
            JudgeAssignment.objects.filter(judge=judge, submission=submission).update(feedback=feedback)
        audit(event, actor, "judging.scored", submission, judge=judge.pk)
    return clean
