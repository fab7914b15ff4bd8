"""HTML sections for the event page and /me/ (rendered through the Wagtail hooks in wagtail_hooks.py)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .language import feed_language
from .links import add_event_links, subscribe_links
from .render import PageUrls
from .tokens import feed_token


def add_to_calendar_panel(request, event):
    links = add_event_links(event, PageUrls(feed_language())(event))  # the page in the reader's language
    return render_to_string("events/includes/add_to_calendar.html", {"event": event, "links": links}, request)


def private_feed_panel(request, next_url=None):
    if not request.user.is_authenticated:
        return ""
    path = reverse("calendar:personal", kwargs={"token": feed_token(request.user)})
    context = {"links": subscribe_links(path, _("My events")), "next": next_url}
    return render_to_string("events/includes/private_feed.html", context, request)
