"""Organizer views of judging, CSV export, and publishing winners."""

import csv
import io

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import TeamsError
from ..models import Criterion, HackathonSettings, Judge, Prize, Score, Submission
from .common import audit, hackathon_settings, require_organizer
from .ranking import peoples_choice, ranking


def progress(event):
    """Projects with too few views, and each judge's completion."""
    settings_obj = hackathon_settings(event)
    k = settings_obj.judges_per_project
    n_criteria = Criterion.objects.filter(event=event).count()
    subs = (
        Submission.objects.filter(event=event, submitted_at__isnull=False)
        .annotate(
            assigned=Count("assignments", distinct=True),
            scored=Count("scores__judge", filter=Q(scores__judge__voided_at__isnull=True), distinct=True),
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
        Score.objects.filter(judge__event=event)
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
        ["rank", "project", "team", "tracks", "score", "normalised", "raw average", "judges", "pairwise", "votes"]
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
            num(row.normalised),
            num(row.raw),
            row.judges,
            num(row.pairwise),
            row.votes,
        ] + [num(row.criteria_raw.get(c.pk)) for c in criteria]
        writer.writerow([neutralise(v) for v in cells])
    return buffer.getvalue()


def winners_for(event):
    """{prize: submission or None} from the current rankings (what publishing would announce)."""
    prizes = list(Prize.objects.filter(event=event).select_related("track"))
    cache = {}
    out = {}
    for prize in prizes:
        key = "pc" if prize.peoples_choice else (prize.track_id or "overall")
        if key not in cache:
            if prize.peoples_choice:
                cache[key] = [r for r in peoples_choice(event) if r.votes > 0]
            else:
                cache[key] = [r for r in ranking(event, track=prize.track) if r.score is not None]
        rows = cache[key]
        out[prize] = rows[prize.place - 1].submission if len(rows) >= prize.place else None
    return out


def publish_results(event, actor):
    require_organizer(actor, event)
    settings_obj = hackathon_settings(event)
    winners = winners_for(event)
    with transaction.atomic():
        settings_obj = HackathonSettings.objects.select_for_update().get(pk=settings_obj.pk)
        for prize, submission in winners.items():
            prize.winner = submission
            prize.save(update_fields=["winner"])
        settings_obj.results_published_at = timezone.now()
        settings_obj.save(update_fields=["results_published_at"])
        audit(
            event, actor, "results.published", None, winners={p.pk: (s.pk if s else None) for p, s in winners.items()}
        )
    return winners


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
    return list(Prize.objects.filter(event=event, winner__isnull=False).select_related("winner__team", "track"))


def public_ranking(event, user):
    _require_view_results(event, user)
    return ranking(event)
