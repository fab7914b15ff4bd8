"""Every form of the site's pages, posted back with one hostile value at a time: no 5xx, and nothing
changed when the value cannot be valid (a NUL byte, a number that is not one, a date past the range,
a choice that was not offered).

Generic: the forms are read from the pages themselves (ours, allauth's, and Wagtail's editor for events
and their dates), so forms added later are covered. Every post runs in a savepoint rolled back after the
database has been compared with what it held before.
"""

import hashlib
import http.cookies
import re

import pytest
from django.db import connection, transaction
from django.test import Client

from events.models import EventIndexPage, EventPage

from .html_forms import forms_in
from .test_hostile_urls import fill_base
from .walk import patterns
from .world import build_world

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
NUL = "a\x00b"
BY_KIND = {
    "number": ["NaN", "1e999", HUGE],
    "date": ["9999-12-31", "0001-01-01"],
    "datetime-local": ["9999-12-31 23:59", "0001-01-01T00:00"],
    "time": ["25:61"],
    "select": [HUGE],
    "radio": ["abc"],
    "select-multiple": ["abc"],
}
TEXT_KINDS = {"text", "textarea", "email", "url", "search", "tel", "password"}
# Rows that change on every request whatever it says (sessions), or that are not the site's data.
NOT_DATA = {"django_session", "wagtailadmin_editingsession", "django_tasks_database_dbtaskresult"}


def fingerprint():
    """A digest of every table's rows as the database holds them, by table."""
    digests = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in NOT_DATA:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            digests[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return digests


def form_pages(client, world):
    """Our pages and allauth's (their parameters filled with real values), and Wagtail's event editor."""
    urls = []
    for pattern in patterns():
        module = getattr(pattern.entry.callback, "__module__", "") or ""
        if pattern.is_project or module.startswith("allauth"):
            urls.append(pattern.path(fill_base(client, pattern, world)))
    hack = EventPage.objects.get(pk=world.values["event_id"][0])
    occurrence = world.values["occurrence_id"][0]
    urls += ["/" + page for page in world.pages]
    urls += [
        f"/admin/pages/{hack.pk}/edit/",
        f"/admin/pages/add/events/eventpage/{EventIndexPage.objects.get().pk}/",
        f"/admin/snippets/events/occurrence/edit/{occurrence}/",
    ]
    return urls


def hostile_posts(form):
    """(description, data, must_change_nothing) for one form."""
    base = form.data()
    fields = [f for f in form.fields.values() if "__prefix__" not in f.name and f.name != "csrfmiddlewaretoken"]
    texts = [f.name for f in fields if f.kind in TEXT_KINDS]
    if texts:
        yield "NUL in every text field", {**base, **{name: [NUL] for name in texts}}, True
    for f in fields:
        kind = f.kind
        if kind == "checkbox" and len(f.options) > 1:
            kind = "select-multiple"
        for value in BY_KIND.get(kind, []):
            yield f"{f.name}={value!r}", {**base, f.name: [value]}, True
    if texts:
        yield "very long text", {**base, **{name: ["x" * 20000] for name in texts}}, False


@pytest.mark.parametrize("who", ["anonymous", "participant", "organizer"])
def test_hostile_values_in_every_form_change_nothing(who):
    world = build_world()
    client = Client(raise_request_exception=False)
    if world.users[who]:
        client.force_login(world.users[who])
    seen, failures, posted = set(), [], 0
    for url in form_pages(client, world):
        # Not rolled back: opening a page may create bookkeeping rows (Wagtail's user profile and page
        # subscription, allauth's address sync) that the posts below must not be blamed for.
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_in(response.content.decode(), url):
            if form.method != "post" or form.action.startswith("/payments/stripe/"):
                continue
            key = (re.sub(r"\d+", "N", form.action.split("?")[0]), tuple(sorted(form.fields)))
            if key in seen:
                continue
            seen.add(key)
            before = fingerprint()
            for description, data, unchanged in hostile_posts(form):
                posted += 1
                response, after = _post_and_compare(client, form.action, data)
                if response.status_code >= 500:
                    failures.append(f"{form.action} {description} -> {response.status_code}")
                elif unchanged and after != before:
                    changed = sorted(label for label in after if after[label] != before.get(label))
                    failures.append(f"{form.action} {description} -> {response.status_code}, but changed {changed}")
    assert posted > 5
    assert not failures, f"{len(failures)} of {posted} hostile posts failed:\n" + "\n".join(failures)


def _post_and_compare(client, action, data):
    """POST in a savepoint; the database's fingerprint before the rollback. The session cookie is kept."""
    cookies = http.cookies.SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    with transaction.atomic():
        response = client.post(action, data)
        after = fingerprint()
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, after
