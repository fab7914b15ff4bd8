from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HackathonSettings
from .services.setup import SETTING_FIELDS


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=80)
    description = forms.CharField(
        label=_("What you want to build"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    skills_wanted = forms.CharField(
        label=_("Skills wanted"), required=False, max_length=400, help_text=_("Separate with commas.")
    )


class JoinCodeForm(forms.Form):
    code = forms.CharField(label=_("Invite code"), max_length=40)


class SubmissionForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=120)
    summary = forms.CharField(label=_("One-line summary"), max_length=280)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    repo_url = forms.CharField(label=_("Repository URL"), required=False, max_length=200)
    demo_url = forms.CharField(label=_("Demo URL"), required=False, max_length=200)
    video_url = forms.CharField(
        label=_("Demo video link"),
        required=False,
        max_length=200,
        help_text=_("A recording of the demo (YouTube, Vimeo, PeerTube...): shown on the project's page."),
    )
    tracks = forms.MultipleChoiceField(label=_("Tracks entered"), required=False, widget=forms.CheckboxSelectMultiple)
    technologies = forms.CharField(
        label=_("Technologies"), required=False, max_length=600, help_text=_("Separate with commas.")
    )

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        if tracks:
            self.fields["tracks"].choices = [(str(t.pk), t.name) for t in tracks]
        else:
            del self.fields["tracks"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = HackathonSettings
        fields = SETTING_FIELDS
        widgets = {
            name: DateTimeLocalInput()
            for name in (
                "formation_closes_at",
                "submission_deadline",
                "judging_closes_at",
                "voting_opens_at",
                "voting_closes_at",
            )
        }

    def clean(self):
        data = super().clean()
        if (data.get("max_team_size") or 0) > 20:
            self.add_error("max_team_size", _("Teams of more than 20 people are not supported."))
        if (data.get("judges_per_project") or 0) > 20 or data.get("judges_per_project") == 0:
            self.add_error("judges_per_project", _("Choose between 1 and 20 judges per project."))
        if (data.get("score_max") or 0) > 100:
            self.add_error("score_max", _("Scores go up to 100 at most."))
        return data
