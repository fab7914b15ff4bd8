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
