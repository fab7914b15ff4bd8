from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .money import PAYMENTS_NOT_CONFIGURED, payments_configured
from .permissions import is_site_staff

CONFIRM_LABEL = _("Tell the people registered")


def _limit_venue_field(form, name):
    """The venue fields accept only venues the person may use (a posted id of another group's venue is a form
    error, whatever the chooser showed)."""
    from .services.venues import usable_venues

    if form.for_user is None or name not in form.fields:
        return
    form.fields[name].queryset = usable_venues(form.for_user, keep=getattr(form.instance, f"{name}_id", None))


def _reach_help(count, what):
    return ngettext(
        "%(count)s person is registered for %(what)s. Saving a change of time or place emails them; "
        "cancelling also cancels their registration and refunds a paid ticket.",
        "%(count)s people are registered for %(what)s. Saving a change of time or place emails each of them; "
        "cancelling also cancels their registrations and refunds paid tickets.",
        count,
    ) % {"count": count, "what": what}


def _confirm_error(count):
    return ngettext(
        "This change reaches %(count)s person registered. Tick “Tell the people registered” to save it.",
        "This change reaches %(count)s people registered. Tick “Tell the people registered” to save it.",
        count,
    ) % {"count": count}


class EventPageForm(WagtailAdminPageForm):
    """An organizer publishes only for the groups they organize, at venues they may use. Before
    publishing a change of time, end, venue or online link they are told how many people it reaches,
    and confirm; a ticket type that people hold cannot be removed."""

    confirm_notify = forms.BooleanField(label=CONFIRM_LABEL, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not is_site_staff(user) and "group" in self.fields:
            self.fields["group"].queryset = self.fields["group"].queryset.filter(organizers=user)
            self.fields["group"].required = True
            self.fields["group"].help_text = _("You can publish for the groups you organize.")
        _limit_venue_field(self, "venue")
        self._choose_group_for_new_event()
        self.reach = self._reach()
        if self.reach:
            self.fields["confirm_notify"].help_text = _reach_help(self.reach, _("this event's coming dates"))
        else:
            del self.fields["confirm_notify"]  # nobody to tell: the panel hides itself

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

    def _reach(self):
        from .services.changes import reach

        if not self.instance.pk:
            return 0
        return reach(self.instance.occurrences.all())

    def clean(self):
        cleaned = super().clean()
        self._keep_sold_ticket_types()
        # Only publishing reaches people (a draft changes nothing they see), so only publishing asks.
        publishing = "action-publish" in self.data
        if (
            publishing
            and self.reach
            and not cleaned.get("confirm_notify")
            and self._changes_what_people_rely_on(cleaned)
        ):
            self.add_error("confirm_notify", _confirm_error(self.reach))
        return cleaned

    def _changes_what_people_rely_on(self, cleaned):
        from .models import EventPage

        live = EventPage.objects.filter(pk=self.instance.pk).first()
        if live is None:
            return False
        fields = ["start_date", "start_time", "end_date", "end_time", "all_day", "timezone", "venue", "online_url"]
        fields += ["repeat", "repeat_until", "status"]
        return any(field in cleaned and cleaned[field] != getattr(live, field) for field in fields)

    def _keep_sold_ticket_types(self):
        """Removing a ticket type that registrations point to would lose their payments: refuse."""
        from .models import Registration

        formset = self.formsets.get("ticket_types") if hasattr(self, "formsets") else None
        if formset is None or not formset.is_valid():
            return
        removed = [form.instance for form in formset.deleted_forms if form.instance.pk]
        held = [ticket for ticket in removed if Registration.objects.filter(ticket_type_id=ticket.pk).exists()]
        for ticket in held:
            self.add_error(
                None,
                _(
                    "The ticket type “%(name)s” cannot be removed: people registered with it. "
                    "Stop its sales (set a sales end) instead, or cancel the event, which refunds them."
                )
                % {"name": ticket.name},
            )

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


class OccurrenceForm(WagtailAdminModelForm):
    """One date in Events › Dates: the organizer sees how many people a cancellation or move reaches,
    and confirms before it is saved."""

    confirm_notify = forms.BooleanField(label=CONFIRM_LABEL, required=False)

    def __init__(self, *args, **kwargs):
        from .services.changes import reach

        super().__init__(*args, **kwargs)
        self.reach = reach([self.instance]) if self.instance.pk else 0
        if self.reach:
            self.fields["confirm_notify"].help_text = _reach_help(self.reach, _("this date"))
        else:
            del self.fields["confirm_notify"]

    def clean(self):
        cleaned = super().clean()
        instance = self.instance  # still as stored: the form's values are applied after clean()
        status, start, end = cleaned.get("status"), cleaned.get("start"), cleaned.get("end")
        if not self.reach or None in (status, start, end):
            return cleaned
        cancelling = status == "cancelled" and instance.status != "cancelled"
        moving = (start, end) != (instance.start, instance.end)
        if (cancelling or moving) and not cleaned.get("confirm_notify"):
            self.add_error("confirm_notify", _confirm_error(self.reach))
        return cleaned


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
