"""What each app holds about a person: its exporter, its eraser, and its entries for the privacy page.

Apps above `privacy` (events, teams, social) register a `DataSource` from their AppConfig.ready();
`privacy` itself never imports them, so dependencies keep pointing one way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class Collected:
    """One kind of personal data, as the privacy page describes it."""

    what: str | Promise
    fields: tuple = ()
    purpose: str | Promise = ""
    who_sees: str | Promise = ""
    kept: str | Promise = ""


@dataclass(frozen=True)
class DataSource:
    """`export(user)` returns a JSON-ready dict (the app's section of the download).
    `erase(erasure)` removes or pseudonymises the app's personal data inside the erasure's transaction;
    it runs in `order` (low first) and before the account itself is anonymised, so `erasure.user` still
    has its name and email."""

    key: str
    label: str | Promise
    export: Callable | None = None
    erase: Callable | None = None
    order: int = 100
    collected: tuple = field(default_factory=tuple)
    # Documentation of the export section: field name -> meaning (shown on the privacy page).
    export_fields: dict = field(default_factory=dict)
    # `preview(user)` -> sentences saying what erasing this account would do here (the confirmation step).
    preview: Callable | None = None


_sources: dict[str, DataSource] = {}


def register(source):
    """Register (or replace, on reload) the app's data source."""
    _sources[source.key] = source
    return source


def sources():
    return sorted(_sources.values(), key=lambda s: (s.order, s.key))
