"""The "new event" email to a group's followers, with a one-click way to stop them (RFC 8058)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mail import from_email, language_headers, written_for
from guards.mail import email_subject
from guards.text import single_line

from .bilingual import localized_text
from .emails import absolute, occurrence_url
from .feeds.identity import uid_domain
from .services.follows import unsubscribe_token


def new_event_email(event, occurrence, follow):
    """One follower's message: greeting, what and when, the link, and how to stop these emails."""
    user, group = follow.user, follow.group
    with written_for(user) as language:
        stop_url = absolute(reverse("events:follow_emails_stop", args=[unsubscribe_token(follow)]))
        context = {
            "user": user,
            "event": event,
            "group": group,
            "occurrence": occurrence,
            "event_url": occurrence_url(occurrence),
            "group_url": group.full_url or absolute(group.url or "/"),
            "stop_url": stop_url,
            "site_name": settings.SITE_NAME,
        }
        subject = email_subject(
            _("New from %(group)s: %(event)s"),
            group=localized_text(group, "title"),
            event=localized_text(event, "title"),
        )
        text = render_to_string("events/emails/new_event.txt", context)
        html = render_to_string("events/emails/message.html", {**context, "body_text": text})
    message = EmailMultiAlternatives(
        subject,
        text,
        from_email(),
        to=[user.email],
        headers={
            # Mail clients show their own "Unsubscribe" and POST to the link (one click, RFC 8058).
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{single_line(group.title)} <group-{group.pk}.{uid_domain()}>",
            **language_headers(language),
        },
    )
    message.attach_alternative(html, "text/html")
    return message
