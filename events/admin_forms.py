from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .money import PAYMENTS_NOT_CONFIGURED, payments_configured
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

    def is_valid(self):
        valid = super().is_valid()
        if valid and self.is_bound and "action-publish" in self.data and not payments_configured():
            # Refused at publish time: a published paid ticket would hold buyers' seats they cannot pay for.
            paid = [
                form
                for form in self.formsets["ticket_types"].forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("price_cents")
            ]
            for form in paid:
                form.add_error("price_cents", PAYMENTS_NOT_CONFIGURED)
            if paid:
                self.add_error(None, PAYMENTS_NOT_CONFIGURED)
                return False
        return valid
        self._choose_group_for_new_event()

    def _choose_group_for_new_event(self):
        """A new event starts with the organizer's group chosen: the one the cockpit's "Create an event"
        link named (stashed on the user by the before_create_page hook), or their only group."""
        if self.is_bound or self.instance.pk or "group" not in self.fields or self.for_user is None:
            return
        groups = self.fields["group"].queryset
        wanted = getattr(self.for_user, "convene_new_event_group", None)
        if wanted and groups.filter(pk=wanted).exists():
            self.initial["group"] = wanted
        elif not is_site_staff(self.for_user):
            only = list(groups.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                self.initial["group"] = only[0]
