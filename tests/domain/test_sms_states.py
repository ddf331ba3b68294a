"""An SMS's states: callbacks only move forward, final states stay, quiet hours defer."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from outreach_app.domain.sms_states import (
    FINAL,
    PROVIDER_STATUS,
    InboundKind,
    QuietHours,
    SmsStatus,
    classify_inbound,
    status_after_callback,
)

CPH = ZoneInfo("Europe/Copenhagen")
TWILIO_STATUSES = sorted(PROVIDER_STATUS) + ["receiving", "nonsense"]


def replay(start: SmsStatus, callbacks) -> SmsStatus:
    status = start
    for callback in callbacks:
        status = status_after_callback(status, callback) or status
    return status


@given(st.lists(st.sampled_from(TWILIO_STATUSES), max_size=12))
def test_a_final_state_is_never_left(callbacks):
    for final in FINAL:
        assert replay(final, callbacks) == final


@given(st.lists(st.sampled_from(TWILIO_STATUSES), min_size=1, max_size=12))
def test_order_of_callbacks_does_not_matter_once_a_final_one_arrived(callbacks):
    callbacks = [*callbacks, "delivered"]
    finals = [c for c in callbacks if PROVIDER_STATUS.get(c) in FINAL]
    result = replay(SmsStatus.ACCEPTED, callbacks)
    assert result == PROVIDER_STATUS[finals[0]]


def test_late_sent_after_delivered_changes_nothing():
    assert status_after_callback(SmsStatus.DELIVERED, "sent") is None


def test_a_callback_settles_an_unknown_message():
    assert status_after_callback(SmsStatus.UNKNOWN, "sent") == SmsStatus.SENT
    assert status_after_callback(SmsStatus.SENDING, "queued") == SmsStatus.ACCEPTED


def test_no_receipt_still_takes_a_late_final_receipt():
    assert status_after_callback(SmsStatus.NO_RECEIPT, "delivered") == SmsStatus.DELIVERED
    assert status_after_callback(SmsStatus.NO_RECEIPT, "sent") is None


def test_opt_out_and_opt_in_words():
    for body in ("STOP", " stop ", "Stop.", "AFMELD", "afmeld", "  Afmeld  "):
        assert classify_inbound(body) == InboundKind.OPT_OUT, body
    assert classify_inbound("start") == InboundKind.OPT_IN
    for body in ("stop det", "Jeg vil gerne afmelde mødet", "", "STOPPE"):
        assert classify_inbound(body) == InboundKind.REPLY, body


def test_quiet_hours_defer_to_the_morning_not_drop():
    quiet = QuietHours.parse("20:00-08:00")
    evening = datetime(2026, 3, 28, 22, 15, tzinfo=CPH)
    assert quiet.next_allowed(evening) == datetime(2026, 3, 29, 8, 0, tzinfo=CPH)
    early = datetime(2026, 3, 29, 6, 0, tzinfo=CPH)  # the night summer time begins
    assert quiet.next_allowed(early) == datetime(2026, 3, 29, 8, 0, tzinfo=CPH)
    noon = datetime(2026, 3, 29, 12, 0, tzinfo=CPH)
    assert quiet.next_allowed(noon) == noon
    assert quiet.next_start(noon) == datetime(2026, 3, 29, 20, 0, tzinfo=CPH)


def test_quiet_hours_can_be_switched_off_or_lie_within_a_day():
    assert not QuietHours.parse("").is_quiet(datetime(2026, 1, 1, 3, 0, tzinfo=CPH))
    lunch = QuietHours.parse("12:00-13:00")
    assert lunch.is_quiet(datetime(2026, 1, 1, 12, 30, tzinfo=CPH))
    assert not lunch.is_quiet(datetime(2026, 1, 1, 13, 0, tzinfo=CPH))
