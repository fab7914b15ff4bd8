"""Deleting pages in the admin never loses registrations or payments, and never orphans events.

An event that people registered for is not deleted: the organizer is pointed to "Cancel event", which
tells everyone and refunds paid tickets, and keeps the records. A group with events is not deleted
while it has them (its organizers would lose access to them). Checked for the page and every page
under it, in the single delete view and in bulk delete, before anything is deleted.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.models import Page

from .models import EventPage, GroupPage, Registration


def deletion_blockers(pages):
    """Why these pages (with everything under them) cannot be deleted: a list of HTML-safe messages."""
    subtree = Page.objects.none()
    for page in pages:
        subtree = subtree | Page.objects.descendant_of(page, inclusive=True)
    subtree_ids = subtree.values("pk")
    reasons = []
    events = EventPage.objects.filter(pk__in=subtree_ids).order_by("title")
    for event in events.filter(occurrences__registrations__isnull=False).distinct():
        count = Registration.objects.filter(occurrence__event=event).count()
        reasons.append(
            format_html(
                '{} <a href="{}">{}</a>',
                ngettext(
                    "“%(title)s” has %(count)s registration: deleting it would lose it and its payment. "
                    "Cancel the event instead: everyone is told and paid tickets are refunded, and the "
                    "records stay. You can also unpublish it.",
                    "“%(title)s” has %(count)s registrations: deleting it would lose them and their payments. "
                    "Cancel the event instead: everyone is told and paid tickets are refunded, and the "
                    "records stay. You can also unpublish it.",
                    count,
                )
                % {"title": event.title, "count": count},
                reverse("events:organize_event", args=[event.pk]),
                _("Cancel the event on its registrations page"),
            )
        )
    groups = GroupPage.objects.filter(pk__in=subtree_ids).order_by("title")
    for group in groups:
        # Events deleted along with the group (under the same page) do not hold it back.
        count = EventPage.objects.filter(group=group).exclude(pk__in=subtree_ids).count()
        if count:
            reasons.append(
                format_html(
                    "{}",
                    ngettext(
                        "The group “%(title)s” still has %(count)s event. Give it to another group (or delete it) "
                        "first: deleting the group would leave it without organizers.",
                        "The group “%(title)s” still has %(count)s events. Give them to another group (or delete "
                        "them) first: deleting the group would leave them without organizers.",
                        count,
                    )
                    % {"title": group.title, "count": count},
                )
            )
    return reasons


def _refuse(request, reasons, back):
    # One message: the admin shows a single error message per page.
    messages.error(
        request, format_html("{} {}", _("Nothing was deleted."), format_html_join(" ", "{}", ((r,) for r in reasons)))
    )
    return redirect(back)


@hooks.register("before_delete_page")
def keep_pages_that_hold_registrations_or_events(request, page):
    reasons = deletion_blockers([page])
    if reasons:
        return _refuse(request, reasons, reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return None


@hooks.register("before_bulk_action")
def keep_pages_that_hold_registrations_or_events_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    reasons = deletion_blockers(objects)
    if reasons:
        return _refuse(request, reasons, action_class_instance.next_url or reverse("wagtailadmin_explore_root"))
    return None


@hooks.register("before_delete_snippet")
def keep_dates_people_registered_for(request, instances):
    """A date with registrations is cancelled, not deleted (single and bulk snippet delete)."""
    from .models import Occurrence

    held = [o for o in instances if isinstance(o, Occurrence) and Registration.objects.filter(occurrence=o).exists()]
    if not held:
        return None
    reasons = [
        _(
            "%(date)s has registrations: cancel the date instead (Status: Cancelled), which tells "
            "everyone on it and refunds paid tickets."
        )
        % {"date": occurrence}
        for occurrence in held
    ]
    return _refuse(request, reasons, reverse("wagtailsnippets_events_occurrence:list"))
