from django.apps import AppConfig
from django.db.models.signals import post_save


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from wagtail.users.models import UserProfile

        post_save.connect(_language_chosen_in_admin, sender=UserProfile, dispatch_uid="accounts.admin_language")


def _language_chosen_in_admin(sender, instance, **kwargs):
    """A language chosen in the Wagtail admin's account settings is the person's language too (their
    emails follow it), when it is one the site writes in; the profile page sets both the other way."""
    from .languages import codes

    language = instance.preferred_language
    if language in codes() and instance.user.language != language:
        type(instance.user).objects.filter(pk=instance.user_id).update(language=language)
        instance.user.language = language
