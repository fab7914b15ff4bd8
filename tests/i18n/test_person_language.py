"""A person's language: chosen at sign-up by the page they sign up on, changed on their profile page;
the Wagtail admin follows it; pages still follow their URL."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

PASSWORD = "a sturdy passphrase 2026"


def sign_up(path, email):
    client = Client(enforce_csrf_checks=True)
    page = client.get(path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {"name": "Amélie Tremblay", "email": email, "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(path, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    return get_user_model().objects.get(email=email), response


def test_signing_up_on_a_french_page_keeps_french_for_the_person(site_tree):
    user, response = sign_up("/fr/accounts/signup/", "amelie.francophone@example.org")
    assert user.language == "fr"
    assert response["Location"].startswith("/fr/")
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["amelie.francophone@example.org"]
    assert confirmation.extra_headers["Content-Language"] == "fr"
    assert "http://testserver/fr/accounts/confirm-email/" in confirmation.body


def test_signing_up_on_an_english_page_keeps_english(site_tree):
    user, response = sign_up("/accounts/signup/", "ada.anglophone@example.org")
    assert user.language == "en"
    assert mail.outbox[-1].extra_headers["Content-Language"] == "en"


def test_the_profile_page_changes_the_language_and_the_admin_follows(client, site_tree, make_user):
    user = make_user(name="Ada")
    client.force_login(user)
    page = client.get("/accounts/profile/").content.decode()
    assert 'name="language"' in page
    fields = {"name": "Ada", "language": "fr", "skills": "", "interests": ""}
    response = client.post("/accounts/profile/", fields)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "fr"
    assert UserProfile.get_for_user(user).preferred_language == "fr"
    # The URL still decides the page's language.
    assert '<html lang="en">' in client.get("/accounts/profile/").content.decode()
    assert client.post("/accounts/profile/", {**fields, "language": "de"}).status_code == 400
    user.refresh_from_db()
    assert user.language == "fr"


def test_a_language_chosen_in_the_admin_is_the_persons_language(make_user):
    user = make_user()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    user.refresh_from_db()
    assert user.language == "fr"
    profile.preferred_language = ""  # "use the server's default" in the admin: the person's stays
    profile.save()
    user.refresh_from_db()
    assert user.language == "fr"
