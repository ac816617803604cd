"""`python -m innozone finance stats | claims-due`."""

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command

from innozone.finance.models import Claim, Loan


def run(*args) -> str:
    out = StringIO()
    call_command("finance", *args, stdout=out)
    return out.getvalue()


def test_stats_as_json_and_table(busy_fin):
    data = json.loads(run("stats", "--format", "json"))
    assert data["total"]["loans"] == Loan.objects.count()
    assert {r["name"] for r in data["by_city"]} >= {"兰州市", "白银市"}
    assert "兰州银行科技支行（演示）" in run("stats")
    year = Loan.objects.order_by("starts_on").first().starts_on.year
    assert json.loads(run("stats", "--year", str(year), "--format", "json"))["year"] == year


def test_claims_due_lists_the_open_claims_by_their_clock(busy_fin):
    pending = Claim.objects.get(status="filed")
    assert pending.check_due > pending.filed_on  # filed by the demo today: its clock has days to run
    assert json.loads(run("claims-due", "--format", "json")) == []
    rows = json.loads(run("claims-due", "--within", "60", "--format", "json"))
    assert [r["claim"] for r in rows] == [pending.pk] and rows[0]["stage"] == "check"
    Claim.objects.filter(pk=pending.pk).update(check_due=dt.date(2020, 1, 1))
    rows = json.loads(run("claims-due", "--format", "json"))
    assert rows[0]["overdue"] is True and "OVERDUE" in run("claims-due")
