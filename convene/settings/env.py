"""Typed access to the environment: every setting that varies per deployment comes from here."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name, default=None, required=False):
    value = os.environ.get(name, "")
    if value:
        return value
    if required:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=()):
    value = os.environ.get(name, "")
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def with_display_name(address, name):
    """An email address with a display name: "Name <a@b>". An address that already has one is kept."""
    from email.utils import formataddr, parseaddr

    display, bare = parseaddr(address)
    if display or not bare or not name:
        return address
    return formataddr((name, bare))
