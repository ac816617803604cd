"""The office's pages: every demo voucher's proof verifies, the Excel exports add up, the voucher list's
query count does not grow with its rows, and malformed or unknown ids are not server errors."""

import datetime as dt
import json
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from innozone.core.models import User
from innozone.vouchers.models import (
    Redemption,
    SettlementBatch,
    Voucher,
)
from tests.vouchers.pages import (
    ENTERPRISES,
    login_as,
    open_workbook,
    sheet_rows,
    verify_proof,
)

# ---------------------------------------------------------------- proofs and exports


def test_every_demo_vouchers_proof_verifies(client, busy_people):
    login_as(client, busy_people["auditor"])
    for voucher in Voucher.objects.all():
        response = client.get(reverse("vouchers:proof", args=[voucher.pk]))
        payloads = verify_proof(json.loads(response.content), voucher)
        assert payloads[0]["kind"] == "voucher.issue"
        state = payloads[-1]["data"]["state"]
        assert (state["status"], Decimal(state["redeemed"]), Decimal(state["released"])) == (
            voucher.status,
            voucher.redeemed,
            voucher.released,
        )


def test_office_vouchers_export_lists_every_voucher_and_honours_the_filter(client, busy_people):
    login_as(client, busy_people["office"])
    book = open_workbook(client.get(reverse("vouchers:office_vouchers"), {"format": "xlsx"}))
    rows = sheet_rows(book.active)
    assert rows[0][0] == "券号"
    by_number = {r[0]: r for r in rows[1:]}
    vouchers = {v.number: v for v in Voucher.objects.select_related("enterprise")}
    assert set(by_number) == set(vouchers)
    for number, v in vouchers.items():
        row = by_number[number]
        assert row[2] == v.enterprise.name
        assert [Decimal(str(x)) for x in row[3:7]] == [v.amount, v.redeemed, v.reserved, v.released]
        assert row[7] == v.get_status_display()
        assert row[9] == v.expires_on.isoformat()
    cancelled = sheet_rows(
        open_workbook(client.get(reverse("vouchers:office_vouchers"), {"format": "xlsx", "status": "cancelled"})).active
    )
    assert {r[0] for r in cancelled[1:]} == {v.number for v in vouchers.values() if v.status == "cancelled"}


def test_dashboard_export_adds_up_to_the_vouchers_and_redemptions(client, busy_scheme, busy_people):
    login_as(client, busy_people["leader"])
    book = open_workbook(client.get(reverse("vouchers:office"), {"scheme": busy_scheme.pk, "format": "xlsx"}))
    assert book.sheetnames == ["预算执行", "按类别", "按城市", "服务机构排名"]
    burn = sheet_rows(book["预算执行"])
    assert burn[0] == ("月份", "累计发放（元）", "累计兑付（元）", "预算余额（元）")
    months = [r[0] for r in burn[1:]]
    assert months == sorted(months) and months
    issued = Voucher.objects.filter(scheme=busy_scheme).aggregate(s=Sum("amount"))["s"]
    claimed = (
        Redemption.objects.filter(voucher__scheme=busy_scheme)
        .exclude(status=Redemption.Status.REFUSED)
        .aggregate(s=Sum("amount"))["s"]
    )
    last = burn[-1]
    assert Decimal(str(last[1])) == issued
    assert Decimal(str(last[2])) == claimed
    assert Decimal(str(last[3])) == busy_scheme.budget - claimed
    top = sheet_rows(book["服务机构排名"])[1:]
    assert sum(Decimal(str(r[1])) for r in top) == claimed
    assert sum(r[2] for r in top) == Redemption.objects.exclude(status=Redemption.Status.REFUSED).count()
    cities = sheet_rows(book["按城市"])[1:]
    assert sum(Decimal(str(r[1])) for r in cities) == issued


# ---------------------------------------------------------------- query counts


def _more_vouchers(scheme, n: int):
    """Vouchers of every demo enterprise, so a per-row query would show."""
    enterprises = [u.organization for u in User.objects.filter(username__in=sorted(ENTERPRISES))]
    now = timezone.now()
    for i in range(n):
        Voucher.objects.create(
            number=f"QC{i:05d}",
            scheme=scheme,
            enterprise=enterprises[i % len(enterprises)],
            amount=Decimal("1000"),
            issued_at=now,
            expires_on=timezone.localdate() + dt.timedelta(days=30),
        )


# session, user, unread notices, the user's organization (header), whether it handles one-stop service items
# (the nav's 办件受理 link), COUNT(vouchers), one page of vouchers
OFFICE_VOUCHERS_QUERIES = 7


def test_office_vouchers_list_query_count_does_not_grow_with_rows(
    client, busy_scheme, busy_people, django_assert_max_num_queries
):
    login_as(client, busy_people["office"])
    client.get(reverse("vouchers:office_vouchers"))  # the session's first hit may load extra state
    with django_assert_max_num_queries(OFFICE_VOUCHERS_QUERIES):
        small = client.get(reverse("vouchers:office_vouchers"))
    _more_vouchers(busy_scheme, 40)
    with django_assert_max_num_queries(OFFICE_VOUCHERS_QUERIES):
        big = client.get(reverse("vouchers:office_vouchers"))
    assert len(big.context["page"].object_list) == len(small.context["page"].object_list) + 40
    with django_assert_max_num_queries(OFFICE_VOUCHERS_QUERIES):
        export = client.get(reverse("vouchers:office_vouchers"), {"format": "xlsx"})
    assert len(sheet_rows(open_workbook(export).active)) == Voucher.objects.count() + 1


# ---------------------------------------------------------------- known app bugs (strict: they flip when fixed)


def test_missing_settlement_batch_is_404(client, busy_people):
    login_as(client, busy_people["office"])
    missing = (SettlementBatch.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert client.get(reverse("vouchers:settlement_export", args=[missing])).status_code == 404


def test_a_malformed_scheme_parameter_is_not_a_server_error(client, busy_scheme, busy_people):
    login_as(client, busy_people["office"])
    assert client.get(reverse("vouchers:office"), {"scheme": "abc"}).status_code in (200, 404)
