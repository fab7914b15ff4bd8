"""Community submissions: the submit form, and the moderation queue (site staff; a group's organizers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.permissions import is_site_staff

from .models import EventSubmission, SubmissionStatus
from .services.submissions import (
    SubmissionError,
    can_moderate,
    check_rate,
    decline_submission,
    moderated_filter,
    publish_submission,
    submit_event,
)
from .submission_forms import ReviewForm, SubmissionForm


@login_required
@require_http_methods(["GET", "POST"])
def submit_view(request):
    form = SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_event(request.user, form.submission_data())
        except SubmissionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Thank you! Your event waits for a moderator; you will get an email."))
            return redirect("calendars:submit")
    elif request.method == "GET":
        try:
            check_rate(request.user)
        except SubmissionError as e:
            form.add_error(None, str(e))
    return render(
        request,
        "calendars/submit.html",
        {"form": form},
        status=400 if form.errors and request.method == "POST" else 200,
    )


def _can_see_queue(user):
    return is_site_staff(user) or user.organized_groups.exists()


@login_required
def queue_view(request):
    if not _can_see_queue(request.user):
        raise PermissionDenied
    qs = EventSubmission.objects.filter(status=SubmissionStatus.PENDING).select_related("group", "submitter")
    limit = moderated_filter(request.user)
    if limit is not None:
        qs = qs.filter(**limit)
    return render(request, "calendars/queue.html", {"submissions": qs.order_by("created_at")})


@login_required
@require_http_methods(["GET", "POST"])
def review_view(request, pk):
    submission = get_object_or_404(EventSubmission.objects.select_related("group", "submitter"), pk=pk)
    if not can_moderate(request.user, submission):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, instance=submission)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == "decline":
                decline_submission(submission, request.user, form.cleaned_data["decline_reason"])
            else:
                form.save()
                if decision == "publish":
                    publish_submission(submission, request.user)
        except SubmissionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Saved."))
            return redirect("calendars:queue")
    return render(request, "calendars/review.html", {"form": form, "submission": submission})
