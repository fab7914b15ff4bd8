"""The Nu HTML checker over the main pages: any error fails the test with the checker's own messages."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from events.services.follows import follow_group
from events.services.registration import register
from tests.html_checker import html_errors

pytestmark = pytest.mark.django_db


def _pages(site_tree, make_user, make_group, make_event, make_venue):
    group = make_group(slug="ctto", title="Civic Tech Toronto", summary="Weekly hacknights.")
    organizer = make_user(email="olu@example.org", name="Olu Organizer", pronouns="he/him", public_profile=True)
    group.organizers.add(organizer)
    group.save()
    event = make_event(
        title="Open Data Day",
        group=group,
        venue=make_venue(),
        capacity=30,
        code_of_conduct_url="https://example.org/coc",
        tags=["open data"],
    )
    hack = make_event(title="Code and the City", kind="hackathon", group=group, capacity=50)
    past = make_event(
        title="Open Data Day 2025", group=group, start_date=datetime.date.today() - datetime.timedelta(days=30)
    )
    make_event(title="Weekly hacknight", group=group, repeat="weekly", online_url="https://meet.example.org/x")
    person = make_user(email="ada@example.org", name="Ada Lovelace", bio="Analyst.", skills=["Python"])
    person.public_profile = True
    person.save()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    registration = register(person, event.occurrences.get(), accept_code_of_conduct=True)
    follow_group(person, group)

    visitor = Client()
    pages = {}
    for url in [
        # The French pages first (a request leaves its language active in this thread): the switcher,
        # the alternates and the French dates are valid HTML too.
        "/fr/",
        "/fr/events/?kind=hackathon",
        f"/fr{event.url}",
        "/fr/accounts/signup/",
        "/",
        "/events/",
        "/events/?dates=all",
        "/events/?city=online",
        past.url,
        event.url,
        group.url,
        "/groups/",
        "/accounts/signup/",
        "/accounts/login/",
        "/accounts/login/code/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/key/done/",
        "/accounts/inactive/",
        "/accounts/3rdparty/login/cancelled/",
        "/accounts/3rdparty/login/error/",
        "/accounts/confirm-email/not-a-key/",
        f"/people/{person.pk}/",
        reverse("teams:hub", args=[hack.pk]),
    ]:
        response = visitor.get(url)
        assert response.status_code == (401 if "login/error" in url else 200), url
        pages[f"visitor {url}"] = response.content.decode()

    member = Client()
    member.force_login(person)
    for url in [
        "/me/",
        "/accounts/profile/",
        "/accounts/profile/?welcome=1",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/3rdparty/",
        "/accounts/reauthenticate/",
        "/accounts/logout/",
        "/calendar/me/",
        "/calendar/me/regenerate/",
        reverse("events:cancel", args=[registration.pk]),
        event.url,
        group.url,
    ]:
        response = member.get(url)
        assert response.status_code == 200, url
        pages[f"member {url}"] = response.content.decode()
    host = Client()
    host.force_login(organizer)
    for url in [reverse("events:organize_discounts", args=[event.pk]), event.url]:
        response = host.get(url)
        assert response.status_code == 200, url
        pages[f"organizer {url}"] = response.content.decode()
    # A one-time code was requested: the page asking for it.
    coder = Client()
    coder.post("/accounts/login/code/", {"email": person.email})
    pages["confirm login code"] = coder.get("/accounts/login/code/confirm/").content.decode()
    # A form sent back with errors is a page too.
    pages["signup with errors"] = visitor.post("/accounts/signup/", {"email": "nope"}).content.decode()
    pages["profile with errors"] = member.post("/accounts/profile/", {"name": "", "website": "x"}).content.decode()
    return pages


def test_main_pages_are_valid_html(site_tree, make_user, make_group, make_event, make_venue):
    pages = _pages(site_tree, make_user, make_group, make_event, make_venue)
    errors = html_errors(pages)
    report = "\n".join(f"{page}:\n  " + "\n  ".join(messages) for page, messages in errors.items())
    assert errors == {}, f"The Nu HTML checker found errors:\n{report}"


def test_the_checker_reports_errors():
    """The check can fail: a broken page gives the checker's message."""
    broken = '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div>x</div></p></body></html>'
    errors = html_errors({"broken": broken, "fine": broken.replace("<p><div>x</div></p>", "<p>x</p>")})
    assert list(errors) == ["broken"]
    assert any("No “p” element in scope" in message for message in errors["broken"])
