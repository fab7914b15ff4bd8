from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from .feeds.panels import add_to_calendar_panel, private_feed_panel
from .models import Occurrence, Venue
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


@hooks.register("convene_event_page_panels")
def add_to_calendar(request, event):
    return add_to_calendar_panel(request, event)


@hooks.register("convene_me_panels")
def private_calendar_feed(request):
    return private_feed_panel(request, next_url="/me/")
