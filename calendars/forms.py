from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from events.models import GroupPage
from events.permissions import is_site_staff


class CalendarSourceForm(WagtailAdminModelForm):
    """Organizers choose among their own groups; site staff among all."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "group" in self.fields:
            groups = GroupPage.objects.order_by("title")
            if for_user is None or not is_site_staff(for_user):
                groups = groups.filter(organizers=for_user) if for_user is not None else groups.none()
            self.fields["group"].queryset = groups
            self.fields["group"].error_messages["invalid_choice"] = _("Choose one of the groups you organize.")
