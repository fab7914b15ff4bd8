from django import forms
from django.utils.translation import gettext_lazy as _


class EraseAccountForm(forms.Form):
    """The confirmation step: the person ticks that they understand, and gives their password if they have
    one (someone who walked away from an unlocked computer cannot be erased by a passer-by)."""

    understood = forms.BooleanField(
        label=_("I understand that my account is erased for good and cannot be restored."), required=True
    )
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data.get("password") or ""
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
