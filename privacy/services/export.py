"""Everything Convene holds about a person, as one JSON document (documented on the privacy page)."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..registry import sources

FORMAT_VERSION = 1

# The account's own section, documented like the apps' sections.
ACCOUNT_FIELDS = {
    "profile": _(
        "Your profile: name, pronouns, about me, skills, interests, links, whether it is public, "
        "when you joined and last logged in."
    ),
    "email_addresses": _("Your email addresses, which one is primary and whether each is verified."),
    "linked_logins": _("Accounts from other sites you log in with (provider and account id; no tokens)."),
    "admin_log": _("Changes site staff made to your account in the administration."),
}


def _when(value):
    return value.isoformat() if value else None


def account_section(user):
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    user_type = ContentType.objects.get_for_model(get_user_model())
    return {
        "profile": {
            "id": user.pk,
            "email": user.email,
            "name": user.name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "pronouns": user.pronouns,
            "bio": user.bio,
            "skills": user.skills,
            "interests": user.interests,
            "website": user.website,
            "github": user.github,
            "mastodon": user.mastodon,
            "linkedin": user.linkedin,
            "public_profile": user.public_profile,
            "language": user.language,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_staff": user.is_staff,
        },
        "email_addresses": [
            {"email": a.email, "primary": a.primary, "verified": a.verified}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "linked_logins": [
            {"provider": a.provider, "uid": a.uid, "last_login": _when(a.last_login)}
            for a in SocialAccount.objects.filter(user=user).order_by("provider")
        ],
        "admin_log": [
            {"at": _when(e.action_time), "change": e.get_change_message()}
            for e in LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).order_by("action_time")
        ],
    }


def export_person(user, now=None):
    """The whole document as a dict: `account`, then one section per registered app."""
    now = now or timezone.now()
    document = {
        "format": "convene-personal-data",
        "version": FORMAT_VERSION,
        "site": settings.SITE_NAME,
        "exported_at": now.isoformat(),
        "documentation": settings.SITE_URL.rstrip("/") + "/privacy/#export",
        "account": account_section(user),
    }
    for source in sources():
        if source.export is not None:
            document[source.key] = source.export(user)
    return document


def export_json(user, now=None):
    return json.dumps(export_person(user, now), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def documented_fields():
    """[(section key, label, {field: meaning})] for the privacy page's description of the download."""
    rows = [("account", _("Your account"), ACCOUNT_FIELDS)]
    rows += [(s.key, s.label, s.export_fields) for s in sources() if s.export is not None]
    return rows
