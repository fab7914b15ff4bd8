from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from .models import EventPage, GroupPage, Occurrence, Venue
from .permissions import can_manage_event, managed_events_filter
from .services.occurrences import update_occurrence


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Venues")
    list_display = ["name", "city", "address"]
    list_filter = ["city"]
    search_fields = ["name", "city"]


class OccurrenceIndexView(IndexView):
    def get_base_queryset(self):
        qs = super().get_base_queryset().select_related("event")
        limit = managed_events_filter(self.request.user)
        if limit is not None:
            qs = qs.filter(**{f"event__{key}": value for key, value in limit.items()})
        return qs


class OccurrenceCreateView(CreateView):
    """Dates come from the event's repeat rule; a stray date would have no rule behind it."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class OccurrenceEditView(EditView):
    def get_object(self, queryset=None):
        occurrence = super().get_object(queryset)
        if not can_manage_event(self.request.user, occurrence.event):
            raise PermissionDenied
        return occurrence

    def save_instance(self):
        data = self.form.cleaned_data
        return update_occurrence(
            self.object, status=data["status"], start=data["start"], end=data["end"], note=data["note"]
        )


class OccurrenceViewSet(SnippetViewSet):
    """Dates of events: organizers cancel or move one date here; the series creates them."""

    model = Occurrence
    icon = "date"
    menu_label = _("Dates")
    index_view_class = OccurrenceIndexView
    add_view_class = OccurrenceCreateView
    edit_view_class = OccurrenceEditView
    list_display = ["event", "start", "status", "is_moved", "note"]
    list_filter = ["status", "event__kind"]
    search_fields = []
    ordering = ["start"]
    copy_view_enabled = False
    inspect_view_enabled = False


class EventsViewSetGroup(SnippetViewSetGroup):
    items = (OccurrenceViewSet, VenueViewSet)
    menu_icon = "date"
    menu_label = _("Events")
    menu_name = "events"


register_snippet(EventsViewSetGroup)


@hooks.register("before_edit_page")
@hooks.register("before_delete_page")
def only_the_groups_organizers_change_it(request, page):
    # Page permissions are per subtree; every event sits under /events/ and every group under
    # /groups/, so the group's organizer list decides.
    specific = page.specific
    if isinstance(specific, EventPage) and not can_manage_event(request.user, specific):
        raise PermissionDenied
    if isinstance(specific, GroupPage) and not specific.is_organizer(request.user):
        raise PermissionDenied
