import datetime
import re
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import GroupPage
from events.models.pages import TIMEZONE_CHOICES
from guards.text import has_control_characters

from .models import EventSubmission

_HTML = re.compile(r"<\s*[a-zA-Z!/?]|&[a-zA-Z#][a-zA-Z0-9]*;")


def refuse_html(value):
    if _HTML.search(value or ""):
        raise forms.ValidationError(_("Write plain text: HTML tags and entities are not accepted."))
    if has_control_characters(value or ""):
        raise forms.ValidationError(_("Remove the control characters from this text."))


class SubmissionForm(forms.Form):
    """'Submit an event': plain text only, a time in a named zone, a place or an online link."""

    group = forms.ModelChoiceField(
        GroupPage.objects.none(), required=False, label=_("Group"), empty_label=_("No group / not listed")
    )
    title = forms.CharField(label=_("Title"), max_length=200, validators=[refuse_html])
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TIMEZONE_CHOICES, initial="America/Toronto")
    location = forms.CharField(label=_("Place"), max_length=300, required=False, validators=[refuse_html])
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), max_length=3000, required=False, widget=forms.Textarea, validators=[refuse_html]
    )
    url = forms.URLField(label=_("Link to the event's page"), assume_scheme="https")
    tags = forms.CharField(
        label=_("Topics"),
        max_length=200,
        required=False,
        validators=[refuse_html],
        help_text=_("Comma-separated, e.g. civic tech, open data"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = GroupPage.objects.live().public().order_by("title")

    def clean(self):
        data = super().clean()
        if not data.get("location") and not data.get("online_link") and not self.errors:
            raise forms.ValidationError(_("Give a place or an online link."))
        day, start, end, zone = (data.get(k) for k in ("date", "start_time", "end_time", "timezone"))
        if day and start and end and zone:
            tz = zoneinfo.ZoneInfo(zone)
            data["start"] = datetime.datetime.combine(day, start, tzinfo=tz)
            data["end"] = datetime.datetime.combine(day, end, tzinfo=tz)
            if data["end"] <= data["start"]:
                self.add_error("end_time", _("The event must end after it starts."))
            elif data["start"] < datetime.datetime.now(datetime.UTC):
                self.add_error("date", _("Submit events that are still ahead."))
        return data

    def submission_data(self):
        data = self.cleaned_data
        fields = ["group", "title", "start", "end", "timezone", "location", "online_link", "description", "url", "tags"]
        return {name: data[name] for name in fields}


class ReviewForm(forms.ModelForm):
    """Moderators may correct the text, then publish or decline (with a reason sent to the submitter)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("save", _("Save changes")), ("publish", _("Publish")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
        initial="save",
    )

    class Meta:
        model = EventSubmission
        fields = ["title", "location", "online_link", "description", "url", "tags", "decline_reason"]
        field_classes = {"online_link": forms.URLField, "url": forms.URLField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "location", "description", "tags", "decline_reason"):
            self.fields[name].validators.append(refuse_html)
