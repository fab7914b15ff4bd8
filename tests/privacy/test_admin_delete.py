"""Deleting a user in either admin erases them through the one service: no 500 with payments or captaincy."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import Payment, Registration
from privacy.models import ErasedAccount
from teams.models import Team

from .conftest import TRACES
from .scan import find_traces

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    admin = get_user_model().objects.create_superuser(email="root@example.org", password="x" * 20)
    client.force_login(admin)
    return admin


def assert_erased_like_the_service_does(world):
    person = get_user_model().objects.get(pk=world.person.pk)
    assert ErasedAccount.objects.filter(user=person, by_staff=True).exists()
    assert not person.is_active
    assert find_traces(TRACES) == []
    assert Payment.objects.filter(pk=world.payment.pk).exists()
    assert Team.objects.get(pk=world.captained_team.pk).captain == world.teammate
    assert Registration.objects.get(user=world.waiting).status == "confirmed"


def test_wagtail_user_delete_erases_through_the_service(client, staff, world, django_capture_on_commit_callbacks):
    url = reverse("wagtailusers_users:delete", args=[world.person.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert_erased_like_the_service_does(world)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("erased" in m for m in messages)


def test_wagtail_bulk_delete_erases_each_user(client, staff, world, make_user, django_capture_on_commit_callbacks):
    other = make_user(name="Quentin Quokkason", email="quentin.quokkason@example.org")
    url = (
        reverse("wagtail_bulk_action", args=["accounts", "user", "delete"])
        + f"?next=/admin/users/&id={world.person.pk}&id={other.pk}"
    )
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert_erased_like_the_service_does(world)
    assert ErasedAccount.objects.filter(user=other).exists()


def test_django_admin_delete_erases_through_the_service(client, staff, world, django_capture_on_commit_callbacks):
    url = reverse("admin:accounts_user_delete", args=[world.person.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"pseudonym" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert_erased_like_the_service_does(world)


def test_django_admin_bulk_delete_erases_through_the_service(client, staff, world, django_capture_on_commit_callbacks):
    url = reverse("admin:accounts_user_changelist")
    data = {"action": "delete_selected", "_selected_action": [world.person.pk], "post": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert_erased_like_the_service_does(world)


def test_an_organizer_without_the_permission_cannot_erase_through_the_admin(client, world):
    client.force_login(world.organizer)
    response = client.post(reverse("wagtailusers_users:delete", args=[world.person.pk]))
    assert response.status_code in (302, 403)
    assert not ErasedAccount.objects.exists()
    assert get_user_model().objects.get(pk=world.person.pk).is_active


def test_the_erased_persons_other_sessions_end(client, world, django_capture_on_commit_callbacks):
    from django.test import Client

    theirs = Client()
    theirs.force_login(world.person)
    assert theirs.get(reverse("privacy:your_data")).status_code == 200
    admin = get_user_model().objects.create_superuser(email="root@example.org", password="x" * 20)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailusers_users:delete", args=[world.person.pk]))
    assert theirs.get(reverse("privacy:your_data")).status_code == 302
