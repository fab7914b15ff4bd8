"""Names, profiles, avatars and the opt-in public profile; account emails from the site's name."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "a sturdy passphrase 2026"


def _sign_up(client, **fields):
    data = {"name": "Ada Lovelace", "email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/signup/", {**data, **fields})


def test_sign_up_asks_for_the_name_others_will_see(client, site_tree):
    response = _sign_up(client, name="   ")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = _sign_up(client, name="ada@example.org")
    assert "Use a name rather than an email address" in response.content.decode()
    assert not get_user_model().objects.exists()

    _sign_up(client, name="  Ada   Lovelace ")
    assert get_user_model().objects.get().name == "Ada Lovelace"


def test_account_emails_come_from_the_site_name_and_greet_by_name(client, site_tree, settings):
    settings.SITE_NAME = "Civic Tech Canada"
    settings.DEFAULT_FROM_EMAIL = "events@example.org"  # a bare address gets the site's name
    _sign_up(client, email="ada.from@example.org")
    message = mail.outbox[-1]
    assert message.from_email == "Civic Tech Canada <events@example.org>"
    assert message.subject.startswith("[Civic Tech Canada] ")
    assert message.body.startswith("Hello Ada Lovelace,")
    assert "testserver" not in message.subject and "Civic Tech Canada" in message.body
    assert "127.0.0.1" not in message.body


def test_a_password_reset_email_greets_an_existing_person_by_name(client, site_tree, make_user):
    user = make_user(email="grace@example.org", name="Grace Hopper")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/accounts/password/reset/", {"email": "grace@example.org"})
    assert mail.outbox[-1].body.startswith("Hello Grace Hopper,")


def test_an_email_to_someone_without_a_name_says_hello_without_one(client, site_tree, make_user):
    user = make_user(email="anon@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/accounts/password/reset/", {"email": "anon@example.org"})
    body = mail.outbox[-1].body
    assert body.startswith("Hello,")
    assert "anon" not in body.split("\n")[0]


def test_bare_from_address_gets_the_site_name_in_settings():
    from convene.settings.env import with_display_name

    assert with_display_name("noreply@example.org", "Convene") == "Convene <noreply@example.org>"
    assert with_display_name("Events Team <e@example.org>", "Convene") == "Events Team <e@example.org>"


def test_display_name_never_shows_the_email_address(make_user):
    named = make_user(email="alice.ux@example.org", name="Alice Ng")
    unnamed = make_user(email="bob.smith@example.org")
    assert named.display_name == "Alice Ng" and named.initials == "AN"
    assert "bob" not in unnamed.display_name.lower() and unnamed.display_name == f"Participant {unnamed.pk}"
    assert unnamed.initials == "?"
    assert make_user(name="Marie-Claire de la Tour").initials == "MT"
    assert make_user(name="Cher").initials == "C"


def test_profile_page_needs_a_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_person_edits_their_profile(client, make_user, site_tree):
    user = make_user(name="Ada")
    client.force_login(user)
    page = client.get("/accounts/profile/").content.decode()
    assert 'value="Ada"' in page and "Show my public profile page" in page
    response = client.post(
        "/accounts/profile/",
        {
            "name": "Ada Lovelace",
            "pronouns": "she/her",
            "bio": "Analyst.",
            "skills": "Python, design, python,  GIS ",
            "interests": "transit",
            "website": "example.org",
            "github": "@ada-l",
            "mastodon": "",
            "linkedin": "https://www.linkedin.com/in/ada",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.pronouns, user.bio) == ("Ada Lovelace", "she/her", "Analyst.")
    assert user.skills == ["Python", "design", "GIS"] and user.interests == ["transit"]
    assert user.website == "https://example.org" and user.github == "ada-l"
    assert user.public_profile is False  # unchecked box: the public page stays off


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("name", "", "This field is required."),
        ("website", "javascript:alert(1)", "Enter a valid URL."),
        ("github", "not a user/../", "A GitHub username has letters"),
        ("bio", "x" * 501, "Keep your bio to 500 characters"),
        ("name", "Ada\x00", "control characters (such as a NUL byte)"),  # refused by guards.middleware
    ],
)
def test_bad_profile_input_is_refused_with_a_message(client, make_user, site_tree, field, value, message):
    user = make_user(name="Ada")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"name": "Ada", field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.name == "Ada" and user.website == "" and user.github == ""


def test_public_profile_is_off_by_default_and_shows_no_email(client, make_user, site_tree):
    person = make_user(email="grace@example.org", name="Grace Hopper", bio="Compilers.", skills=["COBOL"])
    assert client.get(f"/people/{person.pk}/").status_code == 404
    person.public_profile = True
    person.save()
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "Grace Hopper" in page and "Compilers." in page and "COBOL" in page
    assert "grace@example.org" not in page
    assert client.get("/people/99999999999999999999/").status_code == 404
    person.is_active = False
    person.save()
    assert client.get(f"/people/{person.pk}/").status_code == 404


def test_account_pages_use_the_site_layout(client, make_user, site_tree):
    for url in ["/accounts/signup/", "/accounts/login/", "/accounts/login/code/", "/accounts/password/reset/"]:
        page = client.get(url).content.decode()
        assert 'class="site-header"' in page and 'class="auth-card"' in page, url
        assert 'class="button"' in page, url
    user = make_user(name="Ada")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    for url in ["/accounts/email/", "/accounts/password/change/", "/accounts/3rdparty/", "/accounts/profile/"]:
        page = client.get(url).content.decode()
        assert 'class="account-nav"' in page and 'aria-current="page"' in page, url


def test_sign_up_from_an_invite_keeps_where_the_person_was_going(client, site_tree):
    """allauth keeps ?next through sign-up and email verification."""
    client.post(
        "/accounts/signup/?next=/hack/1/join/ABC/",
        {
            "name": "Ada Lovelace",
            "email": "ada.invited@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "/hack/1/join/ABC/",
        },
    )
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert response["Location"] == "/hack/1/join/ABC/"
