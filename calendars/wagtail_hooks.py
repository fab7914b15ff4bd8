"""Admin: calendar sources (with their fetch status) and the dates imported from them."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet, SnippetChosenView
from wagtail.snippets.views.snippets import DeleteView, EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from events.admin_scoping import FormlessCreateView

from .forms import CalendarSourceForm
from .models import CalendarSource, ImportedEvent
from .permissions import CalendarSourcePermissionPolicy, ImportedEventPermissionPolicy

register_permission_policy(CalendarSource, CalendarSourcePermissionPolicy(CalendarSource))
register_permission_policy(ImportedEvent, ImportedEventPermissionPolicy(ImportedEvent))


class ScopedIndexView(IndexView):
    def get_base_queryset(self):
        allowed = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return super().get_base_queryset().filter(pk__in=allowed.values("pk"))


class ScopedEditView(EditView):
    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            raise PermissionDenied
        return instance


class ScopedDeleteView(DeleteView):
    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "delete", instance):
            raise PermissionDenied
        return instance


def _choosable(request, model):
    """The sources a person may change: an organizer's chooser does not show other groups' feeds."""
    return policy_registry.get_by_type(model).instances_user_has_permission_for(request.user, "change")


class _ScopedSourceChoices:
    def get_object_list(self):
        return super().get_object_list().filter(pk__in=_choosable(self.request, self.model_class).values("pk"))


class SourceChooseView(_ScopedSourceChoices, ChooseView):
    pass


class SourceChooseResultsView(_ScopedSourceChoices, ChooseResultsView):
    pass


class SourceChosenView(SnippetChosenView):
    def get_object(self, pk):
        obj = super().get_object(pk)
        if not _choosable(self.request, self.model_class).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj


class CalendarSourceChooserViewSet(SnippetChooserViewSet):
    choose_view_class = SourceChooseView
    choose_results_view_class = SourceChooseResultsView
    chosen_view_class = SourceChosenView
    create_view_class = FormlessCreateView


class CalendarSourceViewSet(SnippetViewSet):
    pk_path_converter = "id"  # guards.converters: ids past the database's integers are 404
    model = CalendarSource
    icon = "calendar-alt"
    menu_label = _("Calendar sources")
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    chooser_viewset_class = CalendarSourceChooserViewSet
    list_display = ["group", "domain", "enabled", "last_success_at", "last_error", "next_try_at", "failures"]
    list_filter = ["enabled"]
    # No search_fields here: an empty list makes Wagtail's search return EmptySearchResults (model None),
    # and every search of the listing answered 500. The model's own index fields (the address) are used.
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "url",
        "group",
        "default_kind",
        "default_tags",
        "in_weekly_post",
        "enabled",
        "last_attempt_at",
        "last_success_at",
        "last_error",
        "failures",
        "next_try_at",
    ]

    def get_edit_handler(self):
        return ObjectList(CalendarSource.panels, base_form_class=CalendarSourceForm).bind_to_model(CalendarSource)


class ImportedEventViewSet(SnippetViewSet):
    pk_path_converter = "id"
    model = ImportedEvent
    icon = "date"
    menu_label = _("Imported dates")
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    list_display = ["title", "start", "source", "status", "hidden"]
    list_filter = ["hidden", "status"]
    search_fields = []
    ordering = ["start"]
    copy_view_enabled = False
    edit_handler = ObjectList([FieldPanel("hidden")])


class CalendarsViewSetGroup(SnippetViewSetGroup):
    items = (CalendarSourceViewSet, ImportedEventViewSet)
    menu_icon = "calendar-alt"
    menu_label = _("Other calendars")
    menu_name = "calendars"


register_snippet(CalendarsViewSetGroup)


@hooks.register("convene_listing_sources")
def imported_dates():
    from .services.listing import ImportedDates

    return ImportedDates()


@hooks.register("convene_feed_entries")
def imported_feed_entries(spec, cutoff):
    from .feeds import feed_entries

    return feed_entries(spec, cutoff)


@hooks.register("convene_weekly_dates")
def imported_weekly_dates(start, end, config, group):
    from .services.listing import weekly_dates

    return weekly_dates(start, end, config, group)


@hooks.register("convene_listing_sources")
def submitted_dates():
    from .services.listing import SubmittedDates

    return SubmittedDates()


@hooks.register("convene_listing_topics")
def imported_topics():
    from .services.listing import listing_topics

    return listing_topics()


@hooks.register("register_admin_menu_item")
def submissions_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem(_("Submitted events"), reverse("calendars:queue"), icon_name="form", order=260)
