from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .permissions import is_site_staff


def _limit_venue_field(form, name):
    """The venue fields accept only venues the person may use (a posted id of another group's venue is a form
    error, whatever the chooser showed)."""
    from .services.venues import usable_venues

    if form.for_user is None or name not in form.fields:
        return
    form.fields[name].queryset = usable_venues(form.for_user, keep=getattr(form.instance, f"{name}_id", None))


class EventPageForm(WagtailAdminPageForm):
    """An organizer publishes only for the groups they organize, at venues they may use."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not is_site_staff(user) and "group" in self.fields:
            self.fields["group"].queryset = self.fields["group"].queryset.filter(organizers=user)
            self.fields["group"].required = True
            self.fields["group"].help_text = _("You can publish for the groups you organize.")
        _limit_venue_field(self, "venue")


class GroupPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_venue_field(self, "default_venue")


class VenueForm(WagtailAdminModelForm):
    """Organizers add venues for their own groups; a shared venue (no group) is site staff's to keep."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not is_site_staff(user) and "group" in self.fields:
            self.fields["group"].queryset = self.fields["group"].queryset.filter(organizers=user)
            self.fields["group"].required = True
            self.fields["group"].help_text = _("The group whose organizers may edit and use this venue.")
