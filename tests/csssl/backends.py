"""An email backend whose mail server can be told to fail, for outbox tests."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    #: exceptions raised by the next sends, one per send; empty means deliver
    failures: list[BaseException] = []

    def send_messages(self, messages):
        if FlakyBackend.failures:
            raise FlakyBackend.failures.pop(0)
        return super().send_messages(messages)


def temporary() -> smtplib.SMTPResponseException:
    return smtplib.SMTPResponseException(451, b"4.3.0 Try again later")


def permanent() -> smtplib.SMTPResponseException:
    return smtplib.SMTPResponseException(550, b"5.1.1 No such mailbox")
