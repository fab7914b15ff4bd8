"""Response headers: Content-Security-Policy and Permissions-Policy."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def test_public_pages_allow_only_the_sites_own_scripts_and_styles(client, make_event):
    event = make_event("Hacknight")
    for url in ("/", "/events/", event.url, "/accounts/login/"):
        policy = directives(client.get(url))
        assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in policy["script-src"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"], url


def test_the_wagtail_admin_alone_also_allows_inline_scripts_and_styles(client, staff):
    client.force_login(staff)
    policy = directives(client.get("/admin/"))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]


def test_only_the_check_in_page_may_use_the_camera(client, make_event, organizer):
    user, group = organizer
    occurrence = make_event("Open Data Day", group=group).occurrences.get()
    client.force_login(user)
    check_in = client.get(f"/organize/dates/{occurrence.pk}/check-in/")
    assert check_in.status_code == 200
    assert "camera=(self)" in check_in["Permissions-Policy"]
    for url in ("/", "/me/", f"/organize/dates/{occurrence.pk}/", "/admin/"):
        response = client.get(url)
        assert "camera=()" in response["Permissions-Policy"], url
        assert "microphone=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def test_templates_hold_no_inline_scripts_handlers_or_style_attributes():
    """They would be blocked by the policy above (emails are not pages: their HTML keeps its styles)."""
    found = []
    for path in TEMPLATES.rglob("*.html"):
        if "emails" in path.parts or path.name == "500.html":
            continue
        text = path.read_text()
        for name, pattern in (("inline script", INLINE_SCRIPT), ("handler", HANDLER), ("style", STYLE_ATTRIBUTE)):
            if pattern.search(text):
                found.append(f"{path.relative_to(TEMPLATES)}: {name}")
    assert found == []
