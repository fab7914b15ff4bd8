"""Erasing an account: the one path for self-service, the Wagtail admin (single and bulk) and Django's admin.

The user row is kept as a pseudonym (no name, no email, no password, inactive) because payments, audit
rows, judge scores and votes must still add up and point at *someone*; everything that identifies the
person is removed or replaced. Each app's eraser (privacy.registry) does its part first, in one
transaction, then the account itself is anonymised. Emails and refunds queued by the erasers run after
commit.
"""

import re
import secrets
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ErasedAccount
from ..registry import sources

ERASED_DOMAIN = "erased.invalid"  # RFC 2606: never deliverable


class ErasureError(Exception):
    """The account cannot be erased (already erased, or the last site administrator)."""


@dataclass
class Erasure:
    """What erasers need: the person (still with their name and email), who asked, when, and the
    strings that identify them, to scrub from free text kept elsewhere."""

    user: object
    actor: object
    now: object
    pseudonym: str = ""
    pseudonym_email: str = ""
    identifiers: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    def count(self, key, n=1):
        self.summary[key] = self.summary.get(key, 0) + n

    def contains_identifier(self, text):
        return bool(text) and any(ident.casefold() in str(text).casefold() for ident in self.identifiers)

    def scrub(self, value):
        """`value` (text, or JSON: lists and dicts) with every identifier replaced by the pseudonym."""
        if isinstance(value, str):
            for ident in self.identifiers:
                value = re.sub(re.escape(ident), self.pseudonym, value, flags=re.IGNORECASE)
            return value
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        return value


def identifiers_of(user):
    """Names and email addresses of the person, longest first (so a longer form is replaced before a
    shorter one inside it)."""
    # Whole names only: a first name alone ("Alex") would also rewrite other people's rows.
    values = {user.email, user.real_name, user.name, user.get_full_name()}
    try:
        from allauth.account.models import EmailAddress

        values.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    except LookupError:  # pragma: no cover - allauth is installed
        pass
    # Very short fragments (an initial) would scrub unrelated text.
    return sorted({v.strip() for v in values if v and len(v.strip()) >= 3}, key=len, reverse=True)


def is_erased(user):
    return ErasedAccount.objects.filter(user_id=user.pk).exists()


def check_erasable(user):
    if is_erased(user):
        raise ErasureError(_("This account has already been erased."))
    if user.is_superuser:
        others = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
        if not others.exists():
            raise ErasureError(_("The last site administrator cannot be erased; make someone else one first."))


def erase_account(user, *, actor, now=None):
    """Erase `user`'s personal data; returns the Erasure (with a summary of what was done).

    Future registrations are cancelled under the events' rules (seats freed, waitlist promoted, refunds
    per each event's cancellation policy), payments and audit rows are kept against the pseudonym, team
    captaincy passes on (or a lone member's team is dissolved), submissions stay with their teams, and
    judge scores and votes stay with an anonymous judge. The email address can sign up again afterwards.
    """
    now = now or timezone.now()
    User = get_user_model()
    check_erasable(user)
    with transaction.atomic():
        # The account row first (fixed lock order: account, then each app's rows): two erasures of the
        # same person (a double click, staff and the person at once) run one after the other.
        # NO KEY UPDATE: a registration being inserted for this person at the same moment (it takes a
        # key-share lock on the user row while holding its date's lock) is not blocked into a deadlock.
        user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
        check_erasable(user)
        pseudonym_email = f"erased-{user.pk}-{secrets.token_hex(4)}@{ERASED_DOMAIN}"
        erasure = Erasure(
            user=user,
            actor=actor if actor is not None and actor.is_authenticated and actor.pk != user.pk else None,
            now=now,
            pseudonym=_("Erased person %(number)s") % {"number": user.pk},
            pseudonym_email=pseudonym_email,
            identifiers=identifiers_of(user),
        )
        for source in sources():
            if source.erase is not None:
                source.erase(erasure)
        _erase_account_data(erasure)
        ErasedAccount.objects.create(user=user, erased_at=now, by_staff=erasure.actor is not None)
    return erasure


def _erase_account_data(erasure):
    """The account's own rows: addresses, linked logins, admin profile, log labels, then the user row."""
    user = erasure.user
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    erasure.count("email_addresses", EmailAddress.objects.filter(user=user).delete()[0])
    erasure.count("linked_logins", SocialAccount.objects.filter(user=user).delete()[0])
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user=user).delete()
    from wagtail.models import ModelLogEntry, PageSubscription

    PageSubscription.objects.filter(user=user).delete()

    # Logs name the person in their labels (Django's admin history, Wagtail's user log): keep the
    # entries, replace the name.
    user_type = ContentType.objects.get_for_model(get_user_model())
    for entry in LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)):
        entry.object_repr = erasure.pseudonym
        entry.change_message = erasure.scrub(entry.change_message)
        entry.save(update_fields=["object_repr", "change_message"])
    for entry in ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)):
        entry.label = erasure.pseudonym
        entry.data = erasure.scrub(entry.data)
        entry.save(update_fields=["label", "data"])

    for name in ("name", "first_name", "last_name", "pronouns", "bio", "website", "github", "mastodon", "linkedin"):
        setattr(user, name, "")
    user.skills, user.interests = [], []
    user.public_profile = False
    user.email = erasure.pseudonym_email
    user.is_active = user.is_staff = user.is_superuser = False
    # A new password hash also ends every session the person still had (Django checks it per request).
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
