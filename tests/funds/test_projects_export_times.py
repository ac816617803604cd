"""The tranche workbook writes the request time in Asia/Shanghai, as the pages show it."""

import datetime as dt
from io import BytesIO

from openpyxl import load_workbook

from innozone.funds.exports.projects import tranches_workbook
from innozone.funds.models import Tranche


def test_tranche_request_time_is_shanghai_time(busy_funds):
    tranche = Tranche.objects.select_related("project__organization").first()
    utc = dt.datetime(2026, 3, 1, 20, 30, tzinfo=dt.UTC)  # 04:30 the next morning in Shanghai
    Tranche.objects.filter(pk=tranche.pk).update(requested_at=utc)
    rows = Tranche.objects.filter(pk=tranche.pk).select_related("project__organization")
    sheet = load_workbook(BytesIO(tranches_workbook(rows))).active
    assert "2026-03-02 04:30" in [c.value for c in sheet[2]]
