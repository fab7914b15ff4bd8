from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Question, TicketType
from .models.registrations import MessageSegment, QuestionKind, RegistrationStatus
from .money import DollarsFormField
from .services.registration import NO, YES


class TicketChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.is_free:
            return _("%(name)s – free") % {"name": obj.name}
        return f"{obj.name} – {obj.price_display}"


class RegistrationForm(forms.Form):
    """Ticket, the organizer's questions and the code of conduct. The service re-checks everything."""

    def __init__(self, *args, event, has_tickets=None, has_questions=None, **kwargs):
        """`has_tickets` / `has_questions`: when the caller already knows (the register view reads both
        with the date), an event without tickets or questions costs no query here."""
        super().__init__(*args, **kwargs)
        self.event = event
        tickets = TicketType.objects.filter(event=event)
        self.has_tickets = tickets.exists() if has_tickets is None else has_tickets
        if self.has_tickets:
            self.fields["ticket_type"] = TicketChoiceField(
                queryset=tickets, label=_("Ticket"), widget=forms.RadioSelect, empty_label=None
            )
            if tickets.count() == 1:
                self.fields["ticket_type"].initial = tickets.first().pk
        self.questions = list(Question.objects.filter(event=event)) if has_questions is not False else []
        for question in self.questions:
            self.fields[question.key] = self._field_for(question)
        if event.code_of_conduct_url:
            self.fields["accept_code_of_conduct"] = forms.BooleanField(
                label=_("I have read and accept the code of conduct"),
                required=True,
                error_messages={"required": _("Please accept the code of conduct to register.")},
            )

    @staticmethod
    def _field_for(question):
        if question.kind == QuestionKind.CHOICE:
            choices = [(option, option) for option in question.option_list()]
            choices = [("", _("Choose…") if question.required else _("No answer")), *choices]
            return forms.ChoiceField(label=question.label, choices=choices, required=question.required)
        if question.kind == QuestionKind.YES_NO:
            return forms.ChoiceField(
                label=question.label,
                choices=[(YES, _("Yes")), (NO, _("No"))],
                widget=forms.RadioSelect,
                required=question.required,
            )
        return forms.CharField(label=question.label, required=question.required, max_length=2000)

    def answers(self):
        return {str(q.pk): self.cleaned_data.get(q.key) or "" for q in self.questions}

    def question_fields(self):
        return [self[q.key] for q in self.questions]


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Seats for this date"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Leave empty to use the event's capacity."),
    )


class DiscountCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=40, help_text=_("What buyers type at checkout: letters, digits or dashes.")
    )
    percent_off = forms.IntegerField(label=_("Percent off"), min_value=1, max_value=100, required=False)
    amount_off = DollarsFormField(label=_("Or an amount off"), required=False, help_text=_("In dollars."))
    max_redemptions = forms.IntegerField(
        label=_("Uses allowed"), min_value=1, max_value=100000, required=False, help_text=_("Empty: no limit.")
    )

    def clean(self):
        data = super().clean()
        if not self.errors and (data.get("percent_off") is None) == (data.get("amount_off") in (None, 0)):
            raise forms.ValidationError(_("Give either a percentage or an amount off, not both."))
        return data


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email"))


class CheckInForm(forms.Form):
    q = forms.CharField(label=_("Ticket code or name"), max_length=100)


class AttendeeEmailForm(forms.Form):
    """An organizer's message: who it goes to, where replies go, now or later. The service re-checks."""

    segment = forms.ChoiceField(
        label=_("Send to"), choices=MessageSegment.choices, initial=MessageSegment.CONFIRMED, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000)
    reply_to = forms.ChoiceField(label=_("Replies go to"))
    send_at = forms.DateTimeField(
        label=_("Send later (optional)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, reply_options=(), event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["reply_to"].choices = [(address, address) for address in reply_options]
        if event is not None:
            self.fields["send_at"].help_text = _("Leave empty to send now. Time in %(zone)s.") % {
                "zone": event.timezone
            }

    def clean_send_at(self):
        value = self.cleaned_data.get("send_at")
        if value is None or self.event is None:
            return value
        # The organizer types the event's wall-clock time, not the server's.
        return timezone.make_naive(value).replace(tzinfo=self.event.tz)


STATUS_FILTER_CHOICES = [("", _("All active")), *RegistrationStatus.choices, ("checked_in", _("Checked in"))]


class AttendeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
