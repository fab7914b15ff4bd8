"""The person's own pages: download everything, erase with a confirmation step, the privacy page."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import Registration
from privacy.models import ErasedAccount
from tests.html_checker import html_errors

from .conftest import EMAIL, NAME, OTHER_EMAIL, TRACES
from .scan import find_traces

pytestmark = pytest.mark.django_db


def download(client, person):
    client.force_login(person)
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="convene-my-data-')
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return json.loads(response.content)


def test_the_download_holds_every_kind_of_record_for_a_person_who_has_them_all(client, world):
    data = download(client, world.person)
    account = data["account"]
    assert data["format"] == "convene-personal-data" and data["version"] == 1
    assert account["profile"]["name"] == NAME and account["profile"]["email"] == EMAIL
    assert {a["email"] for a in account["email_addresses"]} == {EMAIL, OTHER_EMAIL}
    assert account["linked_logins"] == [
        {"provider": "github", "uid": "4242", "last_login": account["linked_logins"][0]["last_login"]}
    ]
    assert account["admin_log"]

    events = data["events"]
    by_event = {r["event"]: r for r in events["registrations"]}
    assert by_event["Hacknight"]["answers"] == [{"question": "Dietary needs", "answer": "Vegan — Zelda Quokkafield"}]
    assert by_event["Code and the City"]["checked_in_at"]
    (payment,) = by_event["Open Data Day"]["payments"]
    assert payment["amount_cents"] == 2500 and payment["currency"] == "CAD" and payment["status"] == "paid"
    assert [f["group"] for f in events["follows"]] == ["Civic Tech Mississauga"]
    assert events["calendar_feed"]["private_feed_active"] is True
    assert events["organizer_of_groups"] == ["Civic Tech Mississauga"]
    assert [m["subject"] for m in events["messages_from_organizers"]] == ["Bring a laptop"]
    assert "Hacknight" in [a["event"] for a in events["new_event_announcements"]]
    actions = {a["action"] for a in events["audit_entries"]}
    assert {"registration.created", "payment.created", "registration.confirmed"} <= actions

    teams = data["teams"]
    assert {t["team"]: t["captain"] for t in teams["teams"]} == {"Bike Lanes": True, "Solo Project": True}
    assert [r["message"] for r in teams["join_requests"]] == ["Hi, Zelda Quokkafield here"]
    assert [s["title"] for s in teams["submissions"]] == ["BikeSpace"]
    (judging,) = teams["judging"]
    assert judging["scores"][0]["value"] == 4 and judging["comparisons"][0]["winner"] == "Transit Map"
    assert [v["project"] for v in teams["votes"]] == ["Transit Map"]
    assert {"judge.accepted", "board.looking", "team.created"} <= {a["action"] for a in teams["audit_entries"]}
    assert "social" in data

    # No card data, and no secrets: Stripe holds cards; feed tokens and session ids are not exported.
    text = json.dumps(data).casefold()
    for secret in ("card", "cvc", "checkout_url", "nonce", "digest", "password"):
        assert secret not in text


def test_the_download_needs_a_login_and_shows_only_your_own_data(client, world):
    assert client.get(reverse("privacy:export")).status_code == 302
    data = download(client, world.waiting)
    assert "quokka" not in json.dumps(data).casefold()
    assert [r["event"] for r in data["events"]["registrations"]] == ["Hacknight"]


def test_erasing_yourself_asks_for_confirmation_then_erases_and_logs_out(
    client, world, django_capture_on_commit_callbacks
):
    person = world.person
    client.force_login(person)
    page = client.get(reverse("privacy:erase"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "What is kept, and why" in body
    assert "Your registration for Open Data Day is cancelled and refunded." in body
    assert "Tariq Teammate becomes its captain" in body

    # Without the confirmation (or with a wrong password) nothing happens.
    refused = client.post(reverse("privacy:erase"), {"password": "correct horse battery staple"})
    assert refused.status_code == 400
    wrong = client.post(reverse("privacy:erase"), {"understood": "on", "password": "wrong"})
    assert wrong.status_code == 400 and "That is not your password." in wrong.content.decode()
    assert not ErasedAccount.objects.exists()
    assert Registration.objects.get(pk=world.free_registration.pk).status == "confirmed"

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("privacy:erase"), {"understood": "on", "password": "correct horse battery staple"})
    assert done.status_code == 302 and done["Location"] == reverse("privacy:erased")
    assert ErasedAccount.objects.filter(user=person).exists()
    assert find_traces(TRACES) == []
    # Logged out, and the old session cannot come back.
    assert client.get(reverse("privacy:your_data")).status_code == 302
    assert client.get(reverse("privacy:erased")).status_code == 200


def test_the_same_email_signs_up_again_as_a_new_person(client, make_user):
    person = make_user(email=EMAIL, name=NAME)
    client.force_login(person)
    client.post(reverse("privacy:erase"), {"understood": "on", "password": "correct horse battery staple"})
    response = client.post(
        reverse("account_signup"),
        {
            "email": EMAIL,
            "name": "Zed Newcomer",
            "password1": "a fresh long passphrase",
            "password2": "a fresh long passphrase",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    newcomer = get_user_model().objects.get(email=EMAIL)
    assert newcomer.pk != person.pk and newcomer.is_active and newcomer.name == "Zed Newcomer"


def test_an_account_without_a_password_confirms_with_the_checkbox_alone(client, make_user):
    person = make_user(name=NAME)
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    assert client.post(reverse("privacy:erase"), {"understood": "on"}).status_code == 302
    assert ErasedAccount.objects.filter(user=person).exists()


def test_privacy_page_is_generated_from_what_the_site_keeps(client, settings):
    settings.CONVENE_ANSWER_RETENTION_DAYS = 45
    body = client.get(reverse("privacy:page")).content.decode()
    for text in ["Answers to organizers", "Payments", "Judging and People", "Session cookie", "45 days"]:
        assert text in body, text
    assert "registrations.answers" not in body  # documented per section key
    assert "<code>events.registrations</code>" in body and "<code>teams.votes</code>" in body


def test_privacy_page_is_linked_from_the_footer_and_the_sign_up_form(client, site_tree):
    privacy = reverse("privacy:page")
    assert f'href="{privacy}"' in client.get("/").content.decode()
    assert f'href="{privacy}"' in client.get(reverse("account_signup")).content.decode()


def test_the_pages_are_valid_html(client, world):
    pages = {"privacy": client.get(reverse("privacy:page")).content.decode()}
    client.force_login(world.person)
    pages["your data"] = client.get(reverse("privacy:your_data")).content.decode()
    pages["erase"] = client.get(reverse("privacy:erase")).content.decode()
    pages["erase refused"] = client.post(reverse("privacy:erase"), {}).content.decode()
    client.logout()
    pages["erased"] = client.get(reverse("privacy:erased")).content.decode()
    assert html_errors(pages) == {}
