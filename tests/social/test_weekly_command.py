"""manage.py post_civictechtuesday: dry run, the weekly run, empty weeks, and no double post under races."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from social.models import Post, PostStatus
from social.text import x_weighted_length


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command("post_civictechtuesday", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def busy_week(make_event, make_group, day):
    group = make_group(title="Civic Tech Toronto")
    for n in range(9):
        make_event(title=f"Hacknight number {n} 🎉", kind="hacknight", group=group, **day(1 + n % 7, 10 + n))
    return group


def test_dry_run_prints_every_part_with_its_length_and_sends_nothing(busy_week, make_channel, fake_x, week):
    make_channel("x")
    out = _run("--dry-run", "--week", str(week))
    assert f"== X (X) · {week}:" in out
    headers = [line for line in out.splitlines() if line.startswith("-- part ")]
    assert len(headers) >= 2
    for header in headers:
        length, limit = header.split(": ")[1].split(" ")[0].split("/")
        assert int(length) <= int(limit) == 280
    assert "#CivicTechTuesday\n9 civic tech events this week:" in out
    assert Post.objects.count() == 0 and fake_x.requests == []


def test_dry_run_without_channels_shows_each_network(busy_week, week):
    out = _run("--dry-run", "--week", str(week))
    for network, limit in (("x", 280), ("mastodon", 500), ("bluesky", 300)):
        assert f"== (no channel) {network}" in out
        assert f"/{limit} ({network})" in out


def test_dry_run_lengths_are_x_weighted(busy_week, make_channel, week):
    make_channel("x")
    out = _run("--dry-run", "--week", str(week))
    chunks = out.split("-- part ")[1:]
    for chunk in chunks:
        header, _, text = chunk.partition("\n")
        assert int(header.split(": ")[1].split("/")[0]) == x_weighted_length(text.rstrip("\n"))


def test_bad_week_is_a_clear_error(db):
    with pytest.raises(CommandError, match="YYYY-Www"):
        _run("--week", "next tuesday")


@pytest.mark.django_db(transaction=True)
def test_weekly_run_posts_once_even_when_run_twice(busy_week, make_channel, fake_mastodon, week):
    channel = make_channel("mastodon", base_url=fake_mastodon.url)
    _run("--week", str(week))
    post = Post.objects.get(channel=channel, key=str(week))
    assert post.status == PostStatus.POSTED and len(post.parts) >= 2
    assert [s["text"] for s in fake_mastodon.statuses] == post.parts
    _run("--week", str(week))
    assert len(fake_mastodon.statuses) == len(post.parts)
    assert Post.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_empty_week_posts_nothing(site_tree, make_channel, fake_x, fake_mastodon, week):
    make_channel("x")
    make_channel("mastodon", base_url=fake_mastodon.url)
    out = _run("--week", str(week))
    assert "2 channels with nothing to post" in out
    assert Post.objects.count() == 0
    assert fake_x.requests == [] and fake_mastodon.requests == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking (set DATABASE_URL)")
def test_two_parallel_runs_never_double_post(busy_week, make_channel, fake_mastodon, fake_x, week):
    mastodon = make_channel("mastodon", base_url=fake_mastodon.url)
    make_channel("x")
    fake_mastodon.delay = 0.2  # keep the first sender inside its send while the second run arrives
    barrier = threading.Barrier(4)
    errors = []

    def run():
        try:
            barrier.wait()
            _run("--week", str(week))
        except Exception as e:  # reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    post = Post.objects.get(channel=mastodon)
    assert post.status == PostStatus.POSTED
    assert [s["text"] for s in fake_mastodon.statuses] == post.parts  # each part exactly once
    x_post = Post.objects.exclude(channel=mastodon).get()
    assert [t["payload"]["text"] for t in fake_x.tweets] == x_post.parts
    assert Post.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking (set DATABASE_URL)")
def test_two_workers_sending_the_same_post_send_it_once(make_channel, make_post, fake_bluesky):
    from social.services.sending import send_post

    post = make_post(make_channel("bluesky", base_url=fake_bluesky.url), ["one", "two", "three"])
    barrier = threading.Barrier(2)
    results = []

    def work():
        barrier.wait()
        results.append(send_post(post.pk))
        connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["not-claimed", "posted"]
    assert [r["text"] for r in fake_bluesky.records] == ["one", "two", "three"]


def test_weekly_post_waits_for_the_configured_time(
    busy_week, make_channel, fake_mastodon, week, django_capture_on_commit_callbacks
):
    import datetime

    from social.services.compose import post_time
    from social.services.weekly import prepare_week, queue_due

    make_channel("mastodon", base_url=fake_mastodon.url)
    due = post_time(week)
    assert (due.weekday(), due.hour, due.minute, str(due.tzinfo)) == (1, 9, 0, "America/Toronto")
    with django_capture_on_commit_callbacks(execute=True):
        prepare_week(week)
        assert queue_due(now=due - datetime.timedelta(minutes=1)) == 0
    assert fake_mastodon.requests == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_due(now=due + datetime.timedelta(minutes=1)) == 1
    assert Post.objects.get().status == PostStatus.POSTED


def test_an_untouched_draft_follows_the_weeks_events_until_someone_edits_it(
    make_event, make_channel, make_user, day, week
):
    from social.services.review import edit_post
    from social.services.weekly import prepare_week

    make_channel("x")
    make_event(title="Monday meetup", kind="meetup", **day(1))
    prepare_week(week)
    post = Post.objects.get()
    make_event(title="Added later", kind="meetup", **day(3))
    prepare_week(week)
    post.refresh_from_db()
    assert "Added later" in post.parts[0]
    edit_post(post, ["Hand-written #CivicTechTuesday"], make_user(is_staff=True))
    make_event(title="Even later", kind="meetup", **day(4))
    prepare_week(week)
    post.refresh_from_db()
    assert post.parts == ["Hand-written #CivicTechTuesday"]


def test_dry_run_shows_bluesky_text_as_posted_with_its_link_facets(busy_week, make_channel, week):
    make_channel("bluesky")
    out = _run("--dry-run", "--week", str(week))
    assert "http://testserver/events/" not in out.split("link bytes")[0]  # links are shown short...
    assert "testserver/events/" in out
    assert "-> http://testserver/events/" in out  # ...and carried as facets
