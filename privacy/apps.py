from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """A person's export and erasure. Sits just above `accounts`: events, teams and social register what
    they hold through `privacy.registry` (they import it; it imports none of them)."""

    name = "privacy"
    verbose_name = "Privacy"
