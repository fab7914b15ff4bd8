import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from .admin_scoping import GroupScopedPermissionPolicy, ScopedEditView, ScopedIndexView, ScopedViewSetMixin
from .feeds.panels import add_to_calendar_panel, private_feed_panel
from .formatting import zone_name
from .models import EventPage, Occurrence, Venue
from .permissions import can_manage_event, managed_events_filter
from .services.occurrences import update_occurrence

# Registered before any view asks, so Wagtail never falls back to its model-wide policy for these.
# A date is its event's group's; a venue its group's, or shared (anyone may see and choose it, staff edit it).
register_permission_policy(Occurrence, GroupScopedPermissionPolicy(Occurrence, "event__group"))
register_permission_policy(Venue, GroupScopedPermissionPolicy(Venue, "group", shared_actions=("view", "choose")))


class VenueViewSet(ScopedViewSetMixin, SnippetViewSet):
    pk_path_converter = "id"  # guards.converters: ids past the database's integers are 404
    model = Venue
    icon = "site"
    menu_label = _("Venues")
    list_display = ["name", "group", "city", "address"]
    list_filter = ["city"]
    search_fields = ["name", "city"]


class OccurrenceFilterSet(WagtailFilterSet):
    """Filter dates by status and by event; the event list holds only events the user manages."""

    event = django_filters.ModelChoiceFilter(label=_("Event"), queryset=lambda request: _event_choices(request))

    class Meta:
        model = Occurrence
        fields = ["status", "event"]


def _event_choices(request):
    events = EventPage.objects.order_by("title")
    limit = managed_events_filter(request.user) if request is not None else {"pk__in": []}
    return events.filter(**limit) if limit is not None else events


def _local_time(occurrence):
    # Shown in the event's own zone, named, as organizers think of the date.
    start = occurrence.start.astimezone(occurrence.event.tz)
    return f"{date_format(start, 'D j M Y, H:i')} {zone_name(start)} ({occurrence.event.timezone})"


def _status_words(occurrence):
    words = [str(occurrence.get_status_display())]
    if occurrence.is_moved:
        words.append(str(_("moved")))
    if occurrence.end < timezone.now():
        words.append(str(_("past")))
    return ", ".join(words)


class OccurrenceIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event")

    def order_queryset(self, queryset):
        if self.request.GET.get("ordering"):
            return super().order_queryset(queryset)
        # Upcoming dates first (soonest first), then past ones (latest first).
        now = timezone.now()
        return queryset.annotate(
            is_past=Case(When(end__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField())
        ).order_by("is_past", Case(When(end__lt=now, then=F("start")), default=None).desc(), "start", "pk")

    def get_edit_url(self, instance):
        # After saving, the edit view returns here, with the same filters, search and page.
        url = super().get_edit_url(instance)
        return f"{url}?{urlencode({'next': self.request.get_full_path()})}" if url else url


class OccurrenceCreateView(CreateView):
    """Dates come from the event's repeat rule; a stray date would have no rule behind it."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class OccurrenceEditView(ScopedEditView):
    def get_edit_url(self):
        url = super().get_edit_url()
        next_url = get_valid_next_url_from_request(self.request)
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or super().get_success_url()

    def save_instance(self):
        data = self.form.cleaned_data
        return update_occurrence(
            self.object,
            status=data["status"],
            start=data["start"],
            end=data["end"],
            note=data["note"],
            actor=self.request.user,
        )


class OccurrenceViewSet(ScopedViewSetMixin, SnippetViewSet):
    """Dates of events: organizers cancel or move one date here; the series creates them."""

    pk_path_converter = "id"  # guards.converters: ids past the database's integers are 404

    model = Occurrence
    icon = "date"
    menu_label = _("Dates")
    index_view_class = OccurrenceIndexView
    add_view_class = OccurrenceCreateView
    edit_view_class = OccurrenceEditView
    list_display = [
        "event",
        Column("when", label=_("Starts (event's zone)"), accessor=_local_time),
        Column("state", label=_("Status"), accessor=_status_words),
        "note",
    ]
    filterset_class = OccurrenceFilterSet
    search_fields = ["event__title"]
    search_backend_name = None  # the database's own search over the event's title
    copy_view_enabled = False
    inspect_view_enabled = False


class EventsViewSetGroup(SnippetViewSetGroup):
    items = (OccurrenceViewSet, VenueViewSet)
    menu_icon = "date"
    menu_label = _("Events")
    menu_name = "events"


register_snippet(EventsViewSetGroup)


@hooks.register("before_create_page")
def remember_the_chosen_group(request, parent_page, page_class):
    """The cockpit's "Create an event" link names a group (?group=id); the event form preselects it
    (it checks the group is one the user may choose)."""
    from guards.numbers import parse_id

    if issubclass(page_class, EventPage):
        request.user.convene_new_event_group = parse_id(request.GET.get("group", ""))


# -- registration: the event page's panel, and organizer links in the admin --------------------


@hooks.register("convene_event_page_panels")
def registration_panel(request, event):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from .forms import RegistrationForm
    from .services.attendance import date_state, waitlist_position
    from .services.cancellation import can_cancel
    from .services.occurrences import selected_date, upcoming_dates
    from .services.registration import active_registration, registration_closed_reason
    from .services.seats import counts

    occurrence = selected_date(event, upcoming_dates(event), request.GET.get("date"))
    if occurrence is None:
        return ""
    now = timezone.now()
    mine = active_registration(request.user, occurrence) if request.user.is_authenticated else None
    context = {
        "event": event,
        "occurrence": occurrence,
        "state": date_state(occurrence, now),
        "waitlist_position": waitlist_position(mine) if mine else None,
        "counts": counts(occurrence, now),
        "closed_reason": registration_closed_reason(occurrence, now),
        "mine": mine,
        "can_cancel": bool(mine) and can_cancel(mine, now),
        "form": RegistrationForm(event=event, prefix=f"reg{occurrence.pk}") if not mine else None,
        "can_manage": can_manage_event(request.user, event),
    }
    return render_to_string("events/includes/registration_panel.html", context, request=request)


@hooks.register("register_page_listing_buttons")
def organizer_page_buttons(page, user, next_url=None, **kwargs):
    from django.urls import reverse
    from wagtail.admin import widgets

    if page.specific_class is None or not issubclass(page.specific_class, EventPage):
        return
    event = EventPage.objects.filter(pk=page.pk).select_related("group").first()
    if event and can_manage_event(user, event):
        yield widgets.ListingButton(
            _("Attendees & check-in"), reverse("events:organize_event", args=[page.pk]), priority=60
        )


@hooks.register("register_admin_menu_item")
def my_events_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem(_("Registrations"), reverse("events:organize_home"), icon_name="group", order=250)


@hooks.register("convene_event_page_panels")
def add_to_calendar(request, event):
    return add_to_calendar_panel(request, event)


@hooks.register("convene_me_panels")
def private_calendar_feed(request):
    return private_feed_panel(request, next_url="/me/")
