"""The listing settings' form (kept apart from social.forms, which needs the models)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from events.models.pages import Kind


class ListingSettingsForm(WagtailAdminModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("Kinds"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Events of these kinds are listed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["kinds"] = self.instance.kind_list if self.instance.pk else ["hacknight", "meetup", "hackathon"]

    def clean_kinds(self):
        return ",".join(self.cleaned_data["kinds"])
