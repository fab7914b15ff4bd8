"""Factory fixtures: each returns a small builder, so tests say only what matters to them."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from events.models import EventIndexPage, EventPage, GroupIndexPage, GroupPage, Venue
from events.services.occurrences import sync_occurrences

_counter = itertools.count(1)


def pytest_configure(config):
    """Pages and emails are tested in French too: compile the committed .po catalogues when a .mo is missing or
    older than its .po, as `make setup` does, so running pytest directly never tests stale translations."""
    from tests.i18n.catalogue import compile_catalogues

    compile_catalogues()


@pytest.fixture(autouse=True)
def _english_until_a_test_asks(settings):
    """A request to a /fr/ page leaves French active in the thread (LocaleMiddleware does not undo it):
    every test starts, as a fresh request to an English page would, in the default language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def site_tree(db):
    """Home, /events/ and /groups/, as load_demo builds them, without the demo content."""
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    for page in root.get_children():
        Site.objects.filter(root_page=page).delete()
        page.delete()
    home = HomePage(title="Convene", slug="home")
    root.add_child(instance=home)
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Convene")
    events = EventIndexPage(title="Events", slug="events")
    home.add_child(instance=events)
    groups = GroupIndexPage(title="Groups", slug="groups")
    home.add_child(instance=groups)
    return {"home": home, "events": events, "groups": groups}


@pytest.fixture
def make_user(db):
    def build(email=None, password="correct horse battery staple", **fields):
        email = email or f"person{next(_counter)}@example.org"
        return get_user_model().objects.create_user(email=email, password=password, **fields)

    return build


@pytest.fixture
def make_venue(db):
    def build(**fields):
        defaults = {"name": f"Venue {next(_counter)}", "city": "Toronto", "address": "192 Spadina Avenue"}
        return Venue.objects.create(**{**defaults, **fields})

    return build


@pytest.fixture
def make_group(site_tree):
    def build(title=None, **fields):
        n = next(_counter)
        title = title or f"Group {n}"
        group = GroupPage(
            title=title, slug=fields.pop("slug", f"group-{n}"), city=fields.pop("city", "Toronto"), **fields
        )
        site_tree["groups"].add_child(instance=group)
        return group

    return build


@pytest.fixture
def make_event(site_tree):
    """Build a published event (and its dates). Defaults: a two-hour meetup a week from today at 18:30."""

    def build(title=None, publish=True, tags=(), **fields):
        n = next(_counter)
        today = datetime.date.today()
        defaults = {
            "title": title or f"Event {n}",
            "slug": f"event-{n}",
            "summary": "A test event.",
            "start_date": today + datetime.timedelta(days=7),
            "start_time": datetime.time(18, 30),
            "end_time": datetime.time(20, 30),
        }
        event = EventPage(**{**defaults, **fields})
        if tags:
            event.tags.add(*tags)
        site_tree["events"].add_child(instance=event)
        if publish:
            event.save_revision().publish()
        else:
            sync_occurrences(event)
        return event

    return build


@pytest.fixture
def task_worker(settings, transactional_db):
    """Queue tasks in the database, as production does, and run the real db_worker over them.

    Call the returned function to process everything queued so far (the worker exits when idle).
    The worker closes database connections between tasks as it does in production, which would
    break a test wrapped in one transaction: tests using it run with a transactional database.
    """
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

    def run():
        call_command("db_worker", queue_name="*", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run


def ensure_migration_data():
    """Rebuild what the migrations leave in a database (content types, permissions, Wagtail's default
    locale). A transactional test starts from a database flushed by the one before it."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    ContentType.objects.clear_cache()
    if Locale.objects.exists():
        return
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    Locale.objects.get_or_create(language_code="en")


@pytest.fixture(autouse=True)
def _migration_data(request):
    from django.contrib.contenttypes.models import ContentType

    # Flushes recreate content types with new ids; a cache kept from an earlier test would point
    # pages at rows that no longer exist.
    ContentType.objects.clear_cache()
    transactional = "transactional_db" in request.fixturenames or any(
        marker.kwargs.get("transaction") for marker in request.node.iter_markers("django_db")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_migration_data()
