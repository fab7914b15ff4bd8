from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One state change in a hackathon (team, submission, judging, results), for organizers to review."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="team_audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=60)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("hackathon audit entry")
        verbose_name_plural = _("hackathon audit entries")

    def __str__(self):
        return f"{self.action} {self.object_repr}"
