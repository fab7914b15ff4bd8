"""Emails about forming teams: the captain hears of each request to join."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mail import from_email, language_headers, written_for
from events.bilingual import localized_text
from guards.mail import email_subject

from .models import JoinRequest


def send_join_request_email(join_request_id):
    join_request = JoinRequest.objects.select_related("team__captain", "team__event", "user").get(pk=join_request_id)
    team, captain = join_request.team, join_request.team.captain
    if captain is None or not captain.is_active:
        return
    with written_for(captain) as language:
        context = {
            "user": captain,
            "requester": join_request.user,
            "team": team,
            "event": team.event,
            "join_request": join_request,
            "team_url": settings.SITE_URL + reverse("teams:team", args=[team.event_id, team.pk]),
            "site_name": settings.SITE_NAME,
        }
        subject = email_subject(
            _("%(name)s asks to join %(team)s"), name=join_request.user.display_name, team=team.name
        )
        text = render_to_string("teams/emails/join_request.txt", context)
    EmailMultiAlternatives(subject, text, from_email(), to=[captain.email], headers=language_headers(language)).send()


def send_judge_date_email(judge_id, occurrence_id, change_id):
    from events.emails import occurrence_ics, occurrence_url
    from events.models import DateChange, Occurrence
    from events.services.changes import place_of

    from .models import Judge

    judge = Judge.objects.select_related("user").get(pk=judge_id)
    occurrence = Occurrence.objects.select_related("event__venue").get(pk=occurrence_id)
    change = DateChange.objects.get(pk=change_id) if change_id else None
    event = occurrence.event
    email = judge.user.email if judge.user_id else judge.email
    with written_for(judge.user) as language:
        context = {
            "user": judge.user,
            "event": event,
            "occurrence": occurrence,
            "change": change,
            "was": _Was(change.before, event) if change else None,
            "place": place_of(event),
            "event_url": occurrence_url(occurrence),
            "site_name": settings.SITE_NAME,
        }
        if change is None:
            subject = email_subject(_("Date cancelled: %(event)s (you judge it)"), event=localized_text(event, "title"))
        else:
            subject = email_subject(_("Date changed: %(event)s (you judge it)"), event=localized_text(event, "title"))
        text = render_to_string("teams/emails/judge_date.txt", context)
    message = EmailMultiAlternatives(subject, text, from_email(), to=[email], headers=language_headers(language))
    message.attach("event.ics", occurrence_ics(occurrence), "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


class _Was:
    def __init__(self, before, event):
        import datetime

        self.start = datetime.datetime.fromisoformat(before["start"])
        self.end = datetime.datetime.fromisoformat(before["end"])
        self.event = event
