"""What participants and coordinators type about events has a limit, kept on the server."""

import pytest
from django.test import Client

from events import messaging, services
from events.models import AttendanceRecord, CoordinatorMessage
from tests.factories import ParticipantFactory, coordinator
from tests.pages import field_html

from .factories import EventFactory

pytestmark = pytest.mark.django_db

REASON_LENGTH = 2000


@pytest.fixture
def participant():
    return ParticipantFactory()


def too_long(limit: int) -> str:
    text = ("The inspection falls that week " * (limit // 30 + 2))[: limit + 1]
    assert len(text) == limit + 1
    return text


def test_apology_over_the_limit_comes_back_beside_the_field_and_sends_nothing(participant):
    event = EventFactory(cohort=participant.cohort)
    client = Client()
    client.force_login(participant.user)
    reason = too_long(REASON_LENGTH)
    response = client.post(f"/me/events/{event.pk}/apology/", {"reason": reason})
    assert response.status_code == 200
    beside = field_html(response.content.decode(), "reason")
    assert f"Use 2,000 characters or fewer: this has {REASON_LENGTH + 1:,}." in beside
    assert reason in beside
    assert f'maxlength="{REASON_LENGTH}"' in beside
    assert "Up to 2,000 characters." in beside
    assert not event.apologies.exists()


def test_apology_service_refuses_a_reason_too_long(participant):
    event = EventFactory(cohort=participant.cohort)
    with pytest.raises(services.EventError, match="Use 2,000 characters or fewer"):
        services.apology_send(participant=participant, event=event, reason=too_long(REASON_LENGTH))
    assert not event.apologies.exists()


def test_attendance_note_service_refuses_a_note_too_long(participant):
    event = EventFactory(cohort=participant.cohort)
    by = coordinator()
    on_the_day = event.starts_at
    services.attendance_mark(
        event=event, participant=participant, status="present", by=by, now=on_the_day
    )
    limit = AttendanceRecord._meta.get_field("note").max_length
    with pytest.raises(services.EventError, match=f"Use {limit} characters or fewer"):
        services.attendance_note(
            event=event, participant=participant, note=too_long(limit), by=by, now=on_the_day
        )
    assert event.attendance.get().note == ""


def test_coordinator_message_body_limit_is_the_models(participant):
    body_limit = CoordinatorMessage._meta.get_field("body").max_length
    assert messaging.BODY_LENGTH == body_limit == 10_000
    with pytest.raises(services.EventError, match="Keep the message to 10,000 characters"):
        messaging.message_send(
            cohort=participant.cohort,
            recipients=[participant],
            subject="Event 2",
            body=too_long(body_limit),
            by=coordinator(),
        )
    assert not CoordinatorMessage.objects.exists()
