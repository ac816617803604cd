"""The daily command closes the calls past their closing time (and runs the reminders)."""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from innozone.funds.models import Call


def test_daily_closes_calls_past_their_closing_time(funds_world, capsys):
    call = Call.objects.filter(stage=Call.Stage.OPEN).first()
    assert call is not None
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=10), closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    call_command("funds", "daily")
    call.refresh_from_db()
    assert call.stage == Call.Stage.CLOSED
    assert "closed 1 calls" in capsys.readouterr().out
