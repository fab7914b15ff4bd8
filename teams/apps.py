from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Teams and judging"

    def ready(self):
        from .privacy import register_source

        register_source()
        from . import signals  # noqa: F401 (connects the receivers)
