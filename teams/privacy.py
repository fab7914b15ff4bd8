"""What the teams app (teams, projects, judging, voting) holds about a person, for privacy."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import Collected, DataSource, register

from .models import (
    AuditEntry,
    Comparison,
    JoinRequest,
    Judge,
    LookingForTeam,
    Membership,
    Score,
    Submission,
    SubmissionVersion,
    Vote,
)


def _when(value):
    return value.isoformat() if value else None


def _submission(submission):
    return {
        "id": submission.pk,
        "title": submission.title,
        "summary": submission.summary,
        "description": submission.description,
        "repo_url": submission.repo_url,
        "demo_url": submission.demo_url,
        "video_url": submission.video_url,
        "technologies": submission.technologies,
        "submitted_at": _when(submission.submitted_at),
    }


def export(user):
    memberships = Membership.objects.filter(user=user).select_related("team__event").order_by("joined_at", "pk")
    team_ids = [m.team_id for m in memberships]
    judges = Judge.objects.filter(user=user).select_related("event").order_by("pk")
    return {
        "teams": [
            {
                "team": m.team.name,
                "event": m.team.event.title,
                "joined_at": _when(m.joined_at),
                "captain": m.team.captain_id == user.pk,
                "description": m.team.description,
                "skills_wanted": m.team.skills_wanted,
            }
            for m in memberships
        ],
        "join_requests": [
            {
                "team": r.team.name,
                "invitation_from_team": r.from_team,
                "message": r.message,
                "status": r.status,
                "created_at": _when(r.created_at),
            }
            for r in JoinRequest.objects.filter(user=user).select_related("team").order_by("created_at", "pk")
        ],
        "looking_for_team": [
            {"event": entry.event.title, "note": entry.note, "since": _when(entry.created_at)}
            for entry in LookingForTeam.objects.filter(user=user).select_related("event")
        ],
        "submissions": [_submission(s) for s in Submission.objects.filter(team_id__in=team_ids).order_by("pk")],
        "submission_edits": [
            {"submission": v.submission_id, "version": v.number, "at": _when(v.created_at)}
            for v in SubmissionVersion.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "judging": [
            {
                "event": judge.event.title,
                "invited_as": judge.email,
                "accepted_at": _when(judge.accepted_at),
                "scores": [
                    {
                        "submission": score.submission.title,
                        "criterion": score.criterion.name,
                        "value": score.value,
                        "at": _when(score.updated_at),
                    }
                    for score in Score.objects.filter(judge=judge).select_related("submission", "criterion")
                ],
                "comparisons": [
                    {"winner": c.winner.title, "loser": c.loser.title, "at": _when(c.created_at)}
                    for c in Comparison.objects.filter(judge=judge).select_related("winner", "loser")
                ],
            }
            for judge in judges
        ],
        "votes": [
            {"event": vote.event.title, "project": vote.submission.title, "at": _when(vote.updated_at)}
            for vote in Vote.objects.filter(user=user).select_related("event", "submission")
        ],
        "audit_entries": [
            {"at": _when(a.created_at), "event": a.event.title, "action": a.action, "object": a.object_repr}
            for a in _audit_about(user).select_related("event").order_by("created_at", "pk")
        ],
    }


def _audit_about(user):
    return AuditEntry.objects.filter(Q(actor=user) | Q(data__user=user.pk) | Q(data__captain=user.pk))


def erase(erasure):
    from .services.teams import leave_teams_for_closed_account

    user = erasure.user
    erasure.summary.update(leave_teams_for_closed_account(user, erasure.actor))
    erasure.count("join_requests", JoinRequest.objects.filter(user=user).delete()[0])
    LookingForTeam.objects.filter(user=user).delete()
    # Judge roles stay (their scores and comparisons count), but under an address that names nobody.
    for judge in Judge.objects.filter(Q(user=user) | Q(email__iexact=user.email)):
        judge.email = erasure.pseudonym_email
        judge.user = user
        judge.save(update_fields=["email", "user"])
        erasure.count("judge_roles_kept")
    # Votes stay with the pseudonym, so People's Choice totals do not change.
    erasure.count("votes_kept", Vote.objects.filter(user=user).count())
    # Audit rows name people in their labels (a judge, a board entry): keep the rows, replace the name.
    named = Q(actor=user)
    for ident in erasure.identifiers:
        named |= Q(object_repr__icontains=ident)
    candidates = AuditEntry.objects.filter(named)
    for entry in candidates:
        if erasure.contains_identifier(entry.object_repr) or erasure.contains_identifier(str(entry.data)):
            entry.object_repr = erasure.scrub(entry.object_repr)[:200]
            entry.data = erasure.scrub(entry.data)
            entry.save(update_fields=["object_repr", "data"])
    for version in SubmissionVersion.objects.filter(author=user):
        if erasure.contains_identifier(str(version.data)):
            version.data = erasure.scrub(version.data)
            version.save(update_fields=["data"])


def preview(user):
    from django.utils.translation import gettext

    lines = []
    for membership in Membership.objects.filter(user=user).select_related("team"):
        team = membership.team
        others = Membership.objects.filter(team=team).exclude(user=user).order_by("joined_at", "pk").first()
        if others is None and hasattr(team, "submission"):
            lines.append(gettext("Team %(team)s keeps its project, under an anonymous member.") % {"team": team.name})
        elif others is None:
            lines.append(gettext("Team %(team)s is dissolved (you are its only member).") % {"team": team.name})
        elif team.captain_id == user.pk:
            lines.append(
                gettext("You leave team %(team)s; %(name)s becomes its captain.")
                % {"team": team.name, "name": others.user.display_name}
            )
        else:
            lines.append(gettext("You leave team %(team)s; its project stays with the team.") % {"team": team.name})
    if Judge.objects.filter(user=user).exists() or Vote.objects.filter(user=user).exists():
        lines.append(gettext("Your scores and votes still count, attributed to an anonymous judge or voter."))
    return lines


def register_source():
    register(
        DataSource(
            key="teams",
            label=_("Hackathon teams, projects, judging and voting"),
            export=export,
            erase=erase,
            preview=preview,
            order=10,  # before events: leaving teams needs nothing the registration cancellation changes
            collected=(
                Collected(
                    what=_("Teams and join requests"),
                    fields=(_("team"), _("captaincy"), _("your message to a team"), _("looking-for-team note")),
                    purpose=_("To form hackathon teams."),
                    who_sees=_("Participants of the hackathon and its organizers."),
                    kept=_(
                        "Until you leave or erase your account; then the captaincy passes to another member "
                        "(a team left empty is dissolved) and your messages are deleted."
                    ),
                ),
                Collected(
                    what=_("Project submissions"),
                    fields=(_("title"), _("description"), _("links"), _("image")),
                    purpose=_("To judge and show the projects."),
                    who_sees=_("Judges and organizers; everyone when the gallery is public."),
                    kept=_("They belong to the team and stay with it when you erase your account."),
                ),
                Collected(
                    what=_("Judging and People's Choice votes"),
                    fields=(_("scores"), _("comparisons"), _("conflicts of interest"), _("your vote")),
                    purpose=_("To decide the results fairly."),
                    who_sees=_("Organizers; nobody sees who voted for what."),
                    kept=_("Kept so results still add up; after you erase your account, under an anonymous judge."),
                ),
            ),
            export_fields={
                "teams": _("Teams you are in, with whether you captain them."),
                "join_requests": _("Requests to join teams and invitations, with their messages."),
                "looking_for_team": _("Your notes on the looking-for-team board."),
                "submissions": _("Your teams' projects."),
                "submission_edits": _("When you edited a project."),
                "judging": _("Events you judge, with every score and comparison you gave."),
                "votes": _("Your People's Choice votes."),
                "audit_entries": _("The hackathon log entries about you or made by you."),
            },
        )
    )
