"""Profiles: cleaning the word lists, saving the form, and the public page's sections.

Apps above accounts (teams) add sections to a public profile with the `convene_profile_panels` Wagtail
hook: a function `(request, person) -> html` (empty string for nothing), so accounts imports none of them.
"""

from django.db import transaction
from wagtail import hooks


def clean_tags(values, limit=20):
    """Skills and interests: stripped, de-duplicated (case-insensitively), at most 40 characters each."""
    if isinstance(values, str):
        values = values.split(",")
    seen, out = set(), []
    for value in values or ():
        value = " ".join(str(value).split())[:40]
        if value and value.lower() not in seen:
            seen.add(value.lower())
            out.append(value)
    return out[:limit]


PROFILE_FIELDS = [
    "name",
    "pronouns",
    "bio",
    "skills",
    "interests",
    "website",
    "github",
    "mastodon",
    "linkedin",
    "public_profile",
    "language",
]


def update_profile(user, data):
    """Save the profile fields from cleaned form data; only the fields that changed are written."""
    changed = [field for field in PROFILE_FIELDS if field in data and getattr(user, field) != data[field]]
    if not changed:
        return user
    with transaction.atomic():
        for field in changed:
            setattr(user, field, data[field])
        user.save(update_fields=changed)
        if "language" in changed:
            follow_language_in_admin(user)
    return user


def follow_language_in_admin(user):
    """The Wagtail admin (and our admin pages) speak the person's language."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != user.language:
        profile.preferred_language = user.language
        profile.save(update_fields=["preferred_language"])


def public_person(pk):
    """The active person with this id whose profile is public, or None."""
    from .models import User

    return User.objects.filter(pk=pk, is_active=True, public_profile=True).first()


def profile_panels(request, person):
    """HTML sections other apps add to a public profile, in hook order."""
    panels = [fn(request, person) for fn in hooks.get_hooks("convene_profile_panels")]
    return [panel for panel in panels if panel]
