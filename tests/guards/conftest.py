import pytest

from tests.events.conftest import deliver, fake_stripe, organizer, seated_event  # noqa: F401
from tests.teams.conftest import hackathon, make_judge, make_participant  # noqa: F401

from .html_forms import forms_in


@pytest.fixture
def staff(make_user):
    return make_user(email="staff@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_form(client):
    """GET a Wagtail admin form page, then POST its own values back with some changed."""

    def submit(url, *, action=None, button=None, **changes):
        response = client.get(url)
        assert response.status_code == 200, url
        candidates = [f for f in forms_in(response.content.decode(), url) if f.method == "post" and action in f.action]
        form = max(candidates, key=lambda f: len(f.fields))  # the editor, not Wagtail's editing-session ping
        data = form.data(**changes)
        if button:
            data[button] = [button]
        return client.post(form.action, data)

    return submit
