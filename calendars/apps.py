from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    """Calendars that live elsewhere (Meetup, Luma, Google, Outlook, other Convene sites), imported
    into the listing. Sits above `events`: it reads events' groups and kinds, events never imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "calendars"
    verbose_name = _("Calendar sources")

    def ready(self):
        from . import signals  # noqa: F401 (registers the receivers)
