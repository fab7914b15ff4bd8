from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from . import signals  # noqa: F401
        from .feeds import signals as feed_signals  # noqa: F401
        from .privacy import register_source

        register_source()
