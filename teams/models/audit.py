from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# What organizers read in the hackathon's log: the stored action is a stable code (kept as written, so
# old entries and exports stay the same); the page shows it in the reader's language.
ACTION_LABELS = {
    "board.looking": _("looking for a team"),
    "board.not_looking": _("no longer looking for a team"),
    "criterion.added": _("criterion added"),
    "criterion.deleted": _("criterion deleted"),
    "judge.accepted": _("judge accepted"),
    "judge.conflict": _("judge declared a conflict"),
    "judge.invited": _("judge invited"),
    "judge.restored": _("judge restored"),
    "judge.tracks": _("judge's tracks changed"),
    "judge.voided": _("judge's scores voided"),
    "judging.assigned": _("projects assigned to judges"),
    "judging.closed": _("judging closed"),
    "judging.scored": _("project scored"),
    "judging.second_round": _("second round of judging"),
    "pairwise.restored": _("comparison restored"),
    "pairwise.skip": _("comparison skipped"),
    "pairwise.voided": _("comparison voided"),
    "pairwise.vote": _("comparison made"),
    "prize.added": _("prize added"),
    "prize.deleted": _("prize deleted"),
    "results.published": _("results published"),
    "results.unpublished": _("results unpublished"),
    "settings.updated": _("settings updated"),
    "submission.created": _("project started"),
    "submission.image": _("project image added"),
    "submission.image_removed": _("project image removed"),
    "submission.locked": _("project locked"),
    "submission.reopened": _("project reopened"),
    "submission.saved": _("project saved"),
    "submission.withdrawn": _("project withdrawn"),
    "team.captain_changed": _("team captain changed"),
    "team.created": _("team created"),
    "team.dissolved": _("team dissolved"),
    "team.joined": _("joined the team"),
    "team.left": _("left the team"),
    "team.member_added": _("member added"),
    "team.member_removed": _("member removed"),
    "team.request_accepted": _("request to join accepted"),
    "team.request_declined": _("request to join declined"),
    "team.request_sent": _("request to join sent"),
    "team.request_withdrawn": _("request to join withdrawn"),
    "team.updated": _("team updated"),
    "vote.cast": _("vote cast"),
}


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

    @property
    def action_label(self):
        """The action in the reader's language (an unknown code, from a newer or older release, as stored)."""
        return ACTION_LABELS.get(self.action, self.action)
