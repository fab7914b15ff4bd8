from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.formatting import local_when


class JudgingMode(models.TextChoices):
    RUBRIC = "rubric", _("Rubric scores")
    PAIRWISE = "pairwise", _("Pairwise comparisons")
    BOTH = "both", _("Rubric and pairwise")


class HackathonSettings(models.Model):
    """The organizer's choices for one hackathon: team sizes, deadlines, judging and voting."""

    event = models.OneToOneField("events.EventPage", on_delete=models.CASCADE, related_name="hackathon")
    min_team_size = models.PositiveSmallIntegerField(_("smallest team"), default=1)
    max_team_size = models.PositiveSmallIntegerField(_("largest team"), default=4)
    formation_closes_at = models.DateTimeField(
        _("team formation closes"), null=True, blank=True, help_text=_("After this only organizers change teams.")
    )
    submission_deadline = models.DateTimeField(_("submission deadline"), null=True, blank=True)
    gallery_public = models.BooleanField(
        _("public project gallery"), default=False, help_text=_("Shown once the submission deadline has passed.")
    )
    judging_mode = models.CharField(
        _("judging"), max_length=10, choices=JudgingMode.choices, default=JudgingMode.RUBRIC
    )
    judges_per_project = models.PositiveSmallIntegerField(
        _("judges per project (k)"), default=3, help_text=_("Rubric assignment gives every project at least this many.")
    )
    score_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    score_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    judging_closes_at = models.DateTimeField(_("judging closes"), null=True, blank=True)
    pairwise_min_views = models.PositiveSmallIntegerField(_("pairwise: minimum views per project"), default=3)
    peoples_choice = models.BooleanField(_("People's Choice voting"), default=False)
    voting_opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("hackathon settings")
        verbose_name_plural = _("hackathon settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_team_size__gte=1, max_team_size__gte=models.F("min_team_size")),
                name="hackathon_team_sizes_ordered",
            ),
            models.CheckConstraint(condition=models.Q(score_max__gt=models.F("score_min")), name="hackathon_scale"),
        ]

    def __str__(self):
        return str(self.event)

    def clean(self):
        errors = {}
        if self.min_team_size and self.max_team_size and self.max_team_size < self.min_team_size:
            errors["max_team_size"] = _("The largest team cannot be smaller than the smallest.")
        if self.score_min is not None and self.score_max is not None and self.score_max <= self.score_min:
            errors["score_max"] = _("The highest score must be above the lowest.")
        if self.voting_opens_at and self.voting_closes_at and self.voting_closes_at <= self.voting_opens_at:
            errors["voting_closes_at"] = _("Voting must close after it opens.")
        formed, submitted, judged = self.formation_closes_at, self.submission_deadline, self.judging_closes_at
        if formed and submitted and submitted < formed:
            errors["submission_deadline"] = _("Projects are submitted after teams are formed.")
        if submitted and judged and judged <= submitted:
            errors["judging_closes_at"] = _("Judging must close after the submission deadline.")
        self._clean_inside_event(errors)
        if errors:
            raise ValidationError(errors)

    DEADLINES = (
        "formation_closes_at",
        "submission_deadline",
        "judging_closes_at",
        "voting_opens_at",
        "voting_closes_at",
    )

    def _clean_inside_event(self, errors):
        """Every deadline falls within the event, from its start to the end of its last date."""
        event = self.event
        last_start = event.series_last_local_start()
        starts = event.start
        ends = event.aware(last_start + event.local_duration()) if last_start is not None else None
        for name in self.DEADLINES:
            value = getattr(self, name)
            if value is None or name in errors:
                continue
            if value < starts or (ends is not None and value > ends):
                errors[name] = _("Choose a time within the event, from %(start)s to %(end)s.") % {
                    "start": local_when(starts, event),
                    "end": local_when(ends, event) if ends else "…",
                }

    # -- phases ---------------------------------------------------------------

    def _now(self, now):
        return now or timezone.now()

    def formation_open(self, now=None):
        return self.formation_closes_at is None or self._now(now) < self.formation_closes_at

    def submissions_open(self, now=None):
        return self.submission_deadline is None or self._now(now) < self.submission_deadline

    def judging_open(self, now=None):
        return self.judging_closes_at is None or self._now(now) < self.judging_closes_at

    def voting_open(self, now=None):
        now = self._now(now)
        if not self.peoples_choice:
            return False
        if self.voting_opens_at and now < self.voting_opens_at:
            return False
        return self.voting_closes_at is None or now < self.voting_closes_at

    def gallery_visible(self, now=None):
        return self.gallery_public and self.submission_deadline is not None and not self.submissions_open(now)

    @property
    def uses_rubric(self):
        return self.judging_mode in (JudgingMode.RUBRIC, JudgingMode.BOTH)

    @property
    def uses_pairwise(self):
        return self.judging_mode in (JudgingMode.PAIRWISE, JudgingMode.BOTH)

    @property
    def results_published(self):
        return self.results_published_at is not None
