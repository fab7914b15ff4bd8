"""The shape of a Stripe event, checked before anything acts on it.

A correctly signed delivery can still hold something the handlers do not expect (an array, no
`data`, metadata that is a string, an id with a NUL): those are answered 400 and change nothing.
Only the fields the handlers read are checked; Stripe adds fields freely.
"""

from ..exceptions import InvalidWebhook

MAX_ID_LENGTH = 255


def _text(value, name, *, required=False, max_length=MAX_ID_LENGTH):
    if value is None and not required:
        return
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise InvalidWebhook(f"{name} is not an identifier")
    if not value.isascii() or not value.isprintable():
        raise InvalidWebhook(f"{name} holds characters an identifier cannot")


def checked_event(event):
    """Return `event` (a dict decoded from JSON) if its shape is the one handlers rely on."""
    if not isinstance(event, dict):
        raise InvalidWebhook("the event is not an object")
    _text(event.get("id"), "id", required=True)
    _text(event.get("type"), "type", required=True, max_length=100)
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise InvalidWebhook("the event has no data object")
    obj = data["object"]
    _text(obj.get("id"), "data.object.id")
    _text(obj.get("payment_intent"), "data.object.payment_intent")
    if obj.get("payment_status") is not None and not isinstance(obj["payment_status"], str):
        raise InvalidWebhook("data.object.payment_status is not text")
    if obj.get("refunded") is not None and not isinstance(obj["refunded"], bool):
        raise InvalidWebhook("data.object.refunded is not true or false")
    metadata = obj.get("metadata")
    if metadata is not None and (
        not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values())
    ):
        raise InvalidWebhook("data.object.metadata is not a set of texts")
    return event
