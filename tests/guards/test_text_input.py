"""NUL bytes and control characters: refused before any view reads them (guards.middleware).

PostgreSQL refuses NUL in text, so each of these used to answer 500 there."""

import json

import pytest

from teams.models import AuditEntry, Criterion, JoinRequest, Judge, LookingForTeam, Membership, Prize, Team, Track

pytestmark = pytest.mark.django_db

NUL = "a\x00b"


def snapshot():
    """Rows these requests could add or change."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Team, Membership, JoinRequest, LookingForTeam, Track, Prize, Criterion, Judge, AuditEntry)
    ]


@pytest.fixture
def team(hackathon, make_participant):
    captain = make_participant(hackathon)
    return Team.objects.create(event=hackathon, name="Bike lanes", captain=captain)


def hack(event, path=""):
    return f"/hack/{event.pk}/{path}"


@pytest.mark.parametrize(
    ("who", "method", "path", "data"),
    [
        ("participant", "post", "join/", {"code": NUL}),  # invite code typed in
        ("participant", "get", "join/a%00b/", None),  # invite link
        ("participant", "get", "judge/accept/a%00b/", None),  # judge token
        ("participant", "post", "teams/{team}/request/", {"message": NUL}),  # join message
        ("participant", "post", "board/looking/", {"looking": "1", "note": NUL}),  # board note
        ("participant", "post", "teams/new/", {"name": NUL}),
        ("organizer", "post", "organize/track/", {"name": NUL}),
        ("organizer", "post", "organize/prize/", {"name": NUL, "place": "1"}),
        ("organizer", "post", "organize/criterion/", {"name": NUL, "weight": "1"}),
        ("organizer", "post", "organize/judge/", {"email": "judge\x00@example.org"}),
        ("organizer", "post", "teams/{team}/add/", {"email": "member\x00@example.org"}),  # team member's email
        ("organizer", "get", "organize/?tab=a%00b", None),
        ("organizer", "post", "organize/track/", {"name\x00": "Transit"}),  # in a field name
    ],
)
def test_nul_bytes_are_refused_with_400_and_change_nothing(
    client, hackathon, team, make_participant, who, method, path, data
):
    user = hackathon.organizer if who == "organizer" else make_participant(hackathon)
    client.force_login(user)
    before = snapshot()
    url = hack(hackathon, path.format(team=team.pk))
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
    assert snapshot() == before


def test_the_check_in_scanner_gets_its_refusal_as_json(client, hackathon):
    client.force_login(hackathon.organizer)
    occurrence = hackathon.occurrences.get()
    response = client.post(
        f"/organize/dates/{occurrence.pk}/check-in/", {"action": "code", "code": NUL}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert response.json()["ok"] is False and "control characters" in response.json()["message"]


def test_other_control_characters_in_form_text_are_removed_not_stored(client, hackathon, make_participant):
    client.force_login(make_participant(hackathon))
    response = client.post(hack(hackathon, "teams/new/"), {"name": "Bike\x0b lanes\x1b", "description": "One\r\nTwo"})
    assert response.status_code == 302
    created = Team.objects.get(event=hackathon)
    assert created.name == "Bike lanes"
    assert created.description == "One\r\nTwo"  # line breaks in a textarea are kept


@pytest.mark.parametrize(
    "path", ["/events/?q=a%1Bb", "/events/a%07b/", "/calendar/me/a%00b.ics", "/admin/?next=%0D%0A"]
)
def test_control_characters_in_paths_and_queries_are_refused(client, site_tree, path):
    assert client.get(path).status_code == 400


def test_a_cookie_with_a_nul_byte_is_ignored(client, hackathon, make_participant):
    client.force_login(make_participant(hackathon))
    client.cookies["sessionid"] = "\x00" * 32  # the session key is looked up in the database
    assert client.get(hack(hackathon)).status_code == 200


def test_json_bodies_with_an_escaped_nul_are_refused(client, site_tree):
    body = json.dumps({"id": "evt_\x00", "type": "checkout.session.completed"})
    assert "\\u0000" in body
    response = client.post("/payments/stripe/webhook/", body, content_type="application/json")
    assert response.status_code == 400


def test_a_form_missing_a_field_a_library_view_reads_is_400(client, staff, make_event):
    event = make_event("Hacknight")
    client.force_login(staff)
    # Wagtail's StreamField reads "body-count" without checking that it was sent.
    response = client.post(f"/admin/pages/{event.pk}/edit/", {"title": "Hacknight"})
    assert response.status_code == 400
