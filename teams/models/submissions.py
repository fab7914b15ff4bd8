from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Track(models.Model):
    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name", "pk"]
        verbose_name = _("track")
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="track_name_unique_per_event")]

    def __str__(self):
        return self.name


class Submission(models.Model):
    """A team's one project. A draft until the team submits it; editable until the deadline."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="submissions")
    team = models.OneToOneField("teams.Team", on_delete=models.PROTECT, related_name="submission")
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=280)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    repo_url = models.URLField(_("repository URL"), blank=True)
    demo_url = models.URLField(_("demo URL"), blank=True)
    video_url = models.URLField(_("video URL"), blank=True)
    image = models.ImageField(_("project image"), upload_to="projects/%Y/%m/", blank=True)
    tracks = models.ManyToManyField(Track, blank=True, related_name="submissions", verbose_name=_("tracks"))
    technologies = models.JSONField(_("technologies"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reopened = models.BooleanField(_("reopened by an organizer"), default=False)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("project submission")

    def __str__(self):
        return self.title

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def shows_team(self):
        """False when the project is named after its team: the name is then shown once."""
        return self.title.strip().casefold() != self.team.name.strip().casefold()


class SubmissionVersion(models.Model):
    """The submission as it was after each save: history organizers can check."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="submission_version_unique")]

    def __str__(self):
        return f"{self.submission} v{self.number}"


class Prize(models.Model):
    """A prize, for the whole event or one track; `place` 1 is the winner, 2 the runner-up..."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="prizes")
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.CASCADE, related_name="prizes", verbose_name=_("track")
    )
    peoples_choice = models.BooleanField(_("People's Choice"), default=False)
    place = models.PositiveSmallIntegerField(_("place"), default=1)
    winner = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="prizes", editable=False
    )
    # People's Choice ties are published as ties: the projects sharing the place with `winner`.
    tied = models.ManyToManyField(Submission, blank=True, related_name="+", editable=False)

    class Meta:
        ordering = ["track__order", "place", "name", "pk"]
        verbose_name = _("prize")

    def __str__(self):
        return self.name
