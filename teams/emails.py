"""Emails about forming teams: the captain hears of each request to join."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.mail import from_email
from guards.mail import email_subject

from .models import JoinRequest


def send_join_request_email(join_request_id):
    join_request = JoinRequest.objects.select_related("team__captain", "team__event", "user").get(pk=join_request_id)
    team, captain = join_request.team, join_request.team.captain
    if captain is None or not captain.is_active:
        return
    with translation.override(settings.LANGUAGE_CODE):
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
    EmailMultiAlternatives(subject, text, from_email(), to=[captain.email]).send()
