"""The feeds the site publishes, each looked up from its URL (unknown slug, kind or id: Http404)."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from taggit.models import Tag

from ..models import EventPage, EventPageTag, GroupFollow, GroupPage, Occurrence, Registration
from ..models.pages import Kind
from ..models.registrations import CancelReason, RegistrationStatus
from .build import FeedSpec
from .language import content, feed_language


def _public_events():
    return EventPage.objects.live().public()


def _url(name, **kwargs):
    # In the active language: /fr/calendar/… for a French feed.
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _title(page):
    return content(page, "title", feed_language())


def all_events():
    return FeedSpec(
        key="all",
        name=_("%(site)s: all events") % {"site": settings.SITE_NAME},
        description=_("Every public event on %(site)s.") % {"site": settings.SITE_NAME},
        url=_url("calendar:all"),
        events=_public_events(),
        language=feed_language(),
    )


def group_events(slug):
    group = GroupPage.objects.live().public().filter(slug=slug).first()
    if group is None:
        raise Http404(_("No such group."))
    title = _title(group)[0]
    return FeedSpec(
        key=f"group:{slug}",
        name=_("%(site)s: %(group)s") % {"site": settings.SITE_NAME, "group": title},
        description=_("Events of %(group)s.") % {"group": title},
        url=_url("calendar:group", slug=slug),
        events=_public_events().filter(group=group),
        language=feed_language(),
    )


def kind_events(kind):
    if kind not in Kind.values:
        raise Http404(_("No such kind of event."))
    label = str(Kind(kind).label)
    return FeedSpec(
        key=f"kind:{kind}",
        name=_("%(site)s: %(kind)s events") % {"site": settings.SITE_NAME, "kind": label},
        description=_("Every public %(kind)s event.") % {"kind": label.lower()},
        url=_url("calendar:kind", kind=kind),
        events=_public_events().filter(kind=kind),
        language=feed_language(),
    )


def tag_events(slug):
    tag = Tag.objects.filter(slug=slug).first()
    if tag is not None:
        name = tag.name
    else:  # a topic only imported or submitted dates carry
        from ..services.listing import other_topics

        name = dict(other_topics()).get(slug)
    if name is None:
        raise Http404(_("No such topic."))
    return FeedSpec(
        key=f"tag:{slug}",
        name=_("%(site)s: %(tag)s") % {"site": settings.SITE_NAME, "tag": name},
        description=_("Events about %(tag)s.") % {"tag": name},
        url=_url("calendar:tag", slug=slug),
        events=_public_events().filter(pk__in=EventPageTag.objects.filter(tag=tag).values("content_object_id")),
        language=feed_language(),
    )


def single_event(pk):
    event = _public_events().filter(pk=pk).first()
    if event is None:
        raise Http404(_("No such event."))
    title, title_language = _title(event)
    return FeedSpec(
        key=f"event:{pk}",
        name=title,
        description=_("%(event)s on %(site)s.") % {"event": title, "site": settings.SITE_NAME},
        url=_url("calendar:event", pk=pk),
        events=EventPage.objects.filter(pk=pk),
        windowed=False,
        language=feed_language(),
        name_language=title_language,
    )


def personal_events(user, token):
    """Events of the groups the person follows (whole series), their single events, and each date of a
    series they registered for on its own (not the whole series: they did not sign up for every week).

    A date stays, marked cancelled, when the organizer cancelled it (or the event) after they registered."""
    kept = ~Q(status=RegistrationStatus.CANCELLED) | Q(
        cancel_reason__in=[CancelReason.EVENT_CANCELLED, CancelReason.DATE_CANCELLED]
    )
    registered = Registration.objects.filter(kept, user=user)
    followed_groups = GroupFollow.objects.filter(user=user).values("group_id")
    live = EventPage.objects.live()
    # A followed group's private (password or members-only) events stay out; one the person registered
    # for, having passed its restriction, stays in.
    followed = Q(group__in=followed_groups, pk__in=_public_events().values("pk"))
    events = live.filter(followed | Q(repeat="", pk__in=registered.values("occurrence__event_id")))
    dates = Occurrence.objects.filter(
        pk__in=registered.values("occurrence_id"), event__in=live.exclude(repeat="")
    ).exclude(event__in=live.filter(followed))  # those series are in the feed whole
    return FeedSpec(
        key=f"me:{user.pk}",
        name=_("%(site)s: my events") % {"site": settings.SITE_NAME},
        description=_("Events I registered for and events of the groups I follow."),
        url=_url("calendar:personal", token=token),
        events=events,
        user_pk=user.pk,
        dates=dates,
        language=feed_language(),
    )
