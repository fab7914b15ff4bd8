"""The looking-for-team board: suggestions ranked by overlap and complementarity of skills.

A team wants skills; a person has skills and interests. The score rewards skills the team asks for
that the person brings (complementarity: they fill a gap no member has yet) more than skills the
team already has, plus shared interests. Ties break by name then id, so the order is stable.
"""

from ..models import LookingForTeam, Membership, Team


def _norm(values):
    return {str(v).strip().lower() for v in values or () if str(v).strip()}


def match_score(wanted, team_skills, team_interests, person_skills, person_interests):
    wanted, person_skills = _norm(wanted), _norm(person_skills)
    gap = wanted - _norm(team_skills)
    fills_gap = len(gap & person_skills)
    wanted_hit = len(wanted & person_skills)
    new_skills = len(person_skills - _norm(team_skills))
    shared_interests = len(_norm(team_interests) & _norm(person_interests))
    return 3 * fills_gap + 2 * wanted_hit + shared_interests + 0.25 * min(new_skills, 4)


def _team_profiles(event):
    teams = {t.pk: t for t in Team.objects.filter(event=event)}
    skills, interests, sizes = {}, {}, {}
    for m in Membership.objects.filter(event=event).select_related("user"):
        skills.setdefault(m.team_id, []).extend(m.user.skills or [])
        interests.setdefault(m.team_id, []).extend(m.user.interests or [])
        sizes[m.team_id] = sizes.get(m.team_id, 0) + 1
    return teams, skills, interests, sizes


def people_for_team(team, limit=20):
    """People on the board, best match for this team first."""
    teams, skills, interests, _sizes = _team_profiles(team.event)
    rows = []
    for entry in LookingForTeam.objects.filter(event=team.event).select_related("user"):
        u = entry.user
        score = match_score(team.skills_wanted, skills.get(team.pk), interests.get(team.pk), u.skills, u.interests)
        rows.append((-score, u.display_name.lower(), u.pk, entry, score))
    rows.sort(key=lambda r: r[:3])
    return [(r[3], r[4]) for r in rows[:limit]]


def teams_for_person(event, user, max_size, limit=20):
    """Teams with room, best match for this person first."""
    teams, skills, interests, sizes = _team_profiles(event)
    rows = []
    for team in teams.values():
        if sizes.get(team.pk, 0) >= max_size:
            continue
        score = match_score(
            team.skills_wanted, skills.get(team.pk), interests.get(team.pk), user.skills, user.interests
        )
        rows.append((-score, team.name.lower(), team.pk, team, score))
    rows.sort(key=lambda r: r[:3])
    return [(r[3], r[4]) for r in rows[:limit]]
