import re

import pytest
from allauth.socialaccount.models import SocialApp
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "a sturdy passphrase 2026"


def _link(message):
    return re.search(r"http://testserver(/accounts/\S+)", message.body).group(1)


def test_sign_up_verify_email_and_arrive_logged_in(client, site_tree):
    response = client.post(
        "/accounts/signup/",
        {"name": "Ada Lovelace", "email": "Ada@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ada@example.org")
    assert user.name == "Ada Lovelace"
    assert not client.get("/accounts/email/").wsgi_request.user.is_authenticated  # verification is mandatory

    assert len(mail.outbox) == 1
    confirm_url = _link(mail.outbox[0])
    client.post(confirm_url)
    assert client.get("/accounts/email/").wsgi_request.user == user
    assert user.emailaddress_set.get().verified


def test_sign_up_with_an_address_already_in_use_creates_nothing_and_tells_the_owner(client, make_user, site_tree):
    owner = make_user(email="taken@example.org", password=PASSWORD)
    client.post(
        "/accounts/signup/",
        {"name": "Someone", "email": "taken@example.org", "password1": "other pass 123", "password2": "other pass 123"},
    )
    # Answering as if it worked keeps addresses from being enumerated; the owner hears about it by email.
    assert get_user_model().objects.filter(email="taken@example.org").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert mail.outbox[-1].to == ["taken@example.org"]
    assert "already" in mail.outbox[-1].body


def _verified_user(make_user, email="grace@example.org"):
    from allauth.account.models import EmailAddress

    user = make_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_log_in_with_password(client, make_user, site_tree):
    user = _verified_user(make_user)
    response = client.post("/accounts/login/", {"login": "grace@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == user


def test_wrong_password_is_refused_with_a_message(client, make_user, site_tree):
    _verified_user(make_user)
    response = client.post("/accounts/login/", {"login": "grace@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "not correct" in response.content.decode()


def test_log_in_with_a_one_time_code_by_email(client, make_user, site_tree):
    user = _verified_user(make_user)
    response = client.post("/accounts/login/code/", {"email": "grace@example.org"})
    assert response.status_code == 302
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == user


def test_reset_a_forgotten_password(client, make_user, site_tree):
    user = _verified_user(make_user)
    client.post("/accounts/password/reset/", {"email": "grace@example.org"})
    reset_url = _link(mail.outbox[-1])
    form_url = client.get(reset_url).url  # allauth moves the key into the session, then redirects
    response = client.post(form_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")


def test_login_is_rate_limited(client, make_user, site_tree):
    _verified_user(make_user)
    for _ in range(5):
        client.post("/accounts/login/", {"login": "grace@example.org", "password": "wrong"})
    # Even the right password is refused once the address has had too many failures.
    response = client.post("/accounts/login/", {"login": "grace@example.org", "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated
    assert "Too many failed login attempts" in response.content.decode()


def test_github_login_is_offered_only_when_configured(client, site_tree, settings):
    assert "/accounts/github/login/" not in client.get("/accounts/login/").content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = {"github": {"APPS": [{"client_id": "abc", "secret": "def", "key": ""}]}}
    assert not SocialApp.objects.exists()
    assert "/accounts/github/login/" in client.get("/accounts/login/").content.decode()


def test_github_settings_come_from_the_environment():
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.SOCIALACCOUNT_PROVIDERS['github']['APPS'][0]['client_id'])"
    env = {
        "DJANGO_SETTINGS_MODULE": "convene.settings.dev",
        "GITHUB_CLIENT_ID": "from-env",
        "GITHUB_SECRET": "s3cret",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"], env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "from-env", out.stderr
