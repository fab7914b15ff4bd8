"""#CivicTechTuesday in French: a channel has a language, and a French channel's week is written in French
(days, times, count, titles, links to the French pages) within every network's length rules; a bilingual
network runs one channel per language, each posting once a week."""

import datetime
import re

import pytest
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from social.models import Channel, Post, PostStatus
from social.services.compose import compose_for_channel
from social.text import LIMITS, measure
from tests.social import conftest as social

# The social tests' fixtures (channels, the local Mastodon, Bluesky and X fakes, the test week).
day, week, make_channel, make_post = social.day, social.week, social.make_channel, social.make_post
fake_mastodon, fake_bluesky, fake_x = social.fake_mastodon, social.fake_bluesky, social.fake_x

FRENCH_DAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
FRENCH_MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def french_day(date):
    number = "1er" if date.day == 1 else str(date.day)  # le 1er du mois
    return f"{FRENCH_DAYS[date.weekday()]} {number} {FRENCH_MONTHS[date.month - 1]}"


def french_page(page, date=None):
    with translation.override("fr"):
        url = settings.SITE_URL + page.get_url_parts()[2]
    return url + (f"?date={date:%Y-%m-%d}" if date else "")


@pytest.fixture
def ottawa_week(make_group, make_event, day, week):
    group = make_group(title="Civic Tech Ottawa", title_fr="Civic Tech Ottawa")
    hacknight = make_event(
        title="Weekly hacknight",
        title_fr="Soirée de hacking hebdomadaire",
        kind="hacknight",
        repeat="weekly",
        group=group,
        **day(1),
    )
    meetup = make_event(title="Open data meetup", kind="meetup", group=group, **day(2, 19, 0))
    return {"group": group, "hacknight": hacknight, "meetup": meetup}


def test_a_french_channel_writes_the_week_in_french(ottawa_week, make_channel, week):
    channel = make_channel("mastodon", language="fr")
    (text,) = compose_for_channel(channel, week)
    lines = text.splitlines()
    assert lines[0] == "#CivicTechTuesday"
    assert re.fullmatch(r"2 événements civic tech cette semaine\s?:", lines[1]), lines[1]
    tuesday, wednesday = (week.monday + datetime.timedelta(days=n) for n in (1, 2))
    assert re.match(rf"{re.escape(french_day(tuesday))}, 18 h 30 H[NA]E · ", lines[2]), lines[2]
    assert " · Civic Tech Ottawa · Soirée de hacking hebdomadaire " in lines[2]
    assert lines[2].endswith(" " + french_page(ottawa_week["hacknight"], tuesday))
    # Written in English only: its English title, in a French line; a whole hour is '19 h'.
    assert re.match(rf"{re.escape(french_day(wednesday))}, 19 h H[NA]E · ", lines[3]), lines[3]
    assert " · Civic Tech Ottawa · Open data meetup " in lines[3]
    assert lines[3].endswith(" " + french_page(ottawa_week["meetup"]))
    if is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]:
        assert "/fr/" in lines[2] and "/fr/" in lines[3]


def test_one_event_takes_the_singular(make_event, make_channel, day, week):
    make_event(title="Hack night", title_fr="Soirée de hacking", kind="hacknight", **day(3))
    (text,) = compose_for_channel(make_channel("x", language="fr"), week)
    assert re.search(r"^1 événement civic tech cette semaine\s?:$", text, re.MULTILINE), text


def test_an_english_channel_is_unchanged(ottawa_week, make_channel, week):
    (text,) = compose_for_channel(make_channel("mastodon"), week)
    assert "2 civic tech events this week:" in text
    assert " · Civic Tech Ottawa · Weekly hacknight " in text and "Soirée" not in text
    assert "p.m. E" in text and "/fr/" not in text


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_a_busy_french_week_fits_every_network(make_event, make_group, make_channel, day, week, network):
    group = make_group(title="Communauté des technologies civiques de Montréal")
    for n in range(16):
        make_event(
            title=f"Long English title number {n} for a civic hack night",
            title_fr=f"Soirée de piratage civique numéro {n} : données ouvertes, accessibilité et transport",
            kind="hacknight",
            group=group,
            **day(1 + n % 7, 10 + n % 10),
        )
    channel = make_channel(network, language="fr")
    parts = compose_for_channel(channel, week)
    assert len(parts) > 1
    assert parts[0].startswith("#CivicTechTuesday\n16 événements civic tech cette semaine")
    for part in parts:
        assert measure(network, part) <= LIMITS[network] == channel.limit
    lines = [line for part in parts for line in part.splitlines()][2:]
    assert len(lines) == 16 and all(" h " in line or " h" in line for line in lines)
    assert all("Soirée de piratage civique" in line for line in lines)


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command("post_civictechtuesday", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_bilingual_network_posts_once_per_language_channel(ottawa_week, make_channel, fake_mastodon, week):
    english = make_channel("mastodon", name="Civic Tech Canada", base_url=fake_mastodon.url)
    french = make_channel("mastodon", name="Technologies civiques Canada", base_url=fake_mastodon.url, language="fr")
    _run("--week", str(week))
    _run("--week", str(week))  # safe to run twice
    posts = {post.channel_id: post for post in Post.objects.filter(key=str(week))}
    assert set(posts) == {english.pk, french.pk}
    assert all(post.status == PostStatus.POSTED for post in posts.values())
    sent = [status["text"] for status in fake_mastodon.statuses]
    assert sent == posts[english.pk].parts + posts[french.pk].parts or sent == (
        posts[french.pk].parts + posts[english.pk].parts
    )
    assert "2 civic tech events this week" in posts[english.pk].parts[0]
    assert "2 événements civic tech cette semaine" in posts[french.pk].parts[0]


def test_channel_language_is_editable_in_the_admin(site_tree, make_user, make_channel, client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    channel = make_channel("mastodon", name="Technologies civiques")
    url = reverse("wagtailsnippets_social_channel:edit", args=[channel.pk])
    page = client.get(url).content.decode()
    assert 'name="language"' in page and 'value="fr"' in page
    data = {
        "network": "mastodon",
        "name": "Technologies civiques",
        "base_url": "https://mastodon.example",
        "env_access_token": "CONVENE_MASTODON_TOKEN",
        "enabled": "on",
        "language": "fr",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Channel.objects.get(pk=channel.pk).language == "fr"
    response = client.post(url, {**data, "language": "de"})
    assert response.status_code == 200 and Channel.objects.get(pk=channel.pk).language == "fr"


def test_review_pages_show_the_posts_language(site_tree, make_user, make_channel, make_post, client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    post = make_post(make_channel("mastodon", language="fr"), ["#CivicTechTuesday\n1 événement"], PostStatus.DRAFT)
    edit = client.get(reverse("wagtailsnippets_social_post:edit", args=[post.pk])).content.decode()
    assert 'lang="fr"' in edit and "French" in edit
    listing = client.get(reverse("wagtailsnippets_social_post:list")).content.decode()
    assert "French" in listing
    inspect = client.get(reverse("wagtailsnippets_social_post:inspect", args=[post.pk])).content.decode()
    assert '<span lang="fr">' in inspect
