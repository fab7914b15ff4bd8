from django.db import models
from django.utils.translation import gettext_lazy as _


class DateChange(models.Model):
    """A change to a date that people registered for (moved, retimed, new venue or link), waiting to be
    told: one email per person per change. Saves within CONVENE_DATE_CHANGE_DELAY_SECONDS of each other
    join the change still waiting, so an organizer fixing a typo twice sends one email, not two."""

    occurrence = models.ForeignKey("events.Occurrence", on_delete=models.CASCADE, related_name="changes")
    # The date as people last heard of it: {"start": iso, "end": iso, "where": text}.
    before = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("change to a date")
        constraints = [
            # At most one change waiting per date: later saves extend it instead of adding another.
            models.UniqueConstraint(
                fields=["occurrence"], condition=models.Q(sent_at__isnull=True), name="one_waiting_change_per_date"
            )
        ]

    def __str__(self):
        return f"{self.occurrence_id} changed at {self.created_at:%Y-%m-%d %H:%M}"
