"""Lengths as each network counts them: a part we call short enough must be accepted by the network."""

from social.text import bluesky_length, bluesky_render, mastodon_length, x_weighted_length

LONG_URL = "https://events.example.org/events/weekly-civic-tech-hacknight-toronto/?date=2026-12-01"


def test_x_counts_any_url_as_23():
    assert x_weighted_length(LONG_URL) == 23
    assert x_weighted_length("https://a.io") == 23
    assert x_weighted_length(f"Join us {LONG_URL} tonight") == len("Join us ") + 23 + len(" tonight")


def test_x_counts_trailing_punctuation_outside_the_url():
    assert x_weighted_length(f"({LONG_URL}).") == 2 + 23 + 1


def test_x_counts_emoji_as_two_whatever_their_code_points():
    assert x_weighted_length("🎉") == 2
    assert x_weighted_length("👩‍💻") == 2  # woman + ZWJ + laptop
    assert x_weighted_length("👨‍👩‍👧‍👦") == 2
    assert x_weighted_length("🇨🇦") == 2  # a flag is two regional indicators
    assert x_weighted_length("1️⃣") == 2  # keycap
    assert x_weighted_length("👍🏽") == 2  # with a skin tone
    assert x_weighted_length("Hack 🎉 night") == 4 + 1 + 2 + 1 + 5


def test_x_counts_cjk_as_two_and_latin_as_one():
    assert x_weighted_length("市民科技") == 8
    assert x_weighted_length("Montréal") == 8
    assert x_weighted_length("Montre\u0301al") == 8  # decomposed é is normalised first
    assert x_weighted_length("— “quoted”") == 10  # dashes and quotes count 1
    assert x_weighted_length("…") == 2  # the ellipsis is outside the light ranges


def test_x_counts_bare_domains_as_links_never_less_than_x_does():
    assert x_weighted_length("Join Code.org today") == len("Join ") + 23 + len(" today")
    assert x_weighted_length("mail me: a@b.com") == len("mail me: a@b.com")


def test_mastodon_counts_graphemes_and_urls_as_23():
    assert mastodon_length(LONG_URL) == 23
    assert mastodon_length("👨‍👩‍👧‍👦 市民") == 4
    assert mastodon_length("Code.org") == 8  # Mastodon links only URLs with a scheme


def test_bluesky_shows_short_links_and_carries_them_as_byte_facets():
    text = f"🎉 Montréal hacknight {LONG_URL} and https://a.io/x"
    shown, facets = bluesky_render(text)
    assert LONG_URL not in shown
    assert [f.uri for f in facets] == [LONG_URL, "https://a.io/x"]
    encoded = shown.encode("utf-8")
    assert encoded[facets[0].byte_start : facets[0].byte_end].decode() == "events.example.org/events/wee…"
    assert encoded[facets[1].byte_start : facets[1].byte_end].decode() == "a.io/x"
    assert bluesky_length(text) == len(shown)  # here every grapheme is one code point
    assert bluesky_length("👨‍👩‍👧‍👦") == 1
