"""The admins' delete doors for accounts, all leading to the erasure service (never a hard delete)."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .services.erasure import ErasureError, erase_account


def erase_from_admin(request, users):
    """Erase each account on behalf of `request.user`; tell them what happened. Returns how many."""
    erased = 0
    for user in users:
        label = str(user)
        try:
            erase_account(user, actor=request.user)
        except ErasureError as error:
            messages.error(request, f"{label}: {error}")
            continue
        erased += 1
    if erased:
        messages.success(
            request,
            ngettext(
                "%(count)d account erased: future registrations cancelled (seats freed, refunds per each "
                "event's policy), teams handed on; payments, audit rows, scores and votes kept under a pseudonym.",
                "%(count)d accounts erased: future registrations cancelled (seats freed, refunds per each "
                "event's policy), teams handed on; payments, audit rows, scores and votes kept under a pseudonym.",
                erased,
            )
            % {"count": erased},
        )
    return erased


ADMIN_EXPLANATION = _(
    "Deleting an account erases the person: their profile, email addresses and answers are removed, future "
    "registrations are cancelled (seats go to the waitlist, paid tickets are refunded per the event's "
    "policy), team captaincy passes to another member. Payments, audit rows, judge scores and votes are "
    "kept under a pseudonym so the accounts and results still add up."
)
