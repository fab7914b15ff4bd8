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
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from guards.headers import allow_camera
from guards.numbers import parse_id

from .. import charts
from ..exceptions import EventsError
from ..formatting import format_clock
from ..forms import AttendeeEmailForm, AttendeeFilterForm, CapacityForm, CheckInForm, DiscountCodeForm, WalkInForm
from ..models import (
    AttendeeEmail,
    EventIndexPage,
    EventPage,
    GroupPage,
    Occurrence,
    PromotionCode,
    Question,
    Registration,
)
from ..models.registrations import MessageSegment, RegistrationStatus
from ..permissions import can_manage_event, is_site_staff
from ..services.cancellation import cancel_event, cancel_registration
from ..services.capacity import change_capacity
from ..services.checkin import add_walk_in, check_in, check_in_by_code, find_attendees
from ..services.cockpit import answer_summaries, attendance, cockpit, event_dates, registrations_over_time
from ..services.discounts import create_promotion_code, deactivate_promotion_code
from ..services.messaging import (
    cancel_scheduled_message,
    check_message,
    email_attendees,
    reply_to_options,
    segment_registrations,
)
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
    """The cockpit: every event this person organizes with its numbers, upcoming first, past below."""
    is_staff = is_site_staff(request.user)
    groups = GroupPage.objects.all() if is_staff else request.user.organized_groups.all()
    groups = list(groups.order_by("title").prefetch_related("organizers"))
    if not is_staff and not groups:
        raise PermissionDenied
    upcoming, past = cockpit(request.user)
    for summary in upcoming + past:
        summary.strip_chart = charts.strip(summary.strip) if summary.event.is_series else None
    event_index = EventIndexPage.objects.first()
    return render(
        request,
        "events/organize/home.html",
        {"upcoming": upcoming, "past": past, "groups": groups, "event_index": event_index},
    )


@login_required
def event_overview(request, pk):
    event = get_object_or_404(EventPage.objects.select_related("group"), pk=pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    now = timezone.now()
    dates = event_dates(event, now)
    upcoming = [d for d in dates if not d.is_past]
    past = [d for d in dates if d.is_past]
    tz = event.tz
    over_time = registrations_over_time(event)
    single = dates[0] if len(dates) == 1 else None
    growth = charts.cumulative_chart(
        over_time,
        capacity=single.capacity if single else None,
        opens=event.registration_opens.astimezone(tz).date() if event.registration_opens else None,
        closes=event.registration_closes.astimezone(tz).date() if event.registration_closes else None,
        today=now.astimezone(tz).date(),
    )
    held = attendance(event, dates)
    label = "j M" if event.is_series else "j M Y"
    check_in_chart = charts.stacked_bars(
        [(date_format(d.occurrence.local_start, label), [d.checked_in, d.no_shows or 0]) for d, _r, _f in held]
    )
    regulars_chart = (
        charts.stacked_bars([(date_format(d.occurrence.local_start, label), [r, f]) for d, r, f in held])
        if event.is_series
        else None
    )
    history = (
        AttendeeEmail.objects.filter(occurrence__event=event)
        .select_related("sender", "occurrence__event")
        .order_by("-created_at", "-pk")[:50]
    )
    links = [link for fn in hooks.get_hooks("convene_organizer_event_links") for link in fn(request, event)]
    return render(
        request,
        "events/organize/event.html",
        {
            "event": event,
            "upcoming": upcoming,
            "past": past,
            "growth": growth,
            "over_time": over_time,
            "held": held,
            "check_in_chart": check_in_chart,
            "regulars_chart": regulars_chart,
            "answers": answer_summaries(event),
            "history": history,
            "extra_links": links,
            "next_date": upcoming[0].occurrence if upcoming else None,
            "can_cancel_event": not event.is_cancelled and any(not d.occurrence.is_cancelled for d in upcoming),
        },
    )


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
        when = format_clock(registration.checked_in_at.astimezone(registration.occurrence.event.tz))
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
    """Write, preview, then send (or schedule) a message to a segment of the date's registrants."""
    occurrence = _managed_occurrence(request, pk)
    event = occurrence.event
    options = reply_to_options(request.user, event)
    posted = request.method == "POST"
    form = AttendeeEmailForm(request.POST if posted else None, reply_options=options, event=event)
    preview = None
    status = 200
    if posted:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("action") == "send":
                    message = email_attendees(occurrence, actor=request.user, **data)
                    if message.send_at:
                        messages.success(request, _("Message scheduled."))
                    return redirect("events:organize_email_progress", pk=message.pk)
                subject, body, reply_to = check_message(occurrence, actor=request.user, **data)
                preview = {
                    "subject": subject,
                    "body": body,
                    "reply_to": reply_to,
                    "count": segment_registrations(occurrence, data["segment"]).count(),
                    "segment": MessageSegment(data["segment"]).label,
                    "send_at": data["send_at"],
                }
                status = 200
            except EventsError as exc:
                form.add_error(None, str(exc))
    history = (
        AttendeeEmail.objects.filter(occurrence=occurrence).select_related("sender").order_by("-created_at", "-pk")
    )
    return render(
        request,
        "events/organize/email.html",
        {"occurrence": occurrence, "event": event, "form": form, "preview": preview, "sent_messages": history[:50]},
        status=status,
    )


def _managed_message(request, pk):
    message = get_object_or_404(AttendeeEmail.objects.select_related("occurrence__event", "sender"), pk=pk)
    if not can_manage_event(request.user, message.occurrence.event):
        raise PermissionDenied
    return message


@login_required
def email_progress(request, pk):
    message = _managed_message(request, pk)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(
            {
                "sent": message.sent,
                "failed": message.failed,
                "total": message.total,
                "finished": bool(message.finished_at),
                "state": message.state,
            }
        )
    return render(
        request,
        "events/organize/email_progress.html",
        {"message": message, "occurrence": message.occurrence, "event": message.occurrence.event},
    )


@login_required
@require_POST
def cancel_message_view(request, pk):
    message = _managed_message(request, pk)
    try:
        cancel_scheduled_message(message, actor=request.user)
    except EventsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The scheduled message will not be sent."))
    return redirect("events:organize_email_progress", pk=message.pk)


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
