"""Organizer pages: settings, tracks, prizes, rubric, judges, assignment, progress, results."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guards.numbers import parse_id

from ..forms import SettingsForm
from ..models import AuditEntry, Comparison, Criterion, Judge, Prize, Submission, Team, Track
from ..services import assignment, diagnostics, judges, pairwise, results, setup, submissions
from ..services.ranking import Standings, peoples_choice, ranking
from .common import attempt, hackathon_view, nav_context


def _organize_url(event):
    return reverse("teams:organize", args=[event.pk])


@hackathon_view(organizer=True)
def organize(request, event):
    status = 200
    form = SettingsForm(instance=request.hackathon)
    if request.method == "POST":
        form = SettingsForm(request.POST, instance=request.hackathon)
        if form.is_valid():
            ok, _s = attempt(
                request, setup.update_settings, event, request.user, form.cleaned_data, success=_("Settings saved.")
            )
            if ok:
                return redirect(_organize_url(event))
        status = 400
    context = nav_context(request, event)
    context.update(
        form=form,
        tracks=Track.objects.filter(event=event),
        prizes=Prize.objects.filter(event=event).select_related("track", "winner"),
        criteria=Criterion.objects.filter(event=event),
        judges=Judge.objects.filter(event=event).prefetch_related("tracks").select_related("user"),
        teams=Team.objects.filter(event=event).prefetch_related("memberships__user"),
        submissions=Submission.objects.filter(event=event).select_related("team"),
        progress=results.progress(event),
        audit=AuditEntry.objects.filter(event=event).select_related("actor")[:30],
    )
    return render(request, "teams/organize.html", context, status=status)


@require_POST
@hackathon_view(organizer=True)
def organize_action(request, event, action):
    post, user = request.POST, request.user

    def obj(model, key="id", **extra):
        pk = parse_id(post.get(key, ""))
        if pk is None:
            raise Http404
        return get_object_or_404(model, pk=pk, **extra)

    if action == "track":
        attempt(
            request,
            setup.add_track,
            event,
            user,
            post.get("name"),
            post.get("description", ""),
            success=_("Track added."),
        )
    elif action == "track-delete":
        attempt(request, setup.delete_track, obj(Track, event=event), user, success=_("Track removed."))
    elif action == "prize":
        track = obj(Track, key="track", event=event) if post.get("track") else None
        attempt(
            request,
            setup.add_prize,
            event,
            user,
            post.get("name"),
            post.get("description", ""),
            track,
            post.get("place", "1"),
            post.get("peoples_choice") == "1",
            success=_("Prize added."),
        )
    elif action == "prize-delete":
        attempt(request, setup.delete_prize, obj(Prize, event=event), user, success=_("Prize removed."))
    elif action == "criterion":
        attempt(
            request,
            setup.add_criterion,
            event,
            user,
            post.get("name"),
            post.get("description", ""),
            post.get("weight", "1"),
            success=_("Criterion added."),
        )
    elif action == "criterion-delete":
        attempt(request, setup.delete_criterion, obj(Criterion, event=event), user, success=_("Criterion removed."))
    elif action == "judge":
        attempt(
            request,
            judges.invite_judge,
            event,
            user,
            post.get("email"),
            post.getlist("tracks"),
            success=_("Invitation sent."),
        )
    elif action == "judge-void":
        judge = obj(Judge, event=event)
        attempt(
            request,
            judges.set_judge_voided,
            judge,
            user,
            judge.voided_at is None,
            success=_("Judge updated; the results are recomputed without voided judges."),
        )
        if post.get("next") == "results":
            return redirect(reverse("teams:results", args=[event.pk]))
    elif action == "assign":
        ok, plan = attempt(request, assignment.run_assignment, event, user)
        if ok:
            messages.success(request, _("Assignment done: %(n)d new assignments.") % {"n": len(plan.new)})
            if plan.short:
                messages.warning(
                    request,
                    _("%(n)d projects have fewer judges than asked: invite more judges or widen their tracks.")
                    % {"n": len(plan.short)},
                )
    elif action == "reopen":
        sub = obj(Submission, event=event)
        attempt(request, submissions.set_reopened, sub, user, not sub.reopened, success=_("Project updated."))
    elif action == "comparison-void":
        comparison = obj(Comparison, event=event)
        attempt(
            request,
            pairwise.set_comparison_voided,
            comparison,
            user,
            comparison.voided_at is None,
            success=_("Vote updated; ratings refitted."),
        )
        return redirect(reverse("teams:results", args=[event.pk]))
    elif action == "publish":
        attempt(request, results.publish_results, event, user, success=_("Results published on the event page."))
        return redirect(reverse("teams:results", args=[event.pk]))
    elif action == "close-judging":
        attempt(
            request,
            results.close_judging_and_voting,
            event,
            user,
            success=_("Judging and People's Choice voting are closed."),
        )
        return redirect(reverse("teams:results", args=[event.pk]))
    elif action == "second-round":
        ok, outcome = attempt(request, results.add_judges_where_it_matters, event, user, post.get("extra", "2"))
        if ok:
            targets, plan = outcome
            messages.success(
                request,
                _("Second round: %(n)d new assignments for %(p)d close projects.")
                % {"n": len(plan.new), "p": len(targets)},
            )
            if plan.short:
                messages.warning(
                    request,
                    _("%(n)d of them could not get every extra judge: invite more judges.") % {"n": len(plan.short)},
                )
        return redirect(reverse("teams:results", args=[event.pk]))
    elif action == "unpublish":
        attempt(request, results.unpublish_results, event, user, success=_("Results hidden."))
        return redirect(reverse("teams:results", args=[event.pk]))
    else:
        raise Http404
    return redirect(_organize_url(event))


@hackathon_view()
def results_page(request, event):
    """Organizers: the full ranking with intervals, each judge's view and diagnostics. Everyone else: the
    published results (podiums per prize and track, then the full ranking)."""
    context = nav_context(request, event)
    hack = request.hackathon
    if not context["is_organizer"] or (request.GET.get("public") == "1" and hack.results_published):
        if not hack.results_published:
            raise Http404
        context.update(podiums=results.podiums(event), rows=ranking(event))
        return render(request, "teams/results_public.html", context)
    standings = Standings(event)
    criteria = list(Criterion.objects.filter(event=event))
    rows = standings.ranking()
    for row in rows:
        row.criteria_list = [(row.criteria_raw.get(c.pk), row.criteria_adjusted.get(c.pk)) for c in criteria]
    tracks = [(t, standings.ranking(t)) for t in Track.objects.filter(event=event)]
    judges_view = standings.rubric.judges
    context.update(
        criteria=criteria,
        rows=rows,
        tracks=tracks,
        peoples=peoples_choice(event) if hack.peoples_choice else None,
        proposed=results.winners_for(event, standings),
        blockers=results.publish_blockers(hack),
        close_calls=[r for r in rows if r.close_call],
        uncertain=results.uncertain_projects(event, standings) if hack.uses_rubric else [],
        judge_views=judges_view,
        chart=diagnostics.chart(judges_view) if judges_view else None,
        comparisons=Comparison.objects.filter(event=event)
        .select_related("judge__user", "winner", "loser")
        .order_by("-pk")[:50],
    )
    return render(request, "teams/results_organizer.html", context)


@hackathon_view(organizer=True)
def results_csv(request, event):
    body = results.export_csv(event, request.user)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="results-{slugify(event.title) or event.pk}.csv"'
    return response
