"""Sign-up's extra field and the profile form. Validation of each profile field lives here, once."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User
from .profile import clean_tags

GITHUB_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


def _clean_name(value):
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError(_("Enter the name people will know you by."))
    if "@" in value:
        raise ValidationError(_("Use a name rather than an email address: other people see it."))
    return value


class SignupForm(forms.Form):
    """allauth's ACCOUNT_SIGNUP_FORM_CLASS: asks for the name shown to others (allauth adds email and passwords)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Shown to other participants, on teams and to organizers."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["name", "email", "password1", "password2"]

    def clean_name(self):
        return _clean_name(self.cleaned_data.get("name"))

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class TagsField(forms.CharField):
    """A comma-separated list of short words (skills, interests), stored as a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        return clean_tags(super().to_python(value))


class ProfileForm(forms.ModelForm):
    skills = TagsField(
        label=_("Skills"),
        help_text=_("Separated by commas, e.g. Python, design, GIS. Teams looking for people see them."),
    )
    interests = TagsField(label=_("Interests"), help_text=_("Separated by commas, e.g. transit, housing, open data."))
    website = forms.URLField(
        label=_("Website (optional)"),
        required=False,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://", "autocomplete": "url"}),
    )
    mastodon = forms.URLField(
        label=_("Mastodon profile address (optional)"),
        required=False,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": _("https://mastodon.social/@you")}),
    )
    linkedin = forms.URLField(
        label=_("LinkedIn profile address (optional)"),
        required=False,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": _("https://www.linkedin.com/in/you")}),
    )

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language

    class Meta:
        model = User
        fields = [
            "name",
            "pronouns",
            "bio",
            "skills",
            "interests",
            "website",
            "github",
            "mastodon",
            "linkedin",
            "public_profile",
            "language",
        ]
        labels = {
            "name": _("Display name"),
            "pronouns": _("Pronouns (optional)"),
            "bio": _("Short bio (optional)"),
            "github": _("GitHub username (optional)"),
            "public_profile": _("Show my public profile page"),
            "language": _("Language for emails"),
        }
        help_texts = {
            "language": _("Confirmations, reminders and notices are written in this language."),
            "name": _("Shown wherever you appear: attendee lists, teams, judging and results."),
            "pronouns": _("For example: she/her, he/him, they/them."),
            "bio": _("A few sentences about you, up to 500 characters."),
            "github": _("Just the username, e.g. octocat."),
            "public_profile": _(
                "Off by default. When on, anyone can see your name, pronouns, bio, skills, interests, links "
                "and the hackathon projects you took part in. Your email address is never shown."
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "bio": forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        # A form that does not send it (an older page, a script) keeps the person's language.
        self.fields["language"].required = False

    def clean_name(self):
        return _clean_name(self.cleaned_data.get("name"))

    def clean_pronouns(self):
        return " ".join(self.cleaned_data.get("pronouns", "").split())

    def clean_bio(self):
        bio = self.cleaned_data.get("bio", "").strip()
        if len(bio) > 500:
            raise ValidationError(_("Keep your bio to 500 characters (it has %(n)d).") % {"n": len(bio)})
        return bio

    def clean_github(self):
        value = self.cleaned_data.get("github", "").strip().lstrip("@")
        value = re.sub(r"^https?://(www\.)?github\.com/", "", value).strip("/")
        if value and not GITHUB_RE.match(value):
            raise ValidationError(_("A GitHub username has letters, digits and single hyphens (at most 39)."))
        return value
