"""A login provider nobody configured is a page that does not exist (it used to answer 500)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/github/login/",
        "/accounts/github/login/?process=connect",
        "/accounts/github/login/callback/?code=x&state=y",
    ],
)
def test_an_unconfigured_provider_is_404(client, site_tree, settings, path):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert client.get(path).status_code == 404
    assert client.post(path.split("?")[0]).status_code == 404


def test_a_configured_provider_sends_people_to_it(client, site_tree, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {"APPS": [{"client_id": "id-123", "secret": "s3cret", "key": ""}], "SCOPE": ["user:email"]}
    }
    response = client.post("/accounts/github/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://github.com/login/oauth/authorize?client_id=id-123")
