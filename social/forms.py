from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .exceptions import SocialError
from .services.review import check_parts
from .text import measure

PART_SEPARATOR = "---"


def split_parts(text):
    parts, current = [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip() == PART_SEPARATOR:
            parts.append("\n".join(current).strip())
            current = []
        else:
            current.append(line)
    parts.append("\n".join(current).strip())
    return [p for p in parts if p]


class PostReviewForm(WagtailAdminModelForm):
    """Edit the text of a post (parts separated by a line '---'), then save, approve or skip it."""

    DECISIONS = [
        ("save", _("Save changes, keep as it is")),
        ("approve", _("Approve: post it at the scheduled time (or now, if that has passed)")),
        ("recompose", _("Compose again from this week's events still ahead (replaces the text)")),
        ("skip", _("Skip: do not post this")),
        ("retry", _("Try again: a failed post, or one stuck sending (check the account first)")),
    ]

    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Each thread part is separated by a line containing only ---. Events must not be split."),
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, initial="save", widget=forms.RadioSelect)

    class Meta:
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            post, channel = self.instance, self.instance.channel
            self.fields["text"].initial = f"\n{PART_SEPARATOR}\n".join(post.parts)
            self.fields["text"].widget.attrs["lang"] = channel.language  # the post's language, not the admin's
            lengths = ", ".join(
                f"{n}: {measure(channel.network, part)}/{channel.limit}" for n, part in enumerate(post.parts, 1)
            )
            language = _("Language: %(language)s") % {"language": channel.get_language_display()}
            self.fields["text"].help_text = f"{language}. " + _(
                "Status: %(status)s. Lengths as %(network)s counts them: %(lengths)s. Separate thread parts with a "
                "line containing only ---; never split an event."
            ) % {"status": post.get_status_display(), "network": channel.get_network_display(), "lengths": lengths}

    def clean_text(self):
        if self.data.get("decision") in ("retry", "recompose"):
            return self.instance.parts  # retrying keeps the text; composing again replaces it
        parts = split_parts(self.cleaned_data["text"])
        try:
            check_parts(self.instance.channel, parts)
        except SocialError as e:
            raise forms.ValidationError(str(e))
        return parts
