"""Organizer views of judging, CSV export, and publishing winners."""

import csv
import io

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import TeamsError
from ..models import Criterion, HackathonSettings, Judge, Prize, Score, Submission, Track
from .common import audit, hackathon_settings, require_organizer
from .ranking import Standings, cut_offs, peoples_choice, prize_places, ranking


def progress(event):
    """Projects with too few views, and each judge's completion."""
    settings_obj = hackathon_settings(event)
    k = settings_obj.judges_per_project
    n_criteria = Criterion.objects.filter(event=event).count()
    subs = (
        Submission.objects.filter(event=event, submitted_at__isnull=False)
        .annotate(
            assigned=Count("assignments", distinct=True),
            scored=Count(
                "scores__judge",
                filter=Q(scores__judge__voided_at__isnull=True, scores__voided_at__isnull=True),
                distinct=True,
            ),
            views=Count(
                "pairwise_views",
                filter=Q(pairwise_views__skipped=False, pairwise_views__judge__voided_at__isnull=True),
                distinct=True,
            ),
        )
        .select_related("team")
        .order_by("title", "pk")
    )
    projects = []
    for s in subs:
        low_rubric = settings_obj.uses_rubric and s.scored < k
        low_pairwise = settings_obj.uses_pairwise and s.views < settings_obj.pairwise_min_views
        projects.append(
            {
                "submission": s,
                "assigned": s.assigned,
                "scored": s.scored,
                "views": s.views,
                "too_few": low_rubric or low_pairwise,
            }
        )
    judges = []
    scored_pairs = dict(
        Score.objects.filter(judge__event=event, voided_at__isnull=True)
        .values("judge_id")
        .annotate(n=Count("submission", distinct=True))
        .values_list("judge_id", "n")
    )
    for judge in Judge.objects.filter(event=event).annotate(
        n_assigned=Count("assignments", distinct=True), n_comparisons=Count("comparisons", distinct=True)
    ):
        done = scored_pairs.get(judge.pk, 0)
        judges.append(
            {
                "judge": judge,
                "assigned": judge.n_assigned,
                "done": done,
                "comparisons": judge.n_comparisons,
                "percent": round(100 * done / judge.n_assigned) if judge.n_assigned else None,
            }
        )
    return {"projects": projects, "judges": judges, "k": k, "criteria": n_criteria}


def _require_view_results(event, user):
    settings_obj = hackathon_settings(event)
    from .common import is_organizer

    if not (is_organizer(user, event) or settings_obj.results_published):
        raise TeamsError(_("Results are not published yet."))
    return settings_obj


DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(DANGEROUS) else text


def export_csv(event, actor):
    require_organizer(actor, event)
    criteria = list(Criterion.objects.filter(event=event))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "rank",
            "project",
            "team",
            "tracks",
            "score",
            "95% low",
            "95% high",
            "too close to call",
            "adjusted",
            "raw average",
            "judges",
            "pairwise",
            "votes",
        ]
        + [f"raw: {c.name}" for c in criteria]
    )

    def num(x):
        return None if x is None else round(x, 6)

    for row in ranking(event):
        sub = row.submission
        cells = [
            row.rank,
            sub.title,
            sub.team.name,
            "; ".join(t.name for t in sub.tracks.all()),
            num(row.score),
            num(row.low),
            num(row.high),
            "yes" if row.close_call else "",
            num(row.adjusted),
            num(row.raw),
            row.judges,
            num(row.pairwise),
            row.votes,
        ] + [num(row.criteria_raw.get(c.pk)) for c in criteria]
        writer.writerow([neutralise(v) for v in cells])
    return buffer.getvalue()


def winners_for(event, standings=None):
    """{prize: [submissions]} from the current rankings (what publishing would announce).

    A judged prize goes to the project at its place (ties are broken as the ranking says). A People's
    Choice prize goes to every project at its place by votes: equal votes share the place.
    """
    standings = standings or Standings(event)
    prizes = list(Prize.objects.filter(event=event).select_related("track"))
    out = {}
    tiers = None
    for prize in prizes:
        if prize.peoples_choice:
            if tiers is None:
                tiers = []
                for row in peoples_choice(event):
                    if row.votes <= 0:
                        break
                    if tiers and tiers[-1][0] == row.votes:
                        tiers[-1][1].append(row.submission)
                    else:
                        tiers.append((row.votes, [row.submission]))
            out[prize] = list(tiers[prize.place - 1][1]) if len(tiers) >= prize.place else []
        else:
            rows = [r for r in standings.ranking(prize.track) if r.score is not None]
            out[prize] = [rows[prize.place - 1].submission] if len(rows) >= prize.place else []
    return out


def publish_blockers(settings_obj, now=None):
    """Why results cannot be published now (empty when they can)."""
    reasons = []
    if settings_obj.judging_open(now):
        reasons.append(_("Judging is still open: close it first (set the judging close time, or close it now)."))
    if settings_obj.voting_open(now):
        reasons.append(_("People's Choice voting is still open: close it first."))
    return reasons


def publish_results(event, actor):
    require_organizer(actor, event)
    settings_obj = hackathon_settings(event)
    blockers = publish_blockers(settings_obj)
    if blockers:
        raise TeamsError(" ".join(str(b) for b in blockers))
    winners = winners_for(event)
    with transaction.atomic():
        settings_obj = HackathonSettings.objects.select_for_update().get(pk=settings_obj.pk)
        blockers = publish_blockers(settings_obj)  # checked again under the lock
        if blockers:
            raise TeamsError(" ".join(str(b) for b in blockers))
        for prize, subs in winners.items():
            prize.winner = subs[0] if subs else None
            prize.save(update_fields=["winner"])
            prize.tied.set(subs[1:])
        settings_obj.results_published_at = timezone.now()
        settings_obj.save(update_fields=["results_published_at"])
        audit(
            event,
            actor,
            "results.published",
            None,
            winners={p.pk: [s.pk for s in subs] for p, subs in winners.items()},
        )
    return winners


def close_judging_and_voting(event, actor):
    """Organizers end judging and People's Choice voting now (so results can be published)."""
    require_organizer(actor, event)
    with transaction.atomic():
        settings_obj = HackathonSettings.objects.select_for_update().get(event=event)
        now = timezone.now()
        fields = []
        if settings_obj.judging_open(now):
            settings_obj.judging_closes_at = now
            fields.append("judging_closes_at")
        if settings_obj.voting_open(now):
            settings_obj.voting_closes_at = now
            fields.append("voting_closes_at")
        if fields:
            settings_obj.save(update_fields=fields)
            audit(event, actor, "judging.closed", None, fields=fields)
    return settings_obj


def uncertain_projects(event, standings=None):
    """Projects whose 95% interval straddles a prize cut-off (overall or in a track with prizes)."""
    standings = standings or Standings(event)
    out = set()
    scopes = [None, *Track.objects.filter(event=event, prizes__peoples_choice=False).distinct()]
    for track in scopes:
        places = prize_places(event, track)
        if not places:
            continue
        rows = standings.ranking(track)
        for cut in cut_offs(rows, places):
            for r in rows:
                if r.low is not None and r.low <= cut <= r.high:
                    out.add(r.submission.pk)
    return sorted(out)


def add_judges_where_it_matters(event, actor, extra=2):
    """Second round: `extra` more judges for each project whose interval straddles a prize cut-off."""
    from .assignment import add_judges

    require_organizer(actor, event)
    try:
        extra = int(extra)
    except (TypeError, ValueError):
        raise TeamsError(_("Choose how many more judges each close project gets (1 to 10)."))
    if not 1 <= extra <= 10:
        raise TeamsError(_("Choose how many more judges each close project gets (1 to 10)."))
    targets = uncertain_projects(event)
    if not targets:
        raise TeamsError(_("No prize position is uncertain: every close project is already clear of the cut-offs."))
    return targets, add_judges(event, actor, targets, extra)


def unpublish_results(event, actor):
    require_organizer(actor, event)
    settings_obj = hackathon_settings(event)
    with transaction.atomic():
        settings_obj = HackathonSettings.objects.select_for_update().get(pk=settings_obj.pk)
        settings_obj.results_published_at = None
        settings_obj.save(update_fields=["results_published_at"])
        audit(event, actor, "results.unpublished", None)


def published_winners(event):
    settings_obj = hackathon_settings(event)
    if not settings_obj.results_published:
        return None
    return list(
        Prize.objects.filter(event=event, winner__isnull=False)
        .select_related("winner__team", "track")
        .prefetch_related("tied__team")
    )


def podiums(event):
    """Published winners grouped for the results page: [(heading, track or None, [(prize, [projects])])].

    Overall prizes first, then each track's, then People's Choice; each prize's projects include ties.
    """
    prizes = published_winners(event) or []
    groups = {}
    for prize in prizes:
        key = ("pc", None) if prize.peoples_choice else ("track", prize.track) if prize.track else ("overall", None)
        groups.setdefault(key, []).append((prize, [prize.winner, *sorted(prize.tied.all(), key=lambda s: s.pk)]))
    order = []
    if ("overall", None) in groups:
        order.append((_("Overall"), None, groups[("overall", None)]))
    for (kind, track), items in groups.items():
        if kind == "track":
            order.append((track.name, track, items))
    if ("pc", None) in groups:
        order.append((_("People's Choice"), None, groups[("pc", None)]))
    return order


def feedback_for_team(submission):
    """Judges' feedback on a project, for its team, once results are published (judges stay anonymous)."""
    from ..models import JudgeAssignment

    if not hackathon_settings(submission.event).results_published:
        return None
    return list(
        JudgeAssignment.objects.filter(submission=submission, judge__voided_at__isnull=True)
        .exclude(feedback="")
        .order_by("pk")
        .values_list("feedback", flat=True)
    )


def public_ranking(event, user):
    _require_view_results(event, user)
    return ranking(event)
