"""The privacy page's content, assembled from what each app registered and from the settings."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .registry import Collected, sources
from .services.export import documented_fields


def account_collected():
    session_days = settings.SESSION_COOKIE_AGE // 86400
    return (
        Collected(
            what=_("Your account"),
            fields=(
                _("email address"),
                _("password (only as a one-way hash)"),
                _("when you joined and last logged in"),
            ),
            purpose=_("To log you in and send you confirmations, tickets and the messages you asked for."),
            who_sees=_("You and site staff. Your email address is never shown to other participants."),
            kept=_("Until you erase your account."),
        ),
        Collected(
            what=_("Your profile"),
            fields=(_("name"), _("pronouns"), _("about me"), _("skills"), _("interests"), _("links")),
            purpose=_("So organizers know who is coming and teammates can find you."),
            who_sees=_(
                "Organizers of events you register for and participants of your hackathons; everyone if you make "
                "your profile public."
            ),
            kept=_("Until you change it or erase your account."),
        ),
        Collected(
            what=_("Accounts you log in with"),
            fields=(_("provider"), _("account id")),
            purpose=_("To let you log in with GitHub."),
            who_sees=_("Only you and site staff."),
            kept=_("Until you disconnect it or erase your account."),
        ),
        Collected(
            what=_("Session cookie"),
            fields=(_("a random session id"), _("your language choice")),
            purpose=_("To keep you logged in and protect forms against forgery. No tracking or advertising cookies."),
            who_sees=_("Nobody; it stays between your browser and the site."),
            kept=ngettext_lazy(
                "Until you log out, or %(days)d day after your last visit.",
                "Until you log out, or %(days)d days after your last visit.",
                "days",
            )
            % {"days": session_days},
        ),
    )


def privacy_sections():
    sections = [{"label": _("Your account"), "collected": account_collected()}]
    sections += [{"label": s.label, "collected": s.collected} for s in sources() if s.collected]
    return sections


def retention_facts():
    return {
        "answer_days": settings.CONVENE_ANSWER_RETENTION_DAYS,
        "calendar_past_days": settings.CONVENE_CALENDAR_PAST_DAYS,
    }


def page_context():
    return {
        "sections": privacy_sections(),
        "retention": retention_facts(),
        "export_fields": documented_fields(),
    }
