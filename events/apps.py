from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from . import admin_deletion, signals  # noqa: F401 (registers the admin hooks and receivers)
        from .feeds import signals as feed_signals  # noqa: F401
        from .privacy import register_source

        register_source()
