import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_invite_code():
    return secrets.token_urlsafe(9)


class Team(models.Model):
    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=80)
    description = models.TextField(_("what you want to build"), max_length=2000, blank=True)
    skills_wanted = models.JSONField(_("skills wanted"), default=list, blank=True)
    captain = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="captained_teams")
    invite_code = models.CharField(max_length=24, unique=True, default=new_invite_code, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("team")
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="team_name_unique_per_event")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person in a team. `event` repeats the team's event so the database keeps one team per person per event."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("team membership")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_team_per_person_per_event")]

    def __str__(self):
        return f"{self.user} in {self.team}"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    """A person asks to join a team (or a team invites a person); the other side accepts or declines."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    from_team = models.BooleanField(
        _("invitation from the team"), default=False, help_text=_("Set when the team invited the person.")
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("join request")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"], condition=models.Q(status="pending"), name="one_pending_request_per_team"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.team} ({self.status})"


class LookingForTeam(models.Model):
    """A participant on the looking-for-team board of an event."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="looking_once_per_event")]

    def __str__(self):
        return str(self.user)
