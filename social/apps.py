from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "social"
    verbose_name = "Social posts"

    def ready(self):
        from . import redaction, signals  # noqa: F401

        redaction.install()
        from .privacy import register_source

        register_source()
