"""The weekly post looks ahead: it covers the seven days from its post time, the run drafts the post that
comes next, and a draft approved after its post time never announces events that have already started."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from social.models import Post, PostStatus
from social.services.compose import Week, listing_zone, post_time, upcoming_week
from social.services.review import approve_post
from social.services.weekly import prepare_week

pytestmark = pytest.mark.django_db


def _at(day, hour=12):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=listing_zone())


@pytest.mark.parametrize(
    ("weekday", "hour", "offset_weeks"),
    [
        (0, 12, 0),  # Monday: this week's post (Tuesday) is next
        (1, 8, 0),  # Tuesday before the post time
        (1, 10, 0),  # Tuesday after the post time: this week's post is still the one to send
        (2, 12, 1),  # Wednesday: next week's post
        (6, 12, 1),  # Sunday: next week's post, not the one that went out five days ago
    ],
)
def test_the_run_prepares_the_post_that_comes_next(site_tree, weekday, hour, offset_weeks):
    week = Week.parse("2026-W48")
    now = _at(week.monday + datetime.timedelta(days=weekday), hour)
    expected = Week.containing(week.monday + datetime.timedelta(weeks=offset_weeks))
    assert upcoming_week(now) == expected
    assert post_time(expected) >= now - datetime.timedelta(hours=2)


def _make_late(post):
    """Pretend the post time passed two days ago: Tuesday's hacknight (day 1) has started by now."""
    post.scheduled_for = timezone.now() - datetime.timedelta(days=2)
    post.save(update_fields=["scheduled_for"])


@pytest.fixture
def late_draft(drafted, make_event, day, week):
    post = drafted["post"]
    make_event(title="Still ahead", kind="meetup", group=drafted["ours"], **day(5))
    prepare_week(week)
    post.refresh_from_db()
    assert "Weekly hacknight" in post.parts[0] and "Still ahead" in post.parts[0]
    return post


def test_an_untouched_draft_approved_late_lists_only_what_is_still_ahead(
    late_draft,
    make_organizer,
    drafted,
    day,
    week,
    django_capture_on_commit_callbacks,
):
    post = late_draft
    tuesday_evening = post_time(week).replace(hour=20)
    reviewer = make_organizer(drafted["ours"])
    _make_late(post)
    with django_capture_on_commit_callbacks(execute=False):
        approve_post(post, reviewer, now=tuesday_evening)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert "Weekly hacknight" not in post.parts[0] and "Still ahead" in post.parts[0]
    assert "1 civic tech event this week" in post.parts[0]


def test_an_edited_draft_approved_late_asks_the_reviewer_to_compose_again(
    late_draft,
    make_organizer,
    drafted,
    client,
    week,
    monkeypatch,
):
    post = late_draft
    reviewer = make_organizer(drafted["ours"])
    client.force_login(reviewer)
    url = reverse("wagtailsnippets_social_post:edit", args=[post.pk])
    edited = post.parts[0] + "\nSee you there!"
    assert client.post(url, {"text": edited, "decision": "save"}).status_code == 302
    _make_late(post)
    tuesday_evening = post_time(week).replace(hour=20)
    monkeypatch.setattr(timezone, "now", lambda: tuesday_evening)
    response = client.post(url, {"text": edited, "decision": "approve"})
    assert response.status_code == 200
    assert "Compose again" in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT and post.parts == [edited]
    # Composing again lists only what is ahead; then it can be approved.
    assert client.post(url, {"text": "ignored", "decision": "recompose"}).status_code == 302
    post.refresh_from_db()
    assert "Weekly hacknight" not in post.parts[0] and "Still ahead" in post.parts[0]
    assert client.post(url, {"text": "\n---\n".join(post.parts), "decision": "approve"}).status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def test_another_groups_organizer_cannot_compose_again(late_draft, make_organizer, drafted, client):
    post = late_draft
    before = list(post.parts)
    client.force_login(make_organizer(drafted["theirs"]))
    url = reverse("wagtailsnippets_social_post:edit", args=[post.pk])
    response = client.post(url, {"text": "x", "decision": "recompose"})
    assert response.status_code in (302, 403)
    post.refresh_from_db()
    assert post.parts == before and post.status == PostStatus.DRAFT
    assert Post.objects.filter(pk=post.pk, status=PostStatus.DRAFT).exists()
