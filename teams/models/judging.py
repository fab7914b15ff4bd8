import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .settings import JudgingMode

__all__ = ["JudgingMode"]


class Criterion(models.Model):
    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("what judges look for"), max_length=1000, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive")]

    def __str__(self):
        return self.name


def new_token():
    return secrets.token_urlsafe(24)


class Judge(models.Model):
    """The judge role for one event. Invited by email; `user` is set when the person accepts."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="judges")
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="judge_roles"
    )
    tracks = models.ManyToManyField(
        "teams.Track", blank=True, related_name="judges", help_text=_("Empty: every track.")
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Pairwise judging: the project in front of the judge, and the one before it.
    pairwise_current = models.ForeignKey(
        "teams.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pairwise_previous = models.ForeignKey(
        "teams.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pairwise_since = models.DateTimeField(null=True, blank=True)
    # From the latest pairwise fit: how often this judge agrees with the consensus (Crowd-BT's eta).
    reliability = models.FloatField(default=0.9, editable=False)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email", "pk"]
        verbose_name = _("judge")
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="judge_once_per_event"),
            models.UniqueConstraint(
                fields=["event", "user"], condition=models.Q(user__isnull=False), name="judge_user_once_per_event"
            ),
        ]

    def __str__(self):
        return str(self.user or self.email)


class ConflictOfInterest(models.Model):
    """Declared by the judge (team members are excluded automatically without a row)."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "team"], name="conflict_once")]

    def __str__(self):
        return f"{self.judge} ≠ {self.team}"


class JudgeAssignment(models.Model):
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    submission = models.ForeignKey("teams.Submission", on_delete=models.CASCADE, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)
    # Written by the judge for the team; the team sees it once results are published.
    feedback = models.TextField(_("feedback for the team"), max_length=2000, blank=True)

    class Meta:
        ordering = ["submission_id", "judge_id"]
        constraints = [models.UniqueConstraint(fields=["judge", "submission"], name="assignment_unique")]

    def __str__(self):
        return f"{self.judge} → {self.submission}"


class Score(models.Model):
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    submission = models.ForeignKey("teams.Submission", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the judge declares a conflict with the team after scoring: kept in the log, out of results.
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "submission", "criterion"], name="score_unique")]

    def __str__(self):
        return f"{self.judge}: {self.submission} {self.criterion}={self.value}"


class Comparison(models.Model):
    """One pairwise verdict. Never deleted: voiding keeps the log and leaves it out of the fit."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="comparisons")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="comparisons")
    winner = models.ForeignKey("teams.Submission", on_delete=models.CASCADE, related_name="+")
    loser = models.ForeignKey("teams.Submission", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(winner=models.F("loser")), name="comparison_two_projects")
        ]

    def __str__(self):
        return f"{self.winner_id} > {self.loser_id}"


class PairwiseSeen(models.Model):
    """A judge has looked at a project in pairwise judging (counts as one view)."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="seen")
    submission = models.ForeignKey("teams.Submission", on_delete=models.CASCADE, related_name="pairwise_views")
    skipped = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "submission"], name="pairwise_seen_once")]

    def __str__(self):
        return f"{self.judge_id} saw {self.submission_id}"


class PairwiseRating(models.Model):
    """The latest fit of the comparison log (a cache: refit() rewrites all rows of an event)."""

    submission = models.OneToOneField("teams.Submission", on_delete=models.CASCADE, related_name="pairwise_rating")
    mu = models.FloatField(default=0.0)
    sigma_sq = models.FloatField(default=1.0)
    # Judges who looked at it (not skipped, judge not voided): counted by refit, bumped on each view.
    views = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.submission_id}: {self.mu:.3f}"


class Vote(models.Model):
    """People's Choice: one per person per event, changeable while voting is open."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey("teams.Submission", on_delete=models.CASCADE, related_name="votes")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_vote_per_person_per_event")]

    def __str__(self):
        return f"{self.user} → {self.submission}"
