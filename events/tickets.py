"""QR code tickets: the code inside is the registration's ticket code, typed or scanned at the door."""

import segno
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def ticket_qr_svg(registration):
    # A full QR code, never a Micro QR (which segno.make picks for short codes): phone cameras, BarcodeDetector
    # and jsQR read only full ones.
    qr = segno.make_qr(registration.code, error="m")
    title = _("QR code for ticket %(code)s") % {"code": registration.code}
    # segno escapes the title; the code is from our own alphabet.
    return mark_safe(qr.svg_inline(scale=5, title=title, border=2, dark="#000", light="#fff"))  # noqa: S308


def ticket_qr_svg_large(registration):
    """The QR for the full-screen ticket: no fixed size (it fills the screen's width) and a wide
    quiet zone, which cameras need to find the code."""
    qr = segno.make_qr(registration.code, error="m")
    title = _("QR code for ticket %(code)s") % {"code": registration.code}
    return mark_safe(  # noqa: S308 (segno escapes the title; the code is from our own alphabet)
        qr.svg_inline(scale=10, title=title, border=4, dark="#000", light="#fff", omitsize=True)
    )
