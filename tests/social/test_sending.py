"""Posting through the real client libraries against fakes at their HTTP boundary."""

import json
import time

import pytest

from social.models import PostLog, PostStatus
from social.services.sending import send_post

PARTS = [
    "#CivicTechTuesday\n3 civic tech events this week:",
    "Tue · Hacknight https://testserver/events/a/",
    "Thu · Meetup",
]


def _statuses(post):
    return list(post.log.values_list("action", flat=True))


def test_x_thread_is_chained_by_reply_ids(fake_x, make_channel, make_post):
    post = make_post(make_channel("x"), PARTS)
    assert send_post(post.pk) == PostStatus.POSTED
    first, second, third = fake_x.tweets
    assert [t["payload"]["text"] for t in fake_x.tweets] == PARTS
    assert "reply" not in first["payload"]
    assert second["payload"]["reply"] == {"in_reply_to_tweet_id": first["id"]}
    assert third["payload"]["reply"] == {"in_reply_to_tweet_id": second["id"]}
    assert first["authorization"].startswith("Bearer ")  # OAuth 2.0 user token, user_auth=False
    post.refresh_from_db()
    assert post.external_ids == [t["id"] for t in fake_x.tweets]
    assert post.external_urls[0] == f"https://x.com/i/web/status/{first['id']}"
    assert post.posted_at is not None and post.attempts == 1
    assert _statuses(post) == ["claimed", "part_sent", "part_sent", "part_sent", "posted"]


def test_x_oauth1_user_context_signs_the_request(fake_x, make_channel, make_post, monkeypatch):
    for name in ("CK", "CS", "AT", "ATS"):
        monkeypatch.setenv(f"CONVENE_TEST_X_{name}", f"value-of-{name}-0000")
    channel = make_channel(
        "x",
        env_consumer_key="CONVENE_TEST_X_CK",
        env_consumer_secret="CONVENE_TEST_X_CS",
        env_access_token="CONVENE_TEST_X_AT",
        env_access_token_secret="CONVENE_TEST_X_ATS",
    )
    send_post(make_post(channel, PARTS[:1]).pk)
    authorization = fake_x.tweets[0]["authorization"]
    assert authorization.startswith("OAuth ")
    assert 'oauth_consumer_key="value-of-CK-0000"' in authorization
    assert "oauth_signature=" in authorization


def test_mastodon_thread_is_chained_and_idempotent(fake_mastodon, make_channel, make_post):
    post = make_post(make_channel("mastodon", base_url=fake_mastodon.url), PARTS)
    assert send_post(post.pk) == PostStatus.POSTED
    first, second, third = fake_mastodon.statuses
    assert [s["text"] for s in fake_mastodon.statuses] == PARTS
    assert first["in_reply_to_id"] is None
    assert second["in_reply_to_id"] == first["id"] and third["in_reply_to_id"] == second["id"]
    post.refresh_from_db()
    assert post.external_urls == [s["url"] for s in fake_mastodon.statuses]


def test_bluesky_thread_replies_to_root_and_parent_with_link_facets(fake_bluesky, make_channel, make_post):
    post = make_post(make_channel("bluesky", base_url=fake_bluesky.url), PARTS)
    assert send_post(post.pk) == PostStatus.POSTED
    first, second, third = fake_bluesky.records
    assert fake_bluesky.sessions == 1
    assert first.get("reply") is None

    def ref(record):
        return {"$type": "com.atproto.repo.strongRef", "uri": record["uri"], "cid": record["cid"]}

    assert (second["reply"]["root"], second["reply"]["parent"]) == (ref(first), ref(first))
    assert (third["reply"]["root"], third["reply"]["parent"]) == (ref(first), ref(second))
    assert second["text"] == "Tue · Hacknight testserver/events/a/"
    (facet,) = second["facets"]
    link = second["text"].encode()[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode()
    assert link == "testserver/events/a/"
    assert facet["features"] == [{"$type": "app.bsky.richtext.facet#link", "uri": "https://testserver/events/a/"}]
    post.refresh_from_db()
    assert post.external_ids == [r["uri"] for r in fake_bluesky.records]
    assert post.external_urls[0].startswith("https://bsky.app/profile/civictech.test/post/")


def test_a_thread_that_failed_half_way_resumes_from_the_last_sent_part(fake_x, make_channel, make_post, fast_retries):
    post = make_post(make_channel("x"), PARTS)
    fake_x.fail_request(2, 503)  # the first part goes out, then X has a server error on the second
    assert send_post(post.pk) == PostStatus.APPROVED  # back in line for a retry
    post.refresh_from_db()
    assert len(post.sent) == 1 and "503" in post.last_error and post.next_attempt_at is not None
    assert send_post(post.pk) == PostStatus.POSTED
    assert [t["payload"]["text"] for t in fake_x.tweets] == PARTS  # part 1 was not sent again
    assert fake_x.tweets[1]["payload"]["reply"] == {"in_reply_to_tweet_id": fake_x.tweets[0]["id"]}
    post.refresh_from_db()
    assert post.attempts == 2 and post.status == PostStatus.POSTED
    assert "retry" in _statuses(post)


def test_resume_on_mastodon_replies_to_the_sent_part(fake_mastodon, make_channel, make_post, fast_retries):
    post = make_post(make_channel("mastodon", base_url=fake_mastodon.url), PARTS)
    fake_mastodon.fail_next(502)
    assert send_post(post.pk) == PostStatus.APPROVED
    assert send_post(post.pk) == PostStatus.POSTED
    assert [s["in_reply_to_id"] for s in fake_mastodon.statuses] == [
        None,
        fake_mastodon.statuses[0]["id"],
        fake_mastodon.statuses[1]["id"],
    ]


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (401, {"title": "Unauthorized", "detail": "Unauthorized"}),
        (403, {"detail": "You are not allowed to create a Tweet with duplicate content."}),
    ],
)
def test_auth_and_duplicate_errors_are_not_retried(fake_x, make_channel, make_post, fast_retries, status, body):
    post = make_post(make_channel("x"), PARTS[:1])
    fake_x.fail_next(status, body=body)
    assert send_post(post.pk) == PostStatus.FAILED
    assert send_post(post.pk) == "not-claimed"
    post.refresh_from_db()
    assert post.attempts == 1 and str(status) in post.last_error and post.next_attempt_at is None
    assert len(fake_x.requests) == 1
    assert _statuses(post) == ["claimed", "failed"]


def test_missing_credentials_fail_without_sending(fake_mastodon, make_channel, make_post, monkeypatch):
    monkeypatch.delenv("CONVENE_TEST_MASTODON_TOKEN")
    post = make_post(make_channel("mastodon", base_url=fake_mastodon.url), PARTS[:1])
    assert send_post(post.pk) == PostStatus.FAILED
    post.refresh_from_db()
    assert post.last_error == "Environment variable CONVENE_TEST_MASTODON_TOKEN is not set."
    assert fake_mastodon.requests == 0


def test_server_errors_are_retried_up_to_the_limit(fake_bluesky, make_channel, make_post, fast_retries):
    post = make_post(make_channel("bluesky", base_url=fake_bluesky.url), PARTS[:1])
    for _ in range(3):
        fake_bluesky.fail_next(500)
    assert send_post(post.pk) == PostStatus.APPROVED
    assert send_post(post.pk) == PostStatus.APPROVED
    assert send_post(post.pk) == PostStatus.FAILED
    post.refresh_from_db()
    assert post.attempts == 3 and fake_bluesky.records == []
    assert _statuses(post).count("retry") == 2


def test_x_429_waits_for_its_reset_time(fake_x, make_channel, make_post):
    reset = int(time.time()) + 900
    post = make_post(make_channel("x"), PARTS[:1])
    fake_x.fail_next(429, headers={"x-rate-limit-reset": str(reset)})
    assert send_post(post.pk) == PostStatus.APPROVED
    post.refresh_from_db()
    assert int(post.next_attempt_at.timestamp()) == reset
    assert send_post(post.pk) == "not-claimed"  # not before the reset time
    assert len(fake_x.requests) == 1


def test_mastodon_rate_limit_waits_for_its_reset(fake_mastodon, make_channel, make_post):
    reset = int(time.time()) + 600
    post = make_post(make_channel("mastodon", base_url=fake_mastodon.url), PARTS[:1])
    fake_mastodon.fail_next(
        429, [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Limit", "300"), ("X-RateLimit-Reset", str(reset))]
    )
    assert send_post(post.pk) == PostStatus.APPROVED
    post.refresh_from_db()
    assert abs(post.next_attempt_at.timestamp() - reset) < 5
    assert "rate limit" in post.last_error


@pytest.mark.django_db(transaction=True)
def test_429_is_retried_by_the_real_task_worker(fake_x, make_channel, make_post, task_worker):
    from social.tasks import send_post_task

    post = make_post(make_channel("x"), PARTS)
    fake_x.fail_next(429, headers={"x-rate-limit-reset": str(int(time.time()))})
    send_post_task.enqueue(post.pk)
    task_worker()
    post.refresh_from_db()
    assert post.status == PostStatus.POSTED
    assert post.attempts == 2
    assert [t["payload"]["text"] for t in fake_x.tweets] == PARTS
    actions = list(post.log.values_list("action", flat=True))
    assert actions[:2] == [PostLog.Action.CLAIMED, PostLog.Action.RETRY] and actions[-1] == PostLog.Action.POSTED


def test_credentials_never_reach_logs_output_or_the_database(
    fake_x, fake_mastodon, fake_bluesky, make_channel, make_post, caplog, capsys, monkeypatch
):
    import logging

    caplog.set_level(logging.DEBUG)
    secrets = {"CONVENE_TEST_X_CK": "ck-SECRET-4444", "CONVENE_TEST_X_CS": "cs-SECRET-5555"}
    secrets |= {"CONVENE_TEST_X_AT": "12345-at-SECRET-6666", "CONVENE_TEST_X_ATS": "ats-SECRET-7777"}
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    oauth1 = make_channel(
        "x",
        name="X oauth1",
        env_consumer_key="CONVENE_TEST_X_CK",
        env_consumer_secret="CONVENE_TEST_X_CS",
        env_access_token="CONVENE_TEST_X_AT",
        env_access_token_secret="CONVENE_TEST_X_ATS",
    )
    posts = [
        make_post(make_channel("x"), PARTS[:2], key="a"),
        make_post(oauth1, PARTS[:2], key="b"),
        make_post(make_channel("mastodon", base_url=fake_mastodon.url), PARTS[:2], key="c"),
        make_post(make_channel("bluesky", base_url=fake_bluesky.url), PARTS[:2], key="d"),
    ]
    for post in posts:
        assert send_post(post.pk) == PostStatus.POSTED
    failing = make_post(make_channel("x", name="X failing"), PARTS[:1], key="e")
    fake_x.fail_next(401, body={"detail": "Unauthorized"})
    send_post(failing.pk)
    from tests.social.conftest import BSKY_PASSWORD, MASTODON_TOKEN, X_TOKEN

    everything = [X_TOKEN, MASTODON_TOKEN, BSKY_PASSWORD, *secrets.values()]
    assert any(r.name.startswith("tweepy") for r in caplog.records)  # the libraries did log, at DEBUG
    out, err = capsys.readouterr()
    stored = json.dumps(list(PostLog.objects.values_list("message", flat=True))) + json.dumps(
        [p.last_error for p in posts + [failing]]
    )
    for secret in everything:
        assert secret not in caplog.text
        assert secret not in out and secret not in err
        assert secret not in stored


def test_network_errors_are_retried(make_channel, make_post, monkeypatch, fast_retries):
    import socket

    monkeypatch.setenv("CONVENE_TEST_MASTODON_TOKEN", "token-0000")
    with socket.socket() as s:  # a port nothing listens on: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    post = make_post(make_channel("mastodon", base_url=f"http://127.0.0.1:{port}"), PARTS[:1])
    assert send_post(post.pk) == PostStatus.APPROVED
    post.refresh_from_db()
    assert "Mastodon unavailable" in post.last_error and post.next_attempt_at is not None


def test_x_connection_errors_are_retried_and_nothing_is_sent_twice(fake_x, make_channel, make_post, fast_retries):
    import requests

    post = make_post(make_channel("x"), PARTS[:2])
    fake_x.raise_on_request(2, requests.ConnectionError("connection reset by peer"))
    assert send_post(post.pk) == PostStatus.APPROVED
    post.refresh_from_db()
    assert "X unreachable: ConnectionError" in post.last_error and len(post.sent) == 1
    assert send_post(post.pk) == PostStatus.POSTED
    assert [t["payload"]["text"] for t in fake_x.tweets] == PARTS[:2]
