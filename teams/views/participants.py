"""Participant pages: the hackathon hub, teams, the board, the project, the gallery and voting."""

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guards.numbers import parse_id

from ..forms import JoinCodeForm, SubmissionForm, TeamForm
from ..models import JoinRequest, JoinRequestStatus, LookingForTeam, Membership, Prize, Submission, Team, Track
from ..services import matching, submissions, teams, voting
from ..services.common import is_participant, my_registration, registration_url
from ..services.results import feedback_for_team, published_winners
from .common import attempt, hackathon_view, nav_context


def _hub_url(event):
    return reverse("teams:hub", args=[event.pk])


def _team_url(team):
    return reverse("teams:team", args=[team.event_id, team.pk])


@hackathon_view()
def hub(request, event):
    user = request.user
    my_team = teams.team_of(user, event)
    context = nav_context(request, event)
    context.update(
        my_team=my_team,
        participant=is_participant(user, event),
        teams=Team.objects.filter(event=event).prefetch_related("memberships__user"),
        team_form=TeamForm(),
        join_form=JoinCodeForm(),
        my_requests=JoinRequest.objects.filter(user=user, team__event=event, status=JoinRequestStatus.PENDING)
        if user.is_authenticated
        else [],
        winners=published_winners(event),
        gallery_open=request.hackathon.gallery_visible(),
    )
    return render(request, "teams/hub.html", context)


@require_POST
@hackathon_view(login=True)
def create_team(request, event):
    form = TeamForm(request.POST)
    if not form.is_valid():
        return render(request, "teams/hub.html", {**nav_context(request, event), "team_form": form}, status=400)
    data = form.cleaned_data
    ok, team = attempt(
        request,
        teams.create_team,
        event,
        request.user,
        data["name"],
        data["description"],
        data["skills_wanted"],
        success=_("Your team is created. Share the invite link with your teammates."),
    )
    return redirect(_team_url(team) if ok else _hub_url(event))


@hackathon_view()
def join(request, event, code=None):
    """GET /join/<code>/ is the invite link: it shows the team and what stands between the visitor and
    joining (an account, a registration for the event), each step bringing them back here. POST joins."""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = JoinCodeForm(request.POST)
        if form.is_valid():
            ok, membership = attempt(
                request,
                teams.join_by_code,
                event,
                request.user,
                form.cleaned_data["code"],
                success=_("Welcome to the team!"),
            )
            if ok:
                return redirect(_team_url(membership.team))
        return redirect(_hub_url(event))
    team = Team.objects.filter(event=event, invite_code=code or "").first()
    if team is None:
        raise Http404
    user = request.user
    context = nav_context(request, event)
    context.update(
        team=team,
        members=list(team.memberships.select_related("user").order_by("joined_at", "pk")),
        form=JoinCodeForm(initial={"code": code}),
        my_team=teams.team_of(user, event),
        participant=is_participant(user, event),
        registration=my_registration(user, event),
        register_url=registration_url(event, request.get_full_path()),
    )
    return render(request, "teams/join.html", context)


@hackathon_view()
def team_detail(request, event, team_id):
    team = get_object_or_404(Team.objects.select_related("captain"), event=event, pk=team_id)
    user = request.user
    members = list(team.memberships.select_related("user"))
    is_member = user.is_authenticated and any(m.user_id == user.pk for m in members)
    context = nav_context(request, event)
    is_captain = user.is_authenticated and team.captain_id == user.pk
    context.update(
        team=team,
        members=members,
        is_member=is_member,
        is_captain=is_captain,
        can_manage=is_captain or context["is_organizer"],
        invite_url=request.build_absolute_uri(reverse("teams:join_code", args=[event.pk, team.invite_code]))
        if is_member
        else None,
        pending=team.join_requests.filter(status=JoinRequestStatus.PENDING).select_related("user")
        if (is_captain or context["is_organizer"])
        else [],
        my_team=teams.team_of(user, event),
        participant=is_participant(user, event),
        edit_form=TeamForm(
            initial={"name": team.name, "description": team.description, "skills_wanted": ", ".join(team.skills_wanted)}
        ),
        suggestions=matching.people_for_team(team, limit=10) if is_captain else [],
        my_request=team.join_requests.filter(user=user, status=JoinRequestStatus.PENDING).first()
        if user.is_authenticated
        else None,
        submission=Submission.objects.filter(team=team).first(),
    )
    return render(request, "teams/team_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@hackathon_view(login=True)
def leave_team(request, event, team_id):
    """GET asks for confirmation (who becomes captain, whether the team disappears); POST leaves."""
    team = get_object_or_404(Team.objects.select_related("captain"), event=event, pk=team_id)
    members = list(team.memberships.select_related("user").order_by("joined_at", "pk"))
    if not any(m.user_id == request.user.pk for m in members):
        return redirect(_team_url(team))
    if request.method == "POST":
        ok, remaining = attempt(request, teams.leave_team, team, request.user, success=_("You left the team."))
        return redirect(_hub_url(event) if ok else _team_url(team))
    others = [m for m in members if m.user_id != request.user.pk]
    context = nav_context(request, event)
    context.update(
        team=team,
        others=others,
        next_captain=others[0].user if others and team.captain_id == request.user.pk else None,
        has_project=Submission.objects.filter(team=team).exists(),
    )
    return render(request, "teams/leave_confirm.html", context)


@require_POST
@hackathon_view(login=True)
def team_action(request, event, team_id, action):
    team = get_object_or_404(Team, event=event, pk=team_id)
    user = request.user
    User = get_user_model()
    target = None
    if "user" in request.POST:
        user_id = parse_id(request.POST["user"])
        target = User.objects.filter(pk=user_id).first() if user_id else None
        if target is None:
            return redirect(_team_url(team))
    if action == "edit":
        form = TeamForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            attempt(
                request,
                teams.update_team,
                team,
                user,
                d["name"],
                d["description"],
                d["skills_wanted"],
                success=_("Team updated."),
            )
        else:
            attempt(request, _raise, _("Give your team a name."))
    elif action == "request":
        attempt(
            request,
            teams.request_to_join,
            team,
            user,
            request.POST.get("message", ""),
            success=_("Request sent to the captain."),
        )
    elif action == "invite" and target:
        attempt(request, teams.invite_to_team, team, user, target, success=_("Invitation sent."))
    elif action == "leave":
        ok, remaining = attempt(request, teams.leave_team, team, user, success=_("You left the team."))
        if ok:
            return redirect(_hub_url(event))
    elif action == "remove" and target:
        attempt(request, teams.remove_member, team, user, target, success=_("Member removed."))
    elif action == "captain" and target:
        attempt(request, teams.transfer_captain, team, user, target, success=_("Captaincy transferred."))
    elif action == "add":
        person = User.objects.filter(email__iexact=request.POST.get("email", "").strip()).first()
        if person is None:
            attempt(request, _raise, _("No account uses that email address."))
        else:
            attempt(request, teams.organizer_add_member, team, user, person, success=_("Member added."))
    else:
        raise Http404
    if Team.objects.filter(pk=team.pk).exists():
        return redirect(_team_url(team))
    return redirect(_hub_url(event))


def _raise(message):
    from ..exceptions import TeamsError

    raise TeamsError(message)


@require_POST
@hackathon_view(login=True)
def answer_request(request, event, request_id, answer):
    if answer not in ("accept", "decline"):
        raise Http404
    join_request = get_object_or_404(JoinRequest.objects.select_related("team"), team__event=event, pk=request_id)
    if answer == "accept":
        attempt(request, teams.accept_request, join_request, request.user, success=_("Request accepted."))
    else:
        attempt(request, teams.decline_request, join_request, request.user, success=_("Request closed."))
    if request.POST.get("next") == "hub":
        return redirect(_hub_url(event))
    return redirect(_team_url(join_request.team))


@hackathon_view()
def board(request, event):
    user = request.user
    my_team = teams.team_of(user, event)
    context = nav_context(request, event)
    looking = LookingForTeam.objects.filter(event=event).select_related("user")
    context.update(
        my_team=my_team,
        participant=is_participant(user, event),
        am_looking=user.is_authenticated and looking.filter(user=user).exists(),
        looking=looking,
        suggested_teams=matching.teams_for_person(event, user, request.hackathon.max_team_size, limit=10)
        if user.is_authenticated and not my_team
        else [],
        suggested_people=matching.people_for_team(my_team, limit=10)
        if my_team and my_team.captain_id == user.pk
        else [],
    )
    return render(request, "teams/board.html", context)


@require_POST
@hackathon_view(login=True)
def set_looking(request, event):
    looking = request.POST.get("looking") == "1"
    attempt(
        request,
        teams.set_looking,
        event,
        request.user,
        looking,
        request.POST.get("note", ""),
        skills=request.POST.get("skills") if "skills" in request.POST else None,
        interests=request.POST.get("interests") if "interests" in request.POST else None,
        success=_("You are on the board.") if looking else _("You are off the board."),
    )
    return redirect(reverse("teams:board", args=[event.pk]))


@hackathon_view(login=True)
def project_edit(request, event):
    team = teams.team_of(request.user, event)
    if team is None:
        attempt(request, _raise, _("Join or create a team first."))
        return redirect(_hub_url(event))
    submission = Submission.objects.filter(team=team).first()
    tracks = list(Track.objects.filter(event=event))
    status = 200
    if request.method == "POST":
        form = SubmissionForm(request.POST, tracks=tracks)
        if form.is_valid():
            data = dict(form.cleaned_data)
            ok, submission = attempt(
                request,
                submissions.save_submission,
                team,
                request.user,
                data,
                submit=request.POST.get("submit") == "1",
                success=_("Project saved."),
            )
            if ok:
                return redirect(reverse("teams:project_edit", args=[event.pk]))
        status = 400
    elif submission:
        form = SubmissionForm(
            initial={
                **{name: getattr(submission, name) for name in submissions.FIELDS},
                "tracks": [str(pk) for pk in submission.tracks.values_list("pk", flat=True)],
                "technologies": ", ".join(submission.technologies),
            },
            tracks=tracks,
        )
    else:
        form = SubmissionForm(tracks=tracks)
    context = nav_context(request, event)
    context.update(
        team=team,
        submission=submission,
        form=form,
        editable=submissions.editable_now(event, submission),
        versions=submission.versions.order_by("-number")[:10] if submission else [],
    )
    return render(request, "teams/project_form.html", context, status=status)


@require_POST
@hackathon_view(login=True)
def project_withdraw(request, event):
    team = teams.team_of(request.user, event)
    submission = Submission.objects.filter(team=team).first() if team else None
    if submission is None:
        raise Http404
    attempt(
        request, submissions.withdraw_submission, submission, request.user, success=_("Your project is a draft again.")
    )
    return redirect(reverse("teams:project_edit", args=[event.pk]))


@hackathon_view()
def project_detail(request, event, submission_id):
    submission = get_object_or_404(
        Submission.objects.select_related("team").prefetch_related("tracks"), event=event, pk=submission_id
    )
    if not submissions.visible_submission(submission, request.user):
        raise Http404
    context = nav_context(request, event)
    is_member = request.user.is_authenticated and submissions.can_edit(submission, request.user)
    context.update(
        submission=submission,
        members=Membership.objects.filter(team=submission.team).select_related("user"),
        feedback=feedback_for_team(submission) if (is_member or context["is_organizer"]) else None,
        prizes=list(Prize.objects.filter(winner=submission)) + list(Prize.objects.filter(tied=submission))
        if request.hackathon.results_published
        else [],
    )
    return render(request, "teams/project_detail.html", context)


@hackathon_view()
def gallery(request, event):
    user = request.user
    shown, message, can_vote = submissions.gallery_state(event, user)
    tracks = list(Track.objects.filter(event=event))
    prizes = (
        list(Prize.objects.filter(event=event, winner__isnull=False).select_related("track"))
        if request.hackathon.results_published
        else []
    )
    track = _choice(request.GET.get("track"), tracks)
    prize = _choice(request.GET.get("prize"), prizes)
    projects = submissions.filter_projects(event, track=track, prize=prize) if shown else None
    context = nav_context(request, event)
    my_team = teams.team_of(user, event)
    context.update(
        projects=projects,
        message=message,
        can_vote=can_vote,
        my_vote=voting.my_vote(event, user),
        my_team_id=my_team.pk if my_team else None,
        tracks=tracks,
        prizes=prizes,
        track=track,
        prize=prize,
    )
    return render(request, "teams/gallery.html", context)


def _choice(raw, options):
    """The option whose id is `raw` (a filter from the query string); None for anything else."""
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return next((o for o in options if o.pk == pk), None)


@hackathon_view()
def project_image(request, event, submission_id):
    """The project's image, from storage, for whoever may see the project."""
    submission = get_object_or_404(Submission, event=event, pk=submission_id)
    if not submission.image or not submissions.visible_submission(submission, request.user):
        raise Http404
    try:
        handle = submission.image.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404
    kind = "image/png" if submission.image.name.endswith(".png") else "image/jpeg"
    response = FileResponse(handle, content_type=kind)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@hackathon_view(login=True)
def project_image_upload(request, event):
    team = teams.team_of(request.user, event)
    submission = Submission.objects.filter(team=team).first() if team else None
    if submission is None:
        attempt(request, _raise, _("Save your project first, then add an image."))
        return redirect(reverse("teams:project_edit", args=[event.pk]))
    if request.POST.get("remove") == "1":
        attempt(request, submissions.remove_image, submission, request.user, success=_("Image removed."))
    else:
        attempt(
            request,
            submissions.set_image,
            submission,
            request.user,
            request.FILES.get("image"),
            success=_("Image saved."),
        )
    return redirect(reverse("teams:project_edit", args=[event.pk]))


@require_POST
@hackathon_view(login=True)
def vote(request, event, submission_id):
    submission = get_object_or_404(Submission, event=event, pk=submission_id)
    attempt(
        request,
        voting.cast_vote,
        event,
        request.user,
        submission,
        success=_("Your People's Choice vote is for “%(title)s”.") % {"title": submission.title},
    )
    return redirect(reverse("teams:gallery", args=[event.pk]))
