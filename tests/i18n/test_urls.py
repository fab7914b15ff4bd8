"""The URL decides the language: English where it always was, French under /fr/, machines unprefixed."""

import re

import pytest
from django.urls import reverse
from django.utils import translation


def lang_of(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_french_pages_answer_under_fr_with_lang_fr(client, site_tree, make_event, make_group):
    group = make_group(title="Civic Tech Ottawa", slug="ctottawa")
    event = make_event(title="Hacknight", group=group)
    for path in ["/fr/", "/fr/events/", f"/fr{event.url}", "/fr/groups/ctottawa/", "/fr/accounts/login/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert lang_of(response.content.decode()) == "fr", path
    feed = client.get("/fr/calendar/events.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")


@pytest.mark.django_db
def test_english_urls_are_unchanged(client, site_tree, make_event, settings):
    event = make_event(title="Hacknight")
    assert event.url == f"/events/{event.slug}/"
    for path in ["/", "/events/", event.url, "/accounts/login/", "/privacy/", "/open-data/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert lang_of(response.content.decode()) == "en", path
    with translation.override("en"):
        assert reverse("events:me") == "/me/"
        assert reverse("account_login") == "/accounts/login/"
        assert reverse("calendar:all") == "/calendar/events.ics"
    with translation.override("fr"):
        assert reverse("events:me") == "/fr/me/"


@pytest.mark.django_db
def test_a_french_browser_on_an_english_url_gets_english(client, site_tree):
    response = client.get("/events/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert lang_of(response.content.decode()) == "en"


@pytest.mark.django_db
def test_machine_and_admin_addresses_have_no_prefix(client, site_tree):
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/api/v1/events").status_code == 200
    assert client.get("/fr/admin/").status_code == 404
    assert client.get("/fr/api/v1/events/").status_code == 404
    assert client.get("/fr/healthz/").status_code == 404
    assert client.get("/admin/").status_code == 302  # to the admin's login, not a page
    assert client.post("/payments/stripe/webhook/", b"{}", content_type="application/json").status_code == 400


@pytest.mark.django_db
def test_page_links_on_a_french_page_stay_french(client, site_tree, make_event):
    event = make_event(title="Hacknight")
    with translation.override("fr"):
        assert event.url == f"/fr/events/{event.slug}/"
        assert site_tree["home"].url == "/fr/"
    with translation.override("de"):  # a language the site does not serve (an admin's, say): English
        assert event.url == f"/events/{event.slug}/"
    assert event.url == f"/events/{event.slug}/"
    html = client.get("/fr/events/").content.decode()
    assert f'href="/fr/events/{event.slug}/"' in html
    assert f'href="/events/{event.slug}/"' not in html
    assert 'href="/fr/groups/"' in html and 'href="/groups/"' not in html


@pytest.mark.django_db
def test_switcher_links_to_the_same_page_in_the_other_language_with_its_query(client, site_tree):
    html = client.get("/events/?kind=hackathon").content.decode()
    assert re.search(r'<a href="/fr/events/\?kind=hackathon" hreflang="fr" lang="fr"[^>]*>Français</a>', html)
    html = client.get("/fr/events/?kind=hackathon").content.decode()
    assert re.search(r'<a href="/events/\?kind=hackathon" hreflang="en" lang="en"[^>]*>English</a>', html)


@pytest.mark.django_db
def test_every_page_names_its_alternates(client, site_tree, settings):
    html = client.get("/fr/events/").content.decode()
    base = settings.SITE_URL
    assert f'<link rel="alternate" hreflang="en" href="{base}/events/">' in html
    assert f'<link rel="alternate" hreflang="fr" href="{base}/fr/events/">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{base}/events/">' in html


@pytest.mark.django_db
def test_login_required_sends_a_french_reader_to_the_french_login(client, site_tree):
    response = client.get("/fr/me/")
    assert response.status_code == 302 and response["Location"].startswith("/fr/accounts/login/")
    response = client.get("/me/")
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_form_on_a_french_page_works_with_csrf(site_tree, make_user):
    from django.test import Client

    user = make_user(email="ada@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client(enforce_csrf_checks=True)
    page = client.get("/fr/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        "/fr/accounts/login/",
        {"login": "ada@example.org", "password": "correct horse battery staple", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.django_db
def test_registering_through_the_french_page_is_the_same_registration(site_tree, make_event, make_user):
    from django.test import Client

    from events.models import Registration

    event = make_event(title="Hacknight", capacity=3)
    occurrence = event.occurrences.get()
    user = make_user(language="fr")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(f"/fr/events/{event.slug}/").content.decode()
    action = re.search(r'<form method="post" action="([^"]+)" class="registration-form"', page).group(1)
    assert action.startswith("/fr/registrations/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(action, {"csrfmiddlewaretoken": token, "accept_code_of_conduct": "on"})
    assert response.status_code in (200, 302)
    registration = Registration.objects.get(user=user)
    assert registration.occurrence_id == occurrence.pk and registration.status == "confirmed"
    english = client.get(f"/events/{event.slug}/").content.decode()
    assert "2 seats left" in english  # the English page counts the seat taken through the French one
