from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasedAccount(models.Model):
    """The account was erased: the user row stays only as a pseudonym that payments, audit rows, judge
    scores and votes point to. Holds no personal data."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure")
    erased_at = models.DateTimeField(_("erased"))
    by_staff = models.BooleanField(_("erased by site staff"), default=False)

    class Meta:
        verbose_name = _("erased account")

    def __str__(self):
        return f"erased account {self.user_id}"
