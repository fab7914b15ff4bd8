from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from ..admin_forms import OccurrenceForm


class OccurrenceQuerySet(models.QuerySet):
    def public(self):
        from .pages import EventPage

        return self.filter(event__in=EventPage.objects.live().public().values("pk"))

    def scheduled(self):
        return self.filter(status=OccurrenceStatus.SCHEDULED, event__status="scheduled")


class OccurrenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Occurrence(models.Model):
    """One date of an event. People register for an occurrence, never for a whole series."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="occurrences")
    # The date the rule gives, in the event's zone: the key that survives a change of time of day
    # and, with the event's current start time, the RECURRENCE-ID of a moved date.
    original_date = models.DateField(_("scheduled date"))
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=20, choices=OccurrenceStatus.choices, default=OccurrenceStatus.SCHEDULED
    )
    is_moved = models.BooleanField(_("moved"), default=False, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("e.g. 'Holiday break'"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats for this date; empty uses the event's capacity.")
    )
    modified_at = models.DateTimeField(auto_now=True)

    objects = OccurrenceQuerySet.as_manager()
    base_form_class = OccurrenceForm

    panels = [
        FieldPanel("status"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("note"),
        FieldPanel("confirm_notify"),  # a form field: shown only when people are registered
    ]

    class Meta:
        ordering = ["start"]
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        constraints = [
            models.UniqueConstraint(fields=["event", "original_date"], name="occurrence_unique_date"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="occurrence_ends_after_start"),
        ]
        indexes = [models.Index(fields=["event", "start"])]

    def __str__(self):
        return f"{self.event.title} – {self.local_start:%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The date must end after it starts.")})

    @property
    def is_cancelled(self):
        return self.status == OccurrenceStatus.CANCELLED or self.event.status == "cancelled"

    @property
    def seat_limit(self):
        """Seats for this date (None: no limit)."""
        return self.capacity if self.capacity is not None else self.event.capacity

    @property
    def local_start(self):
        return self.start.astimezone(self.event.tz)

    @property
    def local_end(self):
        return self.end.astimezone(self.event.tz)
