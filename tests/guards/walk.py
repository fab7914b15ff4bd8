"""Every URL pattern the resolver knows, as paths with their parameters filled in."""

import re
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
PROJECT_APPS = ("events", "teams", "social", "cms", "accounts", "privacy", "guards", "convene")


@dataclass
class Pattern:
    route: str  # readable, e.g. "hack/<id:event_id>/teams/<id:team_id>/"
    pieces: list  # literal text and ("param", name, kind) in order
    entry: URLPattern
    language: str = ""  # "" outside i18n_patterns; else the language whose prefix the path carries

    @property
    def base_route(self):
        """The route without its language prefix (what SKIP and the known-bug lists name)."""
        prefix = f"{self.language}/"
        return self.route.removeprefix(prefix) if self.language else self.route

    @property
    def params(self):
        return [p for p in self.pieces if isinstance(p, tuple)]

    @property
    def is_project(self):
        module = getattr(self.entry.callback, "__module__", "") or ""
        return module.startswith(PROJECT_APPS)

    def path(self, values):
        out = []
        for piece in self.pieces:
            out.append(values[piece[1]] if isinstance(piece, tuple) else piece)
        return "/" + "".join(str(v) for v in out)

    def matches(self, path):
        try:
            # Resolving a /fr/ path needs French active (the prefix is the active language's).
            with translation.override(self.language or settings.LANGUAGE_CODE):
                match = resolve(path.split("?")[0])
        except (Resolver404, ValueError):
            return False
        return match.func is self.entry.callback


def _regex_pieces(regex, index):
    """Literal text and groups of a URL regex; None when it holds repetition outside a group."""
    text = regex.lstrip("^").removesuffix("\\Z").removesuffix("$")
    pieces, literal, i = [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            literal += text[i + 1]
            i += 2
        elif ch == "(":
            depth, j = 1, i + 1
            while depth and j < len(text):
                depth += {"(": 1, ")": -1}.get(text[j], 0) if text[j - 1] != "\\" else 0
                j += 1
            group = text[i:j]
            named = re.match(r"\(\?P<(\w+)>", group)
            if literal:
                pieces.append(literal)
                literal = ""
            pieces.append(("param", named.group(1) if named else f"_{index}_{len(pieces)}", "regex"))
            i = j
        elif ch in "[]*+?{}|.":
            return None
        else:
            literal += ch
            i += 1
    if literal:
        pieces.append(literal)
    return pieces


def patterns():
    """Every URLPattern with its full route, walked through nested includes."""
    found = []

    def walk(resolver, prefix, language=""):
        for entry in resolver.url_patterns:
            pattern = entry.pattern
            if isinstance(pattern, LocalePrefixPattern):
                # i18n_patterns: every page at its English address and under each other language's prefix.
                for code, _name in settings.LANGUAGES:
                    unprefixed = code == settings.LANGUAGE_CODE and not pattern.prefix_default_language
                    lead = [] if unprefixed else [f"{code}/"]
                    walk(entry, prefix + lead, code)
                continue
            if isinstance(pattern, RoutePattern):
                pieces, last = [], 0
                route = str(pattern)
                for m in ROUTE_PARAM.finditer(route):
                    if m.start() > last:
                        pieces.append(route[last : m.start()])
                    pieces.append(("param", m["name"], m["converter"] or "str"))
                    last = m.end()
                if last < len(route):
                    pieces.append(route[last:])
            elif isinstance(pattern, RegexPattern):
                pieces = _regex_pieces(pattern._regex, len(found))
                if pieces is None:
                    continue
            else:
                continue
            if isinstance(entry, URLResolver):
                walk(entry, prefix + pieces, language)
            elif isinstance(entry, URLPattern):
                full = prefix + pieces
                readable = "".join(p if isinstance(p, str) else f"<{p[2]}:{p[1]}>" for p in full)
                found.append(Pattern(readable, full, entry, language))

    walk(get_resolver(), [])
    return found


def query_names():
    """Names that views read from request.GET / request.POST, in our code and the libraries it uses."""
    pattern = re.compile(
        r"""(?:GET|POST)(?:\.get|\.getlist|\.pop)\(\s*["']([^"']+)["']|(?:GET|POST)\[\s*["']([^"']+)["']"""
    )
    roots = [Path(settings.BASE_DIR) / app for app in PROJECT_APPS]
    site = Path(django.__file__).parent.parent
    roots += [site / "wagtail", site / "allauth", site / "django" / "contrib"]
    names = set()
    for root in roots:
        for file in root.rglob("*.py"):
            if "tests" in file.parts or "migrations" in file.parts:
                continue
            for m in pattern.finditer(file.read_text(errors="ignore")):
                names.add(m.group(1) or m.group(2))
    names |= {"p", "q", "page", "next", "ordering", "date", "kind", "group", "city", "tag", "when", "status"}
    return sorted(n for n in names if n.isprintable() and n != "csrfmiddlewaretoken")
