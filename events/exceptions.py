class EventsError(Exception):
    """A rule of the events domain refused an action; the message is safe to show the user."""
