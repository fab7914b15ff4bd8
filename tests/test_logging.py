import logging

import pytest

pytestmark = pytest.mark.django_db


def test_a_private_feed_token_never_reaches_the_request_log(client, caplog, site_tree):
    token = "Zx9secretTOKENvalue123"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/calendar/me/{token}.ics")
    assert response.status_code == 404
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/calendar/me/[redacted].ics" in logged
    assert token not in logged
