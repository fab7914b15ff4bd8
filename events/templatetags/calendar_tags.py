from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from ..feeds.links import listing_feed, subscribe_links

register = template.Library()


@register.inclusion_tag("events/includes/subscribe.html")
def subscribe_panel(path, name, heading=None):
    return {"links": subscribe_links(path, name), "heading": heading or _("Subscribe")}


@register.inclusion_tag("events/includes/subscribe.html")
def listing_subscribe_panel(filters, options):
    path, label = listing_feed(filters, options)
    if label:
        name = _("%(site)s: %(what)s") % {"site": settings.SITE_NAME, "what": label}
        heading = _("Subscribe to %(what)s") % {"what": label}
    else:
        name = _("%(site)s: all events") % {"site": settings.SITE_NAME}
        heading = _("Subscribe to every event")
    return {"links": subscribe_links(path, name), "heading": heading}


@register.simple_tag
def group_feed_path(group):
    return reverse("calendar:group", kwargs={"slug": group.slug})
