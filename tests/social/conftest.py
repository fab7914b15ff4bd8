import datetime
import json

import pytest
import responses
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import Site

from social.models import Channel, ListingSettings, Post, PostKind, PostStatus
from social.services.compose import Week
from social.services.weekly import prepare_week
from tests.fakes.bluesky_server import FakeBluesky
from tests.fakes.mastodon_server import FakeMastodon


@pytest.fixture
def week():
    """A whole ISO week comfortably in the future (its Monday is 14 to 20 days from today)."""
    return Week.containing(timezone.localdate() + datetime.timedelta(days=14))


@pytest.fixture
def day(week):
    def build(offset, hour=18, minute=30):
        return {
            "start_date": week.monday + datetime.timedelta(days=offset),
            "start_time": datetime.time(hour, minute),
            "end_time": datetime.time(hour + 2, minute),
        }

    return build


@pytest.fixture
def make_channel(db):
    def build(network="x", **fields):
        defaults = {
            "x": {"name": "X", "env_access_token": "CONVENE_TEST_X_TOKEN"},
            "mastodon": {
                "name": "Mastodon",
                "base_url": "http://127.0.0.1:1",
                "env_access_token": "CONVENE_TEST_MASTODON_TOKEN",
            },
            "bluesky": {
                "name": "Bluesky",
                "base_url": "http://127.0.0.1:1",
                "handle": "civictech.test",
                "env_password": "CONVENE_TEST_BSKY_PASSWORD",
            },
        }[network]
        return Channel.objects.create(network=network, **{**defaults, **fields})

    return build


X_TOKEN = "x-oauth2-user-token-SECRET-1234567890"
MASTODON_TOKEN = "mastodon-access-token-SECRET-abcdef"
BSKY_PASSWORD = "bsky-app-password-SECRET-wxyz"


class FakeX:
    """The X API v2 create-tweet endpoint, served through `responses` (tweepy's host cannot be changed)."""

    URL = "https://api.twitter.com/2/tweets"

    def __init__(self, rsps):
        self.tweets = []
        self.requests = []
        self.failures = []  # (status, headers, body) answered in order before any success
        self.failing_requests = {}  # request number (from 1) -> (status, headers, body)
        rsps.add_callback(responses.POST, self.URL, callback=self._callback, content_type="application/json")

    def fail_next(self, status, headers=None, body=None):
        self.failures.append((status, headers or {}, body or {"title": "Failure", "detail": f"fake {status}"}))

    def fail_request(self, number, status, headers=None, body=None):
        self.failing_requests[number] = (
            status,
            headers or {},
            body or {"title": "Failure", "detail": f"fake {status}"},
        )

    def raise_on_request(self, number, exception):
        self.failing_requests[number] = exception

    def _callback(self, request):
        self.requests.append(request)
        if isinstance(self.failing_requests.get(len(self.requests)), Exception):
            raise self.failing_requests.pop(len(self.requests))
        if self.failures or len(self.requests) in self.failing_requests:
            status, headers, body = self.failing_requests.pop(len(self.requests), None) or self.failures.pop(0)
            return status, headers, json.dumps(body)
        payload = json.loads(request.body)
        tweet_id = str(1860000000000000000 + len(self.tweets) + 1)
        self.tweets.append({"id": tweet_id, "payload": payload, "authorization": request.headers["Authorization"]})
        return (
            201,
            {},
            json.dumps({"data": {"id": tweet_id, "text": payload["text"], "edit_history_tweet_ids": [tweet_id]}}),
        )


@pytest.fixture
def fake_x(monkeypatch):
    monkeypatch.setenv("CONVENE_TEST_X_TOKEN", X_TOKEN)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_passthru("http://127.0.0.1")
        yield FakeX(rsps)


@pytest.fixture
def fake_mastodon(monkeypatch):
    monkeypatch.setenv("CONVENE_TEST_MASTODON_TOKEN", MASTODON_TOKEN)
    with FakeMastodon(MASTODON_TOKEN) as server:
        yield server


@pytest.fixture
def fake_bluesky(monkeypatch):
    monkeypatch.setenv("CONVENE_TEST_BSKY_PASSWORD", BSKY_PASSWORD)
    with FakeBluesky("civictech.test", BSKY_PASSWORD) as server:
        yield server


@pytest.fixture
def make_post(db):
    def build(channel, parts, status=PostStatus.APPROVED, key="2026-W48", **fields):
        return Post.objects.create(channel=channel, kind=PostKind.WEEKLY, key=key, parts=parts, status=status, **fields)

    return build


@pytest.fixture
def fast_retries(settings):
    settings.SOCIAL_RETRY_BASE_SECONDS = 0
    settings.SOCIAL_MAX_ATTEMPTS = 3


@pytest.fixture
def review_on(site_tree):
    config = ListingSettings.for_site(Site.objects.get(is_default_site=True))
    config.review = True
    config.save()
    return config


@pytest.fixture
def make_organizer(make_user):
    def build(group):
        user = make_user()
        team, _ = Group.objects.get_or_create(name="Organizers")
        team.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        user.groups.add(team)
        group.organizers.add(user)
        group.save()
        return user

    return build


@pytest.fixture
def drafted(review_on, make_group, make_event, make_channel, fake_mastodon, day, week):
    ours, theirs = make_group(title="Civic Tech Toronto"), make_group(title="Civic Tech Ottawa")
    make_event(title="Weekly hacknight", kind="hacknight", group=ours, **day(1))
    make_event(title="Ottawa meetup", kind="meetup", group=theirs, **day(2))
    group_channel = make_channel("mastodon", name="CTTO", group=ours, base_url=fake_mastodon.url)
    make_channel("mastodon", name="Site", base_url=fake_mastodon.url)
    prepare_week(week)
    post = Post.objects.get(channel=group_channel)
    site_post = Post.objects.exclude(pk=post.pk).get()
    return {"post": post, "site_post": site_post, "ours": ours, "theirs": theirs}
