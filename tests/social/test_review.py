"""Review in the Wagtail admin: organizers edit, approve or skip their group's post; only approved posts go out."""

from django.urls import reverse

from social.models import Post, PostStatus


def _run(*args):
    from io import StringIO

    from django.core.management import call_command

    call_command("post_civictechtuesday", *args, stdout=StringIO())


def _edit_url(post):
    return reverse("wagtailsnippets_social_post:edit", args=[post.pk])


def test_with_review_on_the_run_makes_drafts_and_sends_nothing(
    drafted, fake_mastodon, week, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _run("--week", str(week))
    assert {drafted["post"].status, drafted["site_post"].status} == {PostStatus.DRAFT}
    assert Post.objects.filter(status=PostStatus.DRAFT).count() == 2
    assert fake_mastodon.requests == 0


def test_organizer_edits_and_approves_their_groups_post_and_only_then_it_goes_out(
    drafted, make_organizer, client, fake_mastodon, week, django_capture_on_commit_callbacks
):
    post = drafted["post"]
    client.force_login(make_organizer(drafted["ours"]))
    page = client.get(_edit_url(post))
    assert page.status_code == 200
    assert "Weekly hacknight" in page.content.decode()
    assert "Lengths as Mastodon counts them: 1: " in page.content.decode()
    edited = post.parts[0].replace("civic tech event this week", "civic tech event this week, come along!")
    response = client.post(_edit_url(post), {"text": edited, "decision": "approve"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED and post.parts == [edited] and post.approved_by is not None
    with django_capture_on_commit_callbacks(execute=True):
        _run("--week", str(week))
    post.refresh_from_db()
    assert post.status == PostStatus.POSTED
    assert [s["text"] for s in fake_mastodon.statuses] == [edited]  # the site-wide draft stayed unsent
    assert Post.objects.get(pk=drafted["site_post"].pk).status == PostStatus.DRAFT
    assert list(post.log.values_list("action", flat=True))[:3] == ["created", "edited", "approved"]


def test_skipped_post_is_never_sent(
    drafted, make_organizer, client, fake_mastodon, week, django_capture_on_commit_callbacks
):
    post = drafted["post"]
    client.force_login(make_organizer(drafted["ours"]))
    client.post(_edit_url(post), {"text": "\n---\n".join(post.parts), "decision": "skip"})
    post.refresh_from_db()
    assert post.status == PostStatus.SKIPPED
    with django_capture_on_commit_callbacks(execute=True):
        _run("--week", str(week))
    assert fake_mastodon.requests == 0


def test_organizers_cannot_review_other_groups_or_site_wide_posts(drafted, make_organizer, client):
    client.force_login(make_organizer(drafted["theirs"]))
    for post in (drafted["post"], drafted["site_post"]):
        assert client.get(_edit_url(post)).status_code in (302, 403)
        response = client.post(_edit_url(post), {"text": "Hijacked", "decision": "approve"})
        assert response.status_code in (302, 403)
        post.refresh_from_db()
        assert post.status == PostStatus.DRAFT and "Hijacked" not in post.parts
    listing = client.get(reverse("wagtailsnippets_social_post:list"))
    assert listing.status_code == 200
    assert _edit_url(drafted["post"]) not in listing.content.decode()


def test_site_staff_review_site_wide_posts(drafted, make_user, client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    post = drafted["site_post"]
    response = client.post(_edit_url(post), {"text": "\n---\n".join(post.parts), "decision": "approve"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def test_people_without_admin_access_are_refused(drafted, make_user, client):
    post = drafted["post"]
    client.force_login(make_user())
    response = client.post(_edit_url(post), {"text": "x", "decision": "approve"})
    assert response.status_code in (302, 403)
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT


def test_a_part_over_the_limit_is_a_form_error_and_changes_nothing(drafted, make_organizer, client):
    post = drafted["post"]
    client.force_login(make_organizer(drafted["ours"]))
    response = client.post(_edit_url(post), {"text": "word " * 200, "decision": "approve"})
    assert response.status_code == 200
    assert "the limit is 500" in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT


def test_inspect_view_shows_attempts_and_errors(drafted, make_user, client):
    post = drafted["post"]
    post.last_error = "Mastodon unavailable: 503"
    post.save()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    page = client.get(reverse("wagtailsnippets_social_post:inspect", args=[post.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Mastodon unavailable: 503" in body and "Created" in body


def test_posted_posts_cannot_be_edited(drafted, make_user, client):
    post = drafted["post"]
    Post.objects.filter(pk=post.pk).update(status=PostStatus.POSTED, sent=[{"id": "1", "url": "http://x/1"}])
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.post(_edit_url(post), {"text": "Changed", "decision": "save"})
    assert response.status_code == 200
    assert "can no longer be changed" in response.content.decode()
    post.refresh_from_db()
    assert post.parts != ["Changed"]


def test_a_failed_post_can_be_tried_again_and_resumes(
    drafted, make_user, client, fake_mastodon, django_capture_on_commit_callbacks
):
    post = drafted["post"]
    Post.objects.filter(pk=post.pk).update(status=PostStatus.FAILED, attempts=5, last_error="401")
    client.force_login(make_user(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_edit_url(post), {"text": "ignored", "decision": "retry"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.POSTED
    assert [s["text"] for s in fake_mastodon.statuses] == post.parts


def test_only_failed_or_stuck_posts_can_be_retried(drafted, make_user, client):
    post = drafted["post"]
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.post(_edit_url(post), {"text": "x", "decision": "retry"})
    assert response.status_code == 200 and "can be tried again" in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT


def test_admin_home_lists_the_drafts_each_organizer_may_review(drafted, make_organizer, client):
    client.force_login(make_organizer(drafted["ours"]))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "waiting for review" in home
    assert _edit_url(drafted["post"]) in home and _edit_url(drafted["site_post"]) not in home
    client.force_login(make_organizer(drafted["theirs"]))
    assert "waiting for review" not in client.get(reverse("wagtailadmin_home")).content.decode()
