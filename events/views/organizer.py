"""Organizer pages (the group's organizers and site staff): attendees, export, check-in, capacity,
messages, cancellations."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guards.headers import allow_camera
from guards.numbers import parse_id

from ..exceptions import EventsError
from ..forms import AttendeeEmailForm, AttendeeFilterForm, CapacityForm, CheckInForm, DiscountCodeForm, WalkInForm
from ..models import AttendeeEmail, EventPage, Occurrence, PromotionCode, Question, Registration
from ..models.registrations import RegistrationStatus
from ..permissions import can_manage_event, managed_events_filter
from ..services.cancellation import cancel_event, cancel_registration
from ..services.capacity import change_capacity
from ..services.checkin import add_walk_in, check_in, check_in_by_code, find_attendees
from ..services.discounts import create_promotion_code, deactivate_promotion_code
from ..services.messaging import email_attendees
from ..services.seats import counts


def _managed_occurrence(request, pk):
    occurrence = get_object_or_404(Occurrence.objects.select_related("event"), pk=pk)
    if not can_manage_event(request.user, occurrence.event):
        raise PermissionDenied
    return occurrence


def _filtered(occurrence, data):
    form = AttendeeFilterForm(data or None)
    regs = Registration.objects.filter(occurrence=occurrence).select_related("user", "ticket_type")
    if form.is_valid():
        query, status = form.cleaned_data["q"].strip(), form.cleaned_data["status"]
        if query:
            regs = regs.filter(
                Q(user__name__icontains=query)
                | Q(user__first_name__icontains=query)
                | Q(user__last_name__icontains=query)
                | Q(user__email__icontains=query)
                | Q(code__iexact=query)
            )
        if status == "checked_in":
            regs = regs.filter(checked_in_at__isnull=False).exclude(status=RegistrationStatus.CANCELLED)
        elif status:
            regs = regs.filter(status=status)
        else:
            regs = regs.exclude(status=RegistrationStatus.CANCELLED)
    else:
        regs = regs.exclude(status=RegistrationStatus.CANCELLED)
    return form, regs.order_by("status", "waitlisted_at", "created_at", "pk")


@login_required
def organize_home(request):
    """The events this person manages, with their next dates."""
    limit = managed_events_filter(request.user)
    events = EventPage.objects.live().filter(occurrences__end__gte=timezone.now() - timezone.timedelta(days=60))
    if limit is not None:
        events = events.filter(**limit)
    events = events.select_related("group").order_by("start").distinct()[:200]
    if limit is not None and not request.user.organized_groups.exists():
        raise PermissionDenied
    return render(request, "events/organize/home.html", {"events": events})


@login_required
def event_overview(request, pk):
    event = get_object_or_404(EventPage, pk=pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    now = timezone.now()
    dates = [
        {"occurrence": o, "counts": counts(o, now)}
        for o in event.occurrences.filter(end__gte=now - timezone.timedelta(days=60)).order_by("start")[:60]
    ]
    return render(request, "events/organize/event.html", {"event": event, "dates": dates})


@login_required
def attendees(request, pk):
    occurrence = _managed_occurrence(request, pk)
    form, regs = _filtered(occurrence, request.GET)
    return render(
        request,
        "events/organize/attendees.html",
        {
            "occurrence": occurrence,
            "event": occurrence.event,
            "filter_form": form,
            "registrations": regs[:500],
            "counts": counts(occurrence, timezone.now()),
            "capacity_form": CapacityForm(initial={"capacity": occurrence.capacity}),
            "questions": Question.objects.filter(event=occurrence.event),
            "export_query": request.GET.urlencode(),
        },
    )


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Spreadsheets run cells that start with = + - @ as formulas; prefix them with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@login_required
def attendees_csv(request, pk):
    occurrence = _managed_occurrence(request, pk)
    regs = _filtered(occurrence, request.GET)[1]
    questions = list(Question.objects.filter(event=occurrence.event))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendees-{occurrence.pk}.csv"'
    writer = csv.writer(response)
    header = [_("Name"), _("Email"), _("Status"), _("Ticket"), _("Ticket code"), _("Registered"), _("Checked in")]
    writer.writerow([neutralise(h) for h in header + [q.label for q in questions]])
    tz = occurrence.event.tz
    for reg in regs:
        row = [
            reg.user.display_name,
            reg.user.email,
            reg.get_status_display(),
            reg.ticket_type.name if reg.ticket_type else "",
            reg.code,
            reg.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z"),
            reg.checked_in_at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if reg.checked_in_at else "",
        ]
        row += [reg.answers.get(str(q.pk), "") for q in questions]
        writer.writerow([neutralise(cell) for cell in row])
    return response


@allow_camera
@login_required
def check_in_page(request, pk):
    occurrence = _managed_occurrence(request, pk)
    result = None
    matches = []
    search = CheckInForm(request.GET or None)
    walk_in = WalkInForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "code":
                registration, already = check_in_by_code(occurrence, request.POST.get("code"), actor=request.user)
                result = _result(registration, already)
            elif action == "registration":
                registration = get_object_or_404(Registration, pk=parse_id(request.POST.get("registration", "")) or 0)
                registration, already = check_in(registration, actor=request.user, occurrence=occurrence)
                result = _result(registration, already)
            elif action == "walk_in":
                walk_in = WalkInForm(request.POST)
                if walk_in.is_valid():
                    registration = add_walk_in(occurrence, actor=request.user, **walk_in.cleaned_data)
                    result = {"ok": True, "message": _("%(name)s added and checked in.") % _names(registration)}
                    walk_in = WalkInForm()
            else:
                result = {"ok": False, "message": _("Unknown action.")}
        except EventsError as exc:
            result = {"ok": False, "message": str(exc)}
        if request.headers.get("Accept") == "application/json":
            payload = result or {"ok": False, "message": _("Check the form.")}
            return JsonResponse({**payload, "counts": counts(occurrence, timezone.now())})
    elif search.is_valid():
        matches = find_attendees(occurrence, search.cleaned_data["q"])
    return render(
        request,
        "events/organize/check_in.html",
        {
            "occurrence": occurrence,
            "event": occurrence.event,
            "search": search,
            "matches": matches,
            "walk_in": walk_in,
            "result": result,
            "counts": counts(occurrence, timezone.now()),
        },
        status=400 if result and not result["ok"] else 200,
    )


def _names(registration):
    return {"name": registration.user.display_name}


def _result(registration, already):
    if already:
        when = registration.checked_in_at.astimezone(registration.occurrence.event.tz).strftime("%H:%M %Z")
        return {
            "ok": True,
            "already": True,
            "message": _("%(name)s was already checked in at %(when)s.") % {**_names(registration), "when": when},
        }
    return {"ok": True, "already": False, "message": _("%(name)s is checked in.") % _names(registration)}


@login_required
@require_POST
def capacity_view(request, pk):
    occurrence = _managed_occurrence(request, pk)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a whole number of seats, or leave it empty."))
        return redirect("events:organize_attendees", pk=occurrence.pk)
    try:
        promoted = change_capacity(occurrence, form.cleaned_data["capacity"], actor=request.user)
    except EventsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Capacity saved; %(count)d people promoted from the waitlist.") % {"count": len(promoted)}
        )
    return redirect("events:organize_attendees", pk=occurrence.pk)


@login_required
@require_POST
def cancel_registration_view(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("occurrence__event"), pk=pk)
    if not can_manage_event(request.user, registration.occurrence.event):
        raise PermissionDenied
    try:
        cancel_registration(registration, actor=request.user, by_organizer=True)
    except EventsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Registration cancelled; paid tickets are refunded."))
    return redirect("events:organize_attendees", pk=registration.occurrence_id)


@login_required
def email_view(request, pk):
    occurrence = _managed_occurrence(request, pk)
    form = AttendeeEmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = email_attendees(occurrence, actor=request.user, **form.cleaned_data)
        except EventsError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("events:organize_email_progress", pk=message.pk)
    return render(
        request,
        "events/organize/email.html",
        {
            "occurrence": occurrence,
            "event": occurrence.event,
            "form": form,
            "sent_messages": AttendeeEmail.objects.filter(occurrence=occurrence)[:20],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def email_progress(request, pk):
    message = get_object_or_404(AttendeeEmail.objects.select_related("occurrence__event"), pk=pk)
    if not can_manage_event(request.user, message.occurrence.event):
        raise PermissionDenied
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"sent": message.sent, "total": message.total, "finished": bool(message.finished_at)})
    return render(
        request,
        "events/organize/email_progress.html",
        {"message": message, "occurrence": message.occurrence, "event": message.occurrence.event},
    )


@login_required
@require_POST
def cancel_event_view(request, pk):
    event = get_object_or_404(EventPage, pk=pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the whole event is cancelled."))
        return redirect("events:organize_event", pk=event.pk)
    try:
        cancelled = cancel_event(event, actor=request.user)
    except EventsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Event cancelled; %(count)d registrations cancelled and notified, paid tickets refunded.")
            % {"count": cancelled},
        )
    return redirect("events:organize_event", pk=event.pk)


def _managed_event(request, pk):
    event = get_object_or_404(EventPage, pk=pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    return event


@login_required
def discount_codes(request, pk):
    """The event's discount codes: create one (a Stripe promotion code), see how they are set, turn one off."""
    event = _managed_event(request, pk)
    form = DiscountCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                promo = create_promotion_code(
                    event,
                    actor=request.user,
                    code=data["code"],
                    percent_off=data["percent_off"],
                    amount_off_cents=data["amount_off"] or None,
                    max_redemptions=data["max_redemptions"],
                )
            except EventsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Discount code %(code)s created.") % {"code": promo.code})
                return redirect("events:organize_discounts", pk=event.pk)
        status = 400
    codes = PromotionCode.objects.filter(event=event).exclude(stripe_promotion_code_id="")
    return render(
        request, "events/organize/discounts.html", {"event": event, "form": form, "codes": codes}, status=status
    )


@login_required
@require_POST
def discount_code_off(request, pk):
    promo = get_object_or_404(PromotionCode.objects.select_related("event"), pk=pk)
    if not can_manage_event(request.user, promo.event):
        raise PermissionDenied
    try:
        deactivate_promotion_code(promo, actor=request.user)
    except EventsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Discount code %(code)s no longer works.") % {"code": promo.code})
    return redirect("events:organize_discounts", pk=promo.event_id)
