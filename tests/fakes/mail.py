"""A mail server that refuses some addresses, like a real one bouncing a mailbox that does not exist.

Use as EMAIL_BACKEND = "tests.fakes.mail.RefusingBackend": messages to an address containing
"bounce" raise SMTPRecipientsRefused; the rest land in django.core.mail.outbox like the locmem backend.
"""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.to if "bounce" in address]
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"No such mailbox")))
        return super().send_messages(messages)
