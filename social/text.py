"""How each network counts a post, and how a link becomes a Bluesky facet.

- X follows twitter-text 3 (the weighted length of the X API): text is NFC-normalised; a link counts 23
  whatever its length; an emoji (one grapheme cluster with a pictograph, a flag or a keycap) counts 2; any
  other code point counts 1 in the Latin, general-punctuation ranges below and 2 elsewhere (CJK, etc.).
  X also turns bare domains ("code.org") into links; we count those as at least 23, never less than X does.
- Mastodon counts grapheme clusters, with each http(s) link counted as 23.
- Bluesky counts grapheme clusters of the text as shown (at most 300); a link is shown short and carried as
  a facet with UTF-8 byte offsets into the text.
"""

import unicodedata
from dataclasses import dataclass

import regex

X_URL_LENGTH = 23
MASTODON_URL_LENGTH = 23
LIMITS = {"x": 280, "mastodon": 500, "bluesky": 300}
BLUESKY_LINK_DISPLAY = 30

# twitter-text 3 configuration: code points in these ranges weigh 100, others 200 (scale 100).
_X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))

URL_RE = regex.compile(r"https?://[^\s<>\"']+", regex.IGNORECASE)
# A bare domain X would link: labels, a dot, letters; not part of an email, handle or hashtag.
BARE_DOMAIN_RE = regex.compile(
    r"(?<![\w@#/.:-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:/[^\s]*)?(?![\w@])", regex.IGNORECASE
)
_GRAPHEME_RE = regex.compile(r"\X")
_EMOJI_RE = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")
_TRAILING = ".,;:!?)]}'\""


def _trim(url):
    while url and url[-1] in _TRAILING:
        url = url[:-1]
    return url


def find_urls(text):
    """(start, end, url) of each http(s) link, trailing punctuation left out."""
    spans = []
    for match in URL_RE.finditer(text):
        url = _trim(match.group())
        spans.append((match.start(), match.start() + len(url), url))
    return spans


def graphemes(text):
    return _GRAPHEME_RE.findall(text)


def grapheme_length(text):
    return len(graphemes(text))


def _is_emoji(cluster):
    return bool(_EMOJI_RE.search(cluster))


def _code_point_weight(char):
    point = ord(char)
    return 1 if any(low <= point <= high for low, high in _X_LIGHT_RANGES) else 2


def _x_plain_weight(text):
    total = 0
    for cluster in graphemes(text):
        total += 2 if _is_emoji(cluster) else sum(_code_point_weight(c) for c in cluster)
    return total


def x_weighted_length(text):
    text = unicodedata.normalize("NFC", text)
    total, position = 0, 0
    links = [(start, end, X_URL_LENGTH) for start, end, _ in find_urls(text)]
    for match in BARE_DOMAIN_RE.finditer(text):
        start, end = match.start(), match.start() + len(_trim(match.group()))
        if not any(s <= start < e for s, e, _ in links):
            links.append((start, end, max(X_URL_LENGTH, _x_plain_weight(text[start:end]))))
    for start, end, weight in sorted(links):
        total += _x_plain_weight(text[position:start]) + weight
        position = end
    return total + _x_plain_weight(text[position:])


def mastodon_length(text):
    total, position = 0, 0
    for start, end, _ in find_urls(text):
        total += grapheme_length(text[position:start]) + MASTODON_URL_LENGTH
        position = end
    return total + grapheme_length(text[position:])


@dataclass(frozen=True)
class Facet:
    byte_start: int
    byte_end: int
    uri: str


def link_display(url):
    shown = regex.sub(r"^https?://(www\.)?", "", url, flags=regex.IGNORECASE)
    if len(shown) > BLUESKY_LINK_DISPLAY:
        shown = shown[: BLUESKY_LINK_DISPLAY - 1] + "…"
    return shown


def bluesky_render(text):
    """The text as Bluesky shows it (links shortened) and one link facet per URL (UTF-8 byte offsets)."""
    out, facets, position, offset = [], [], 0, 0
    for start, end, url in find_urls(text):
        before = text[position:start]
        shown = link_display(url)
        out.append(before)
        offset += len(before.encode("utf-8"))
        facets.append(Facet(offset, offset + len(shown.encode("utf-8")), url))
        out.append(shown)
        offset += len(shown.encode("utf-8"))
        position = end
    out.append(text[position:])
    return "".join(out), facets


def bluesky_length(text):
    return grapheme_length(bluesky_render(text)[0])


MEASURES = {"x": x_weighted_length, "mastodon": mastodon_length, "bluesky": bluesky_length}


def measure(network, text):
    return MEASURES[network](text)
