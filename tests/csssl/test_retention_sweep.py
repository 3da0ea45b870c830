"""The retention schedule carried out: every category with a period has a step, each step is
logged with its count, a failing step does not stop the others, and sent emails lose their
text on time."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.test import override_settings

from csssl import outbox, retention
from csssl.models import OutboxAttachment, OutboxMessage

pytestmark = pytest.mark.django_db


def test_every_category_removed_in_time_has_a_step():
    kept_for_good = {c.key for c in retention.SCHEDULE if c.default_months is None}
    # Certificates are kept for good.
    without_step = {c.key for c in retention.SCHEDULE} - set(retention.registered())
    assert without_step <= kept_for_good


def test_unknown_category_cannot_be_registered():
    with pytest.raises(KeyError, match="not a category"):
        retention.register("shoe_sizes")


@pytest.mark.parametrize(
    ("now", "months", "expected"),
    [
        (datetime(2026, 3, 31, 2, tzinfo=UTC), 1, datetime(2026, 2, 28, 2, tzinfo=UTC)),
        (datetime(2026, 1, 15, 2, tzinfo=UTC), 12, datetime(2025, 1, 15, 2, tzinfo=UTC)),
        (datetime(2026, 1, 15, 2, tzinfo=UTC), 0, datetime(2026, 1, 15, 2, tzinfo=UTC)),
        (datetime(2024, 2, 29, 2, tzinfo=UTC), 12, datetime(2023, 2, 28, 2, tzinfo=UTC)),
    ],
)
def test_cutoff_counts_calendar_months(now, months, expected):
    assert retention.cutoff(months=months, now=now) == expected


def sent(when: datetime, **kwargs) -> OutboxMessage:
    message = OutboxMessage.objects.create(
        kind="offer",
        object_ref=f"applications.offer:{when:%j}",
        recipient="lead@example.org",
        subject="Your place",
        body_text="Dear Lead, your place is confirmed.",
        body_html="<p>Dear Lead</p>",
        state=OutboxMessage.State.SENT,
        sent_at=when,
        **kwargs,
    )
    OutboxAttachment.objects.create(
        message=message, filename="invoice.pdf", mimetype="application/pdf", content=b"%PDF"
    )
    return message


def test_sent_email_text_is_cleared_after_six_months_and_who_when_and_what_kind_stay(caplog):
    old = sent(datetime(2025, 5, 1, 9, tzinfo=UTC))
    recent = sent(datetime(2025, 9, 1, 9, tzinfo=UTC))
    queued = OutboxMessage.objects.create(
        kind="offer", object_ref="x:1", recipient="a@example.org", subject="S", body_text="Hi"
    )

    with caplog.at_level(logging.INFO, logger="csssl.retention"):
        done = retention.retention_sweep(now=datetime(2025, 11, 15, 2, 30, tzinfo=UTC))

    assert done["sent_email_bodies.sent_bodies_clear"] == 1
    old.refresh_from_db()
    assert (old.body_text, old.body_html) == (outbox.BODY_CLEARED, "")
    assert (old.recipient, old.subject, old.kind) == ("lead@example.org", "Your place", "offer")
    assert not OutboxAttachment.objects.filter(message=old).exists()
    recent.refresh_from_db()
    queued.refresh_from_db()
    assert recent.body_text.startswith("Dear Lead")
    assert queued.body_text == "Hi"
    assert "Retention step sent_email_bodies.sent_bodies_clear removed 1" in caplog.text
    again = retention.retention_sweep(now=datetime(2025, 11, 16, 2, 30, tzinfo=UTC))
    assert again["sent_email_bodies.sent_bodies_clear"] == 0


@override_settings(RETENTION={**settings.RETENTION, "sent_email_bodies": None})
def test_a_category_kept_for_good_is_left_alone():
    old = sent(datetime(2020, 5, 1, 9, tzinfo=UTC))

    done = retention.retention_sweep(now=datetime(2025, 11, 15, 2, 30, tzinfo=UTC))

    assert "sent_email_bodies.sent_bodies_clear" not in done
    old.refresh_from_db()
    assert old.body_text.startswith("Dear Lead")


def test_a_failing_step_is_logged_and_the_others_still_run(caplog, monkeypatch):
    def broken(*, months, now):
        raise RuntimeError("disk full")

    monkeypatch.setitem(retention._steps, "invoices", [broken])
    old = sent(datetime(2025, 1, 1, 9, tzinfo=UTC))

    with caplog.at_level(logging.INFO, logger="csssl.retention"):
        done = retention.retention_sweep(now=datetime(2025, 11, 15, 2, 30, tzinfo=UTC))

    assert done["invoices.broken"] == -1
    assert "Retention step invoices.broken failed" in caplog.text
    old.refresh_from_db()
    assert old.body_text == outbox.BODY_CLEARED


def test_beat_runs_the_retention_sweep_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["retention-sweep"]
    assert entry["task"] == "csssl.retention_sweep"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {30})
