"""Market pages, technology contracts (registration, refusal, Excel export) and the instrument-openness
report."""

import datetime as dt
import html
import io
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from innozone.core.models import Organization, Region
from innozone.market.models import Booking, Field, Listing, TechContract, Usage

from .pages import LAB, LONGYUAN, _as, _book, _bookings_action, _in_days, _instrument, _messages


def _contract_data(seller, buyer, **over):
    data = {
        "contract_type": "development",
        "title": "钕铁硼晶界扩散工艺委托开发合同",
        "seller": seller.pk,
        "buyer": buyer.pk,
        "amount": "500000",
        "technology_amount": "420000",
        "signed_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "field": Field.objects.get(name="新材料").pk,
        "region": Region.objects.get(name="城关区").pk,
    }
    return {**data, **over}


def test_the_contract_form_refuses_a_technology_part_above_the_amount_and_one_party_on_both_sides(client, people):
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    _as(client, people["enterprise"])
    response = client.post(reverse("market:contracts"), _contract_data(lab, longyuan, technology_amount="500000.01"))
    assert response.status_code == 200
    assert "技术交易额不能超过合同金额" in str(response.context["form"].errors.get("technology_amount"))
    response = client.post(reverse("market:contracts"), _contract_data(longyuan, longyuan))
    assert response.status_code == 200
    assert "买卖双方不能是同一单位" in str(response.context["form"].errors)
    assert "买卖双方不能是同一单位" in response.content.decode()
    lz = Organization.objects.get(name="兰州大学")
    response = client.post(reverse("market:contracts"), _contract_data(lab, lz))
    assert "只有合同当事方可以申请登记" in str(response.context["form"].errors)
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(reverse("market:contracts"), _contract_data(lab, longyuan, signed_on=future))
    assert "签订日期无效" in str(response.context["form"].errors)
    assert not TechContract.objects.exists()


def test_the_office_registers_a_contract_and_it_gets_a_registration_number(client, busy_people):
    people = busy_people
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    year = (timezone.localdate() - dt.timedelta(days=3)).year
    registered = TechContract.objects.filter(status="registered", signed_on__year=year)
    before_n, before_amount = registered.count(), sum((c.amount for c in registered), Decimal(0))
    numbers_before = set(
        TechContract.objects.exclude(registration_number="").values_list("registration_number", flat=True)
    )

    _as(client, people["enterprise"])
    response = client.post(reverse("market:contracts"), _contract_data(lab, longyuan), follow=True)
    assert "已提交，等待合同对方确认" in _messages(response)
    contract = TechContract.objects.get(title="钕铁硼晶界扩散工艺委托开发合同")
    assert (contract.status, contract.registration_number, contract.submitted_by) == (
        "awaiting",
        "",
        people["enterprise"],
    )
    _as(client, people["provider"]).post(reverse("market:contracts"), {"contract": contract.pk, "action": "confirm"})
    contract.refresh_from_db()
    assert contract.status == "submitted"
    assert (contract.amount, contract.technology_amount) == (Decimal("500000"), Decimal("420000"))

    # the enterprise cannot register it itself
    response = client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "register"})
    assert response.status_code == 403

    _as(client, people["office"])
    assert "到技术合同页面办理" in client.get(reverse("market:review")).content.decode()
    client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "register"})
    contract.refresh_from_db()
    assert contract.status == TechContract.Status.REGISTERED
    number = contract.registration_number
    assert re.fullmatch(r"\d{10,}", number), number
    assert number.startswith(str(contract.signed_on.year))
    assert number not in numbers_before
    assert contract.registered_at is not None

    page = client.get(reverse("market:contracts"), {"year": year})
    assert number in page.content.decode()
    totals = page.context["stats"]["totals"]
    assert totals["n"] == before_n + 1
    assert totals["amount"] == before_amount + Decimal("500000")
    # a registered contract is not registered again
    response = client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "register"}, follow=True)
    assert any("该合同已处理" in m for m in _messages(response))


def test_refusing_to_register_needs_a_note(client, people):
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    _as(client, people["enterprise"]).post(reverse("market:contracts"), _contract_data(lab, longyuan))
    contract = TechContract.objects.get()
    _as(client, people["provider"]).post(reverse("market:contracts"), {"contract": contract.pk, "action": "confirm"})
    _as(client, people["office"])
    response = client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "reject"}, follow=True)
    assert any("不予登记时请填写理由" in m for m in _messages(response))
    contract.refresh_from_db()
    assert contract.status == "submitted"
    client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "reject", "note": "非技术合同"})
    contract.refresh_from_db()
    assert (contract.status, contract.review_note, contract.registration_number) == ("rejected", "非技术合同", "")


def _workbook_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def test_the_contracts_export_opens_with_openpyxl_and_lists_the_years_registered_contracts(client, busy_people):
    people = busy_people
    years = sorted({d.year for d in TechContract.objects.values_list("signed_on", flat=True)})
    _as(client, people["office"])
    for year in years:
        rows = _workbook_rows(client.get(reverse("market:contracts"), {"year": year, "format": "xlsx"}))
        header, body = rows[0], rows[1:]
        assert header[:2] == ("登记号", "合同名称")
        expected = TechContract.objects.filter(signed_on__year=year, status="registered")
        assert sorted(r[1] for r in body) == sorted(expected.values_list("title", flat=True))
        for row in body:
            c = expected.get(title=row[1])
            assert row[0] == (c.registration_number or None)
            assert (row[3], row[4]) == (c.seller.name, c.buyer.name)
            assert Decimal(str(row[5])) == c.amount and Decimal(str(row[6])) == c.technology_amount
            assert row[7] == c.signed_on.isoformat()


def test_an_enterprise_exports_only_its_own_contracts(client, busy_people):
    people = busy_people
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    _as(client, people["enterprise"]).post(reverse("market:contracts"), _contract_data(lab, longyuan))
    year = TechContract.objects.get(title="钕铁硼晶界扩散工艺委托开发合同").signed_on.year
    registered = _workbook_rows(client.get(reverse("market:contracts"), {"year": year, "format": "xlsx"}))
    pending = _workbook_rows(
        client.get(reverse("market:contracts"), {"year": year, "format": "xlsx", "scope": "unregistered"})
    )
    assert "钕铁硼晶界扩散工艺委托开发合同" in [r[1] for r in pending[2:]], "its own contract is listed"
    rows = registered[1:] + pending[2:]
    for row in rows:
        assert LONGYUAN in (row[3], row[4]), row
    own = TechContract.objects.filter(signed_on__year=year).filter(seller=longyuan) | TechContract.objects.filter(
        signed_on__year=year, buyer=longyuan
    )
    assert len(rows) == own.count()


# ---------------------------------------------------------------- openness report


def _openness_rows(body: str) -> dict[str, tuple[str, ...]]:
    table = body.split('id="openness"')[1].split("</table>")[0]
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows[cells[0]] = tuple(cells[1:])
    return rows


def test_openness_report_compares_offered_and_used_hours(client, busy_people):
    people = busy_people
    xrd = _instrument("X射线")
    _book(client, people["enterprise"], xrd, _in_days(9, 9), _in_days(9, 13), purpose="开放共享统计")
    booking = Booking.objects.get(purpose="开放共享统计")
    _bookings_action(client, people["provider"], booking, "approve")
    _bookings_action(client, people["provider"], booking, "usage", hours="3.5", samples=2, fee="1400")

    start, end = timezone.localdate(), timezone.localdate() + dt.timedelta(days=13)  # two weeks
    lab_instruments = Listing.objects.filter(owner__name=LAB, kind="instrument", status="published")
    weekly = sum(x.hours_offered_per_week for x in lab_instruments)
    assert weekly == 40 + 40 + 32
    offered = Decimal(weekly * 2)
    used = sum(
        (
            u.hours
            for u in Usage.objects.filter(booking__instrument__in=lab_instruments).select_related("booking")
            if start <= timezone.localtime(u.booking.start).date() <= end
        ),
        Decimal(0),
    )
    assert used >= Decimal("3.5")

    _as(client, people["leader"])
    response = client.get(reverse("market:openness"), {"start": start.isoformat(), "end": end.isoformat()})
    assert response.status_code == 200
    rows = _openness_rows(response.content.decode())
    n, shown_offered, shown_used, rate = rows[LAB]
    assert int(n) == lab_instruments.count()
    assert Decimal(shown_offered) == offered
    assert Decimal(shown_used) == used
    assert Decimal(rate) == (used / offered * 100).quantize(Decimal("0.1"))

    # a week later than every usage: the same offer per week, nothing used
    later_start = end + dt.timedelta(days=30)
    later = client.get(
        reverse("market:openness"),
        {"start": later_start.isoformat(), "end": (later_start + dt.timedelta(days=6)).isoformat()},
    )
    n, shown_offered, shown_used, rate = _openness_rows(later.content.decode())[LAB]
    assert Decimal(shown_offered) == Decimal(weekly)
    assert Decimal(shown_used) == 0 and Decimal(rate) == 0
