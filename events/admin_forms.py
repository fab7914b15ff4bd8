from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .permissions import is_site_staff


class EventPageForm(WagtailAdminPageForm):
    """An organizer publishes only for the groups they organize."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not is_site_staff(user) and "group" in self.fields:
            self.fields["group"].queryset = self.fields["group"].queryset.filter(organizers=user)
            self.fields["group"].required = True
            self.fields["group"].help_text = _("You can publish for the groups you organize.")
