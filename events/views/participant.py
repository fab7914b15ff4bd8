"""Participants: register, see and cancel their registrations, pay for held seats."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import OperationalError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail import hooks

from ..exceptions import EventsError
from ..formatting import local_when
from ..forms import RegistrationForm
from ..models import DateChange, Occurrence, Registration
from ..models.registrations import PaymentStatus, RegistrationStatus
from ..prepared import PreparedGet
from ..restrictions import restriction_response
from ..services.cancellation import can_cancel, cancel_registration, cancellation_deadline
from ..services.changes import cancel_after_change, place_of, registration_for_token
from ..services.payments import start_checkout
from ..services.registration import register, registration_closed_reason, registration_facts
from ..services.seats import counts
from ..tickets import ticket_qr_svg, ticket_qr_svg_large


def _occurrence_or_404(pk):
    occurrence = get_object_or_404(Occurrence.objects.select_related("event"), pk=pk)
    if not occurrence.event.live:
        raise Http404
    return occurrence


def _event_url(occurrence):
    url = occurrence.event.get_url() or "/"
    if occurrence.event.is_series:
        url += f"?date={occurrence.original_date:%Y-%m-%d}"
    return url


def _safe_next(request):
    """The ?next= page to return to after registering (e.g. a team invite), when it is on this site."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None


# The date and its event, by primary key, with the SQL compiled once per process (events/prepared.py).
_date_and_event = PreparedGet(lambda pk: Occurrence.objects.select_related("event").filter(pk=pk))


def _occurrence_to_register_or_404(pk):
    try:
        occurrence = _date_and_event.get(pk)
    except Occurrence.DoesNotExist:
        raise Http404 from None
    if not occurrence.event.live:
        raise Http404
    return occurrence


@login_required
def register_view(request, occurrence_id):
    occurrence = _occurrence_to_register_or_404(occurrence_id)
    event = occurrence.event
    # At the opening minute every query counts: the form's and the restriction's questions in one.
    has_tickets, has_questions, may_be_restricted = registration_facts(event)
    # A password-protected or members-only event is registrable only by those who passed its restriction.
    denied = restriction_response(request, event, may_be_restricted=may_be_restricted)
    if denied is not None:
        return denied
    next_url = _safe_next(request)
    data = request.POST if request.method == "POST" else None
    form = RegistrationForm(
        data, event=event, prefix=f"reg{occurrence.pk}", has_tickets=has_tickets, has_questions=has_questions
    )
    error = status = None
    if request.method == "POST" and form.is_valid():
        try:
            registration = register(
                request.user,
                occurrence,
                ticket_type=form.cleaned_data.get("ticket_type"),
                answers=form.answers(),
                accept_code_of_conduct=form.cleaned_data.get("accept_code_of_conduct", False),
                has_tickets=form.has_tickets,
                questions=form.questions,
            )
        except EventsError as exc:
            error = str(exc)
        except OperationalError:
            # The date's lock was busy for longer than the database's lock timeout.
            error = _("Many people are registering right now. Please try again in a moment.")
            status = 503
        else:
            if registration.status == RegistrationStatus.PENDING_PAYMENT:
                return _go_to_checkout(request, registration, next_url=next_url)
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.info(
                    request, _("This date is full: you are on the waitlist. We'll email you if a seat opens.")
                )
            elif next_url:
                messages.success(request, _("You're registered: your ticket is on My registrations."))
            else:
                messages.success(request, _("You're registered. Your ticket is below."))
            return redirect(next_url or "events:me")
    status = status or (400 if request.method == "POST" else 200)
    return render(
        request,
        "events/register.html",
        {
            "occurrence": occurrence,
            "event": event,
            "form": form,
            "error": error,
            "closed_reason": registration_closed_reason(occurrence, timezone.now()),
            "counts": counts(occurrence, timezone.now()),
            "event_url": _event_url(occurrence),
            "next_url": next_url,
        },
        status=status,
    )


def _go_to_checkout(request, registration, next_url=None):
    success = request.build_absolute_uri(reverse("events:payment_success", args=[registration.pk]))
    if next_url:
        success += "?" + urlencode({"next": next_url})
    cancel = request.build_absolute_uri(reverse("events:payment_cancelled", args=[registration.pk]))
    try:
        payment = start_checkout(registration, success_url=success, cancel_url=cancel)
    except EventsError as exc:
        messages.error(request, str(exc))
        return redirect("events:me")
    return redirect(payment.checkout_url)


@login_required
@require_POST
def pay_view(request, pk):
    registration = get_object_or_404(Registration, pk=pk, user=request.user)
    return _go_to_checkout(request, registration)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cancel_view(request, pk):
    """GET asks for confirmation (what is lost, whether a refund follows); POST cancels."""
    registration = get_object_or_404(
        Registration.objects.select_related("occurrence__event", "ticket_type"), pk=pk, user=request.user
    )
    if request.method != "POST":
        now = timezone.now()
        return render(
            request,
            "events/cancel_confirm.html",
            {
                "registration": registration,
                "occurrence": registration.occurrence,
                "event": registration.occurrence.event,
                "can_cancel": can_cancel(registration, now),
                "paid": registration.payments.filter(status=PaymentStatus.PAID).exists(),
            },
        )
    try:
        cancel_registration(registration, actor=request.user)
    except EventsError as exc:
        messages.error(request, str(exc))
    else:
        if registration.status == RegistrationStatus.WAITLISTED:
            messages.success(request, _("You left the waitlist."))
        else:
            messages.success(request, _("Your registration is cancelled."))
    return redirect("events:me")


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_after_change_view(request, token):
    """The link in a 'date changed' email. The signed token is the authority (no login needed);
    GET shows one button, so a mail scanner that prefetches links cancels nothing; POST cancels."""
    registration, change = registration_for_token(token)
    if registration is None:
        return render(request, "events/cancel_after_change.html", {"registration": None}, status=404)
    paid = registration.payments.filter(status=PaymentStatus.PAID).exists()
    done, error = False, None
    if request.method == "POST" and registration.status != RegistrationStatus.CANCELLED:
        try:
            cancel_after_change(registration, change)
        except EventsError as exc:
            error = str(exc)
        else:
            done = True
        registration.refresh_from_db()
    context = {
        "registration": registration,
        "occurrence": registration.occurrence,
        "event": registration.occurrence.event,
        "paid": paid,
        "done": done,
        "error": error,
        "started": registration.occurrence.start <= timezone.now(),
    }
    return render(request, "events/cancel_after_change.html", context, status=400 if error else 200)


@login_required
def payment_success_view(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("occurrence__event"), pk=pk, user=request.user)
    context = {"registration": registration, "success": True, "next_url": _safe_next(request)}
    return render(request, "events/payment_result.html", context)


@login_required
def payment_cancelled_view(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("occurrence__event"), pk=pk, user=request.user)
    return render(request, "events/payment_result.html", {"registration": registration, "success": False})


def _changed_since(change, occurrence):
    """What changed about a date since people first heard of it: 'Moved from …', a new venue or link."""
    if change is None:
        return {}
    before, event = change.before, occurrence.event
    was_start = datetime.datetime.fromisoformat(before["start"])
    place = place_of(event)
    return {
        "moved_from": local_when(was_start, event) if was_start != occurrence.start else "",
        "venue_changed": before.get("venue", "") != place["venue"],
        "link_changed": before.get("link", "") != place["link"],
    }


@login_required
def me_view(request):
    now = timezone.now()
    regs = (
        Registration.objects.filter(user=request.user)
        .exclude(status=RegistrationStatus.CANCELLED, cancelled_at__lt=now - timezone.timedelta(days=30))
        .select_related("occurrence__event__venue", "ticket_type")
        .order_by("occurrence__start", "pk")
    )
    regs = list(regs)
    changes = {}
    for change in DateChange.objects.filter(occurrence_id__in={r.occurrence_id for r in regs}).order_by("pk"):
        changes.setdefault(change.occurrence_id, []).append(change)
    upcoming, past = [], []
    for registration in regs:
        occurrence = registration.occurrence
        item = {
            "registration": registration,
            "occurrence": registration.occurrence,
            "event": registration.occurrence.event,
            "can_cancel": can_cancel(registration, now),
            "deadline": local_when(cancellation_deadline(registration), registration.occurrence.event),
            "hold_until": local_when(registration.hold_expires_at, registration.occurrence.event),
            "needs_payment": registration.status == RegistrationStatus.PENDING_PAYMENT
            and registration.hold_is_live(now)
            and registration.ticket_type_id is not None,
            # No working ticket for a date that does not take place.
            "qr": ticket_qr_svg(registration)
            if registration.status == RegistrationStatus.CONFIRMED and not occurrence.is_cancelled
            else "",
            # Changes since they registered: someone who signed up for the new time saw no move.
            **_changed_since(
                next((c for c in changes.get(occurrence.pk, []) if c.created_at >= registration.created_at), None),
                occurrence,
            ),
        }
        (upcoming if registration.occurrence.end >= now else past).append(item)
    past.reverse()
    panels = [fn(request) for fn in hooks.get_hooks("convene_me_panels")]
    return render(
        request,
        "events/me.html",
        {"upcoming": upcoming, "past": past[:50], "panels": [p for p in panels if p], "now": now},
    )


@login_required
def ticket_view(request, pk):
    """The ticket full screen, to show at the door: large QR, name, event and date, high contrast.
    Only its holder sees it, and only while it is a confirmed registration."""
    registration = get_object_or_404(
        Registration.objects.select_related("occurrence__event", "ticket_type", "user"),
        pk=pk,
        user=request.user,
        status=RegistrationStatus.CONFIRMED,
    )
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "occurrence": registration.occurrence,
            "event": registration.occurrence.event,
            "qr": ticket_qr_svg_large(registration),
        },
    )
