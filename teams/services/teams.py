"""Forming teams: create, join by code or by request, leave, transfer the captaincy, remove members.

The team row is the lock for its size: every join locks it first, then counts. The one-team-per-person
rule is a database constraint (Membership.event, user), so two simultaneous joins of different teams
cannot both win either.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import TeamsError
from ..models import JoinRequest, JoinRequestStatus, LookingForTeam, Membership, Team
from ..tasks import send_join_request_email
from .common import audit, hackathon_settings, is_organizer, require_participant


def clean_list(values, limit=20):
    """Skills and technologies: stripped, de-duplicated (case-insensitively), short."""
    if isinstance(values, str):
        values = values.split(",")
    seen, out = set(), []
    for value in values or ():
        value = str(value).strip()[:40]
        if value and value.lower() not in seen:
            seen.add(value.lower())
            out.append(value)
    return out[:limit]


def _check_formation(event, actor):
    """Before formation closes participants change teams; after it, only organizers."""
    settings_obj = hackathon_settings(event)
    if is_organizer(actor, event):
        return settings_obj
    if not settings_obj.formation_open():
        raise TeamsError(_("Team formation has closed; ask an organizer to change teams."))
    return settings_obj


def _require_captain(team, actor):
    if team.captain_id != actor.pk and not is_organizer(actor, team.event):
        raise TeamsError(_("Only the team's captain can do that."))


def team_of(user, event):
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(event=event, user=user).select_related("team").first()
    return membership.team if membership else None


def _add_member(team, user, settings_obj):
    """Inside a transaction, with the team row locked: enforce the size limit and one team per person."""
    if Membership.objects.filter(team=team).count() >= settings_obj.max_team_size:
        raise TeamsError(_("This team is full (at most %(n)d people).") % {"n": settings_obj.max_team_size})
    if Membership.objects.filter(event_id=team.event_id, user=user).exists():
        raise TeamsError(_("You are already in a team for this event."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(team=team, event_id=team.event_id, user=user)
    except IntegrityError:
        raise TeamsError(_("You are already in a team for this event."))
    LookingForTeam.objects.filter(event_id=team.event_id, user=user).delete()
    JoinRequest.objects.filter(team__event_id=team.event_id, user=user, status=JoinRequestStatus.PENDING).update(
        status=JoinRequestStatus.WITHDRAWN, decided_at=timezone.now()
    )
    return membership


def create_team(event, user, name, description="", skills_wanted=()):
    _check_formation(event, user)
    require_participant(user, event)
    name = (name or "").strip()
    if not name:
        raise TeamsError(_("Give your team a name."))
    if team_of(user, event):
        raise TeamsError(_("You are already in a team for this event."))
    if Team.objects.filter(event=event, name__iexact=name).exists():
        raise TeamsError(_("Another team already has that name."))
    try:
        with transaction.atomic():
            team = Team.objects.create(
                event=event,
                name=name[:80],
                description=(description or "")[:2000],
                skills_wanted=clean_list(skills_wanted),
                captain=user,
            )
            Membership.objects.create(team=team, event=event, user=user)
            LookingForTeam.objects.filter(event=event, user=user).delete()
            JoinRequest.objects.filter(team__event=event, user=user, status=JoinRequestStatus.PENDING).update(
                status=JoinRequestStatus.WITHDRAWN, decided_at=timezone.now()
            )
            audit(event, user, "team.created", team)
    except IntegrityError:
        raise TeamsError(_("You are already in a team for this event, or the name is taken."))
    return team


def update_team(team, actor, name, description, skills_wanted):
    _check_formation(team.event, actor)
    _require_captain(team, actor)
    name = (name or "").strip()
    if not name:
        raise TeamsError(_("Give your team a name."))
    if Team.objects.filter(event_id=team.event_id, name__iexact=name).exclude(pk=team.pk).exists():
        raise TeamsError(_("Another team already has that name."))
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        team.name, team.description, team.skills_wanted = name[:80], description[:2000], clean_list(skills_wanted)
        team.save(update_fields=["name", "description", "skills_wanted"])
        audit(team.event, actor, "team.updated", team)
    return team


def join_by_code(event, user, code):
    settings_obj = _check_formation(event, user)
    require_participant(user, event)
    team = Team.objects.filter(event=event, invite_code=(code or "").strip()).first()
    if team is None:
        raise TeamsError(_("That invite code does not match a team of this event."))
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        membership = _add_member(team, user, settings_obj)
        audit(event, user, "team.joined", team, via="code")
    return membership


def request_to_join(team, user, message=""):
    event = team.event
    _check_formation(event, user)
    require_participant(user, event)
    if team_of(user, event):
        raise TeamsError(_("You are already in a team for this event."))
    with transaction.atomic():
        join_request = _open_request(team, user, user, from_team=False, message=message)
        transaction.on_commit(lambda: send_join_request_email.enqueue(join_request.pk))
    return join_request


def invite_to_team(team, actor, user, message=""):
    """The captain asks a participant (e.g. from the looking-for-team board) to join."""
    event = team.event
    _check_formation(event, actor)
    _require_captain(team, actor)
    require_participant(user, event)
    if team_of(user, event):
        raise TeamsError(_("That person is already in a team."))
    return _open_request(team, user, actor, from_team=True, message=message)


def _open_request(team, user, actor, from_team, message):
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(team=team, user=user, from_team=from_team, message=message[:1000])
            audit(team.event, actor, "team.request_sent", team, user=user.pk, from_team=from_team)
    except IntegrityError:
        raise TeamsError(_("A request between you and this team is already waiting for an answer."))
    return request


def _decider_ok(join_request, actor):
    """Who answers a request: the captain for a person's request, the person for a team's invitation."""
    if join_request.from_team:
        return actor.pk == join_request.user_id or is_organizer(actor, join_request.team.event)
    return actor.pk == join_request.team.captain_id or is_organizer(actor, join_request.team.event)


def accept_request(join_request, actor):
    team = join_request.team
    settings_obj = _check_formation(team.event, actor)
    if not _decider_ok(join_request, actor):
        raise TeamsError(_("Only the other side of this request can accept it."))
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != JoinRequestStatus.PENDING:
            raise TeamsError(_("This request has already been answered."))
        membership = _add_member(team, join_request.user, settings_obj)
        join_request.status, join_request.decided_at = JoinRequestStatus.ACCEPTED, timezone.now()
        join_request.save(update_fields=["status", "decided_at"])
        audit(team.event, actor, "team.request_accepted", team, user=join_request.user_id)
    return membership


def decline_request(join_request, actor):
    """The other side declines; the sender may withdraw their own request."""
    team = join_request.team
    _check_formation(team.event, actor)
    sender_id = team.captain_id if join_request.from_team else join_request.user_id
    if actor.pk == sender_id:
        status = JoinRequestStatus.WITHDRAWN
    elif _decider_ok(join_request, actor):
        status = JoinRequestStatus.DECLINED
    else:
        raise TeamsError(_("Only the other side of this request can decline it."))
    with transaction.atomic():
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != JoinRequestStatus.PENDING:
            raise TeamsError(_("This request has already been answered."))
        join_request.status, join_request.decided_at = status, timezone.now()
        join_request.save(update_fields=["status", "decided_at"])
        audit(team.event, actor, f"team.request_{status}", team, user=join_request.user_id)
    return join_request


def _drop_member(team, user, actor, action):
    """Inside a transaction with the team locked. The captaincy passes to the longest-standing member."""
    membership = Membership.objects.filter(team=team, user=user).first()
    if membership is None:
        raise TeamsError(_("That person is not in this team."))
    others = list(Membership.objects.filter(team=team).exclude(pk=membership.pk).order_by("joined_at", "pk"))
    if not others and hasattr(team, "submission"):
        raise TeamsError(_("The last member of a team with a project cannot leave; ask an organizer."))
    membership.delete()
    audit(team.event, actor, action, team, user=user.pk)
    if not others:
        team.delete()
        return None
    if team.captain_id == user.pk:
        team.captain_id = others[0].user_id
        team.save(update_fields=["captain"])
        audit(team.event, actor, "team.captain_changed", team, captain=team.captain_id)
    return team


def leave_team(team, user):
    _check_formation(team.event, user)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        return _drop_member(team, user, user, "team.left")


def remove_member(team, actor, user):
    _check_formation(team.event, actor)
    _require_captain(team, actor)
    if user.pk == actor.pk:
        raise TeamsError(_("To leave the team, use Leave team."))
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        return _drop_member(team, user, actor, "team.member_removed")


def transfer_captain(team, actor, new_captain):
    _check_formation(team.event, actor)
    _require_captain(team, actor)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        if not Membership.objects.filter(team=team, user=new_captain).exists():
            raise TeamsError(_("The new captain must be a member of the team."))
        team.captain = new_captain
        team.save(update_fields=["captain"])
        audit(team.event, actor, "team.captain_changed", team, captain=new_captain.pk)
    return team


def organizer_add_member(team, actor, user):
    """After formation closes, organizers can still place a person in a team."""
    if not is_organizer(actor, team.event):
        raise TeamsError(_("Only the event's organizers can do that."))
    settings_obj = hackathon_settings(team.event)
    require_participant(user, team.event)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        membership = _add_member(team, user, settings_obj)
        audit(team.event, actor, "team.member_added", team, user=user.pk)
    return membership


def set_looking(event, user, looking, note="", skills=None, interests=None):
    """Put a participant on (or off) the board; their skills and interests go to their profile."""
    _check_formation(event, user)
    require_participant(user, event)
    if looking and team_of(user, event):
        raise TeamsError(_("You are already in a team for this event."))
    with transaction.atomic():
        profile_fields = []
        if skills is not None:
            user.skills = clean_list(skills)
            profile_fields.append("skills")
        if interests is not None:
            user.interests = clean_list(interests)
            profile_fields.append("interests")
        if profile_fields:
            user.save(update_fields=profile_fields)
        if looking:
            entry, created = LookingForTeam.objects.get_or_create(event=event, user=user)
            entry.note = (note or "")[:300]
            entry.save(update_fields=["note"])
        else:
            LookingForTeam.objects.filter(event=event, user=user).delete()
        audit(event, user, "board.looking" if looking else "board.not_looking", user)


def leave_teams_for_closed_account(user, actor):
    """The person's account is being erased: they leave every team, whatever the formation window.
    The captaincy passes to the longest-standing member; a team left empty is dissolved, except one
    with a project, which stays (with the pseudonymous account as its only member) so the project keeps
    its team. Returns {"teams_left": n, "teams_dissolved": n, "captaincies_passed": n}."""
    totals = {"teams_left": 0, "teams_dissolved": 0, "captaincies_passed": 0}
    team_ids = sorted(
        set(Membership.objects.filter(user=user).values_list("team_id", flat=True))
        | set(Team.objects.filter(captain=user).values_list("pk", flat=True))
    )
    with transaction.atomic():
        for team_id in team_ids:  # fixed lock order: teams by primary key
            team = Team.objects.select_for_update().get(pk=team_id)
            members = Membership.objects.filter(team=team)
            others = members.exclude(user=user).order_by("joined_at", "pk")
            if not others.exists():
                if hasattr(team, "submission"):
                    continue
                audit(team.event, actor, "team.dissolved", team, reason="account_closed")
                team.delete()
                totals["teams_dissolved"] += 1
                continue
            was_captain = team.captain_id == user.pk
            if members.filter(user=user).exists():
                _drop_member(team, user, actor, "team.left")
                totals["teams_left"] += 1
            elif was_captain:  # captain without a membership row (kept by an organizer): pass it on
                team.captain_id = others.first().user_id
                team.save(update_fields=["captain"])
                audit(team.event, actor, "team.captain_changed", team, captain=team.captain_id)
            if was_captain:
                totals["captaincies_passed"] += 1
    return totals
