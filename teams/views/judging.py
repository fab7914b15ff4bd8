"""Judge pages: accept the invitation, the assigned projects and their scores, pairwise comparisons."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guards.numbers import parse_id

from ..exceptions import TeamsError
from ..models import Criterion, Judge, Submission, Team
from ..services import judges, pairwise, scoring
from ..services.common import judge_for
from .common import attempt, hackathon_view, nav_context


def _judge_or_404(request, event):
    judge = judge_for(request.user, event)
    if judge is None:
        raise Http404
    return judge


@hackathon_view(login=True, invited=True)
def accept(request, event, token):
    judge = Judge.objects.filter(event=event, token=token).first()
    if judge is None:
        raise Http404
    if request.method == "POST":
        ok, _judge = attempt(
            request, judges.accept_invitation, event, token, request.user, success=_("You are a judge of this event.")
        )
        if ok:
            return redirect(reverse("teams:judge_home", args=[event.pk]))
    context = nav_context(request, event)
    context.update(invitation=judge, email_matches=judge.email.lower() == request.user.email.lower())
    return render(request, "teams/judge_accept.html", context)


@hackathon_view(login=True, invited=True)
def home(request, event):
    judge = _judge_or_404(request, event)
    assigned = list(scoring.assigned_submissions(judge))
    scored = set(judge.scores.values_list("submission_id", flat=True))
    context = nav_context(request, event)
    context.update(
        judge=judge,
        assigned=[(s, s.pk in scored) for s in assigned],
        teams=Team.objects.filter(event=event),
        conflicts=judge.conflicts.select_related("team"),
    )
    return render(request, "teams/judge_home.html", context)


@hackathon_view(login=True, invited=True)
def score(request, event, submission_id):
    judge = _judge_or_404(request, event)
    try:
        submission = scoring.get_assigned(judge, submission_id)
    except TeamsError:
        raise Http404
    criteria = list(Criterion.objects.filter(event=event))
    values = scoring.my_scores(judge, submission)
    status = 200
    if request.method == "POST":
        posted = {c.pk: request.POST.get(f"criterion-{c.pk}") for c in criteria}
        ok, _result = attempt(
            request,
            scoring.save_scores,
            judge,
            request.user,
            submission,
            posted,
            feedback=request.POST.get("feedback", ""),
            success=_("Scores saved."),
        )
        if ok:
            return redirect(reverse("teams:judge_home", args=[event.pk]))
        status = 400
        values = {k: v for k, v in posted.items() if v}
    hack = request.hackathon
    scale = list(range(hack.score_min, hack.score_max + 1))
    context = nav_context(request, event)
    context.update(
        judge=judge,
        submission=submission,
        scale=scale,
        rows=[(c, str(values.get(c.pk, ""))) for c in criteria],
        open=hack.judging_open(),
        feedback=request.POST.get("feedback", "")
        if request.method == "POST"
        else scoring.my_feedback(judge, submission),
    )
    return render(request, "teams/judge_score.html", context, status=status)


@require_POST
@hackathon_view(login=True, invited=True)
def declare_conflict(request, event):
    judge = _judge_or_404(request, event)
    team_id = parse_id(request.POST.get("team", ""))
    team = Team.objects.filter(event=event, pk=team_id).first() if team_id else None
    if team is None:
        messages.error(request, _("Choose a team of this event."))
        return redirect(reverse("teams:judge_home", args=[event.pk]))
    attempt(
        request,
        judges.declare_conflict,
        judge,
        request.user,
        team,
        request.POST.get("reason", ""),
        success=_("Conflict recorded: you will not judge that team."),
    )
    return redirect(reverse("teams:judge_home", args=[event.pk]))


@hackathon_view(login=True, invited=True)
def compare(request, event):
    judge = _judge_or_404(request, event)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "begin":
            attempt(request, pairwise.begin_comparing, judge, request.user)
        elif action in ("current", "previous"):
            attempt(
                request,
                pairwise.record_vote,
                judge,
                request.user,
                action == "current",
                expected_current=request.POST.get("current") or None,
                success=_("Vote recorded."),
            )
        elif action == "skip":
            attempt(request, pairwise.skip_current, judge, request.user)
        else:
            messages.error(request, _("Unknown action."))
        return redirect(reverse("teams:judge_compare", args=[event.pk]))
    ok, current_id = attempt(request, pairwise.current_project, judge, request.user)
    judge.refresh_from_db()
    context = nav_context(request, event)
    context.update(
        judge=judge,
        current=Submission.objects.filter(pk=current_id).select_related("team").first() if ok and current_id else None,
        previous=Submission.objects.filter(pk=judge.pairwise_previous_id).select_related("team").first(),
        done=ok and current_id is None,
    )
    return render(request, "teams/judge_compare.html", context)
