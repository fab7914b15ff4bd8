from tests.events.conftest import seated_event  # noqa: F401 (events with seats and ticket types)
