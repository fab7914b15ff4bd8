"""'New: …' posts when an event is first published in a group with an announcing channel: once only."""

import re

from django.urls import reverse

from social.models import Channel, ListingSettings, Post, PostKind, PostStatus


def test_publishing_a_new_event_posts_one_announcement_even_if_published_again(
    make_group, make_event, make_channel, fake_mastodon, day, django_capture_on_commit_callbacks
):
    group = make_group(title="Civic Tech Fredericton")
    make_channel("mastodon", group=group, base_url=fake_mastodon.url, announce_new_events=True)
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(title="Open Data Day", kind="hackathon", group=group, **day(5))
    post = Post.objects.get(kind=PostKind.ANNOUNCEMENT)
    assert post.status == PostStatus.POSTED and post.event == event and post.key == f"event:{event.pk}"
    (status,) = fake_mastodon.statuses
    assert status["text"].startswith("New: ") and "Open Data Day" in status["text"] and event.url in status["text"]
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Open Data Day 2027"
        event.save_revision().publish()
    assert Post.objects.filter(kind=PostKind.ANNOUNCEMENT).count() == 1
    assert len(fake_mastodon.statuses) == 1


def test_no_announcement_without_an_announcing_channel(make_group, make_event, make_channel, fake_mastodon, day):
    group = make_group()
    make_channel("mastodon", group=group, base_url=fake_mastodon.url)  # announcements off
    make_event(group=group, **day(2))
    make_event(group=make_group(), **day(3))
    assert Post.objects.count() == 0


def test_channel_admin_stores_variable_names_never_secrets(site_tree, make_user, client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse("wagtailsnippets_social_channel:add")
    data = {"network": "mastodon", "name": "Civic Tech Canada", "base_url": "https://mastodon.example", "enabled": "on"}
    data["language"] = "en"
    response = client.post(url, {**data, "env_access_token": "abc123-looks-like-a-real-token"})
    assert response.status_code == 200 and Channel.objects.count() == 0
    assert "never the secret itself" in response.content.decode()
    response = client.post(url, {**data, "env_access_token": "CONVENE_MASTODON_TOKEN"})
    assert response.status_code == 302
    assert Channel.objects.get().env_access_token == "CONVENE_MASTODON_TOKEN"


def test_listing_settings_page_opens(site_tree, make_user, client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    site = site_tree["home"].get_site()
    response = client.get(reverse("wagtailsettings:edit", args=["social", "listingsettings", site.pk]))
    assert response.status_code == 200
    checked = re.findall(r'<input type="checkbox" name="kinds" value="(\w+)"[^>]* checked>', response.content.decode())
    assert sorted(checked) == ["hackathon", "hacknight", "meetup"]
    form = {"tags": "civic tech, open data", "kinds": ["workshop", "hackathon"], "post_weekday": "1"}
    form |= {"post_time": "10:30", "post_timezone": "America/Halifax", "review": "on"}
    response = client.post(reverse("wagtailsettings:edit", args=["social", "listingsettings", site.pk]), form)
    assert response.status_code == 302
    config = ListingSettings.for_site(site)
    assert config.kind_list == ["workshop", "hackathon"] and config.tag_list == ["civic tech", "open data"]
    assert config.review and config.post_timezone == "America/Halifax"


def test_a_private_event_is_not_announced(make_group, make_event, make_channel, fake_mastodon, day):
    from wagtail.models import PageViewRestriction

    group = make_group()
    make_channel("mastodon", group=group, base_url=fake_mastodon.url, announce_new_events=True)
    event = make_event(group=group, publish=False, **day(4))
    PageViewRestriction.objects.create(page=event, restriction_type="password", password="members-only")
    event.save_revision().publish()
    assert Post.objects.count() == 0
    assert fake_mastodon.statuses == []
