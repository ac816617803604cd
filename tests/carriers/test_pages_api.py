"""The carriers' pages and API on the innovation demo: who opens what (the office everything, a park only its
region, a forbidden user 403), the board, the detail with its forms, the Excel export, and API round-trips."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from innozone.carriers import selectors
from innozone.carriers.models import Carrier, Lease
from innozone.core.models import User


@pytest.fixture
def users(innovation):
    return {u.username: u for u in User.objects.select_related("organization")}


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_list_board_detail_for_the_office_and_a_park(client, users):
    demo = Carrier.objects.filter(is_demo=True)
    assert demo.count() == 8 and {c.region.code for c in demo} == {"lzgx", "lzxq", "bygx", "lzjk"}
    page = _get(client, users["office"], reverse("carriers:list")).content.decode()
    assert all(c.name in page for c in demo) and "carriers-export" in page
    page = _get(client, users["lzgx"], reverse("carriers:list")).content.decode()
    assert "兰州高新区科技企业孵化器（演示）" in page and "白银高新区科技企业孵化器（演示）" not in page
    filtered = _get(client, users["office"], reverse("carriers:list"), kind="accelerator").content.decode()
    assert "兰州新区智能制造加速器（演示）" in filtered and "孵化器（演示）" not in filtered
    empty = _get(client, users["office"], reverse("carriers:list"), q="没有这个载体").content.decode()
    assert "没有符合条件的载体" in empty
    board = _get(client, users["office"], reverse("carriers:board")).content.decode()
    assert board.count('class="card board-region"') == 4 and "<meter" in board
    board = _get(client, users["bygx"], reverse("carriers:board")).content.decode()
    assert board.count('class="card board-region"') == 1 and "region-bygx" in board
    incubator = demo.get(name="兰州高新区科技企业孵化器（演示）")
    occ = selectors.occupancy_of(incubator)
    detail = _get(client, users["office"], reverse("carriers:detail", args=[incubator.pk])).content.decode()
    assert f"{occ.leased_area:,.2f}" in detail and 'id="lease-form"' in detail and "获得高新技术企业认定" in detail
    detail = _get(client, users["lzgx"], reverse("carriers:detail", args=[incubator.pk])).content.decode()
    assert 'id="lease-form"' not in detail  # the park sees, the operator and the office manage
    baiyin = demo.get(name="白银高新区科技企业孵化器（演示）")
    assert _get(client, users["lzgx"], reverse("carriers:detail", args=[baiyin.pk])).status_code == 404
    assert _get(client, users["lzgx"], reverse("carriers:new")).status_code == 403
    assert _get(client, users["provider"], reverse("carriers:board")).status_code in (200, 403)
    assert _get(client, users["expert"], reverse("carriers:detail", args=[baiyin.pk])).status_code == 404
    # the enterprise login's company rents in the incubator: it sees only its own rows there
    own = _get(client, users["enterprise"], reverse("carriers:detail", args=[incubator.pk])).content.decode()
    assert "仅显示本单位的入驻记录" in own and users["enterprise"].organization.name in own
    others = Lease.objects.filter(unit__carrier=incubator).exclude(tenant=users["enterprise"].organization)
    assert not any(lease.tenant.name in own for lease in others)


def test_forms_on_the_detail_page_and_the_export(client, users):
    c = Carrier.objects.get(name="兰州新区智能制造加速器（演示）")
    client.force_login(users["office"])
    r = client.post(reverse("carriers:units_add", args=[c.pk]), {"lines": "C,5,501,88.5,6\nC,5,502,abc"})
    assert r.status_code == 400 and "第 2 行" in r.content.decode() and not c.units.filter(building="C").exists()
    r = client.post(reverse("carriers:units_add", args=[c.pk]), {"lines": "C,5,501,88.5,6\nC，5，502，60"})
    assert r.status_code == 302 and c.units.filter(building="C").count() == 2
    unit = c.units.get(building="C", number="501")
    bad = {"unit": unit.pk, "tenant": "甘肃省科学技术厅", "starts_on": "2025-01-01", "ends_on": "2024-01-01"}
    r = client.post(reverse("carriers:lease_new", args=[c.pk]), bad | {"kind": "team"})
    body = r.content.decode()
    assert r.status_code == 400 and "尚未在企业库登记" in body and "到期日期须晚于起租日期" in body
    r = client.post(
        reverse("carriers:lease_new", args=[c.pk]),
        {
            "unit": unit.pk,
            "tenant": "甘肃陇原新材料科技有限公司",
            "kind": "resident",
            "starts_on": dt.date.today(),
            "ends_on": dt.date.today() + dt.timedelta(days=365),
        },
    )
    assert r.status_code == 302
    lease = Lease.objects.get(unit=unit)
    r = client.post(reverse("carriers:lease_end", args=[c.pk, lease.pk]), {"moved_out_on": "2000-01-01"})
    assert r.status_code == 302 and Lease.objects.get(pk=lease.pk).moved_out_on is None
    client.force_login(users["lzxq"])  # the park sees but does not manage
    r = client.post(reverse("carriers:lease_end", args=[c.pk, lease.pk]), {"moved_out_on": "2025-01-01"})
    assert r.status_code == 403
    r = _get(client, users["office"], reverse("carriers:list"), kind="incubator", format="xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert ws["A1"].value == "载体名称" and len(names) == 3 and all("孵化" in n for n in names)
    assert _get(client, users["enterprise"], reverse("carriers:list"), format="xlsx").status_code == 403


def test_api_round_trip(api, users):
    c = Carrier.objects.get(name="白银高新区闲置厂房改造众创空间（演示）")
    as_office = api.as_user(users["office"])
    listed = as_office.get("/api/carriers/?kind=makerspace").json()
    assert listed["count"] == 2 and {i["kind"] for i in listed["items"]} == {"makerspace"}
    occ = as_office.get(f"/api/carriers/{c.pk}/occupancy").json()
    assert occ["rate"] == f"{selectors.occupancy_of(c).rate:.2f}"
    units = as_office.get(f"/api/carriers/{c.pk}/units").json()
    vacant = next(u for u in units if u["tenant_id"] is None and not u["public"])
    today = dt.date.today()
    body = {
        "unit_id": vacant["id"],
        "tenant": "甘肃陇原新材料科技有限公司",
        "kind": "incubating",
        "starts_on": str(today),
        "ends_on": str(today + dt.timedelta(days=400)),
    }
    r = as_office.post(f"/api/carriers/{c.pk}/leases", body)
    assert r.status_code == 201, r.content
    again = as_office.post(f"/api/carriers/{c.pk}/leases", body)
    assert again.status_code == 422 and "租期不能重叠" in again.json()["detail"][0]["message"]
    out = str(today + dt.timedelta(days=30))
    r = as_office.post(f"/api/carriers/{c.pk}/leases/{r.json()['id']}/end", {"moved_out_on": out})
    assert r.status_code == 200 and r.json()["moved_out_on"] == str(today + dt.timedelta(days=30))
    graduation = {"tenant": "甘肃省科学技术厅", "graduated_on": str(today), "criterion": "hnte"}
    r = as_office.post(f"/api/carriers/{c.pk}/graduations", graduation)
    assert r.status_code == 422
    lanzhou = api.as_user(users["lanzhou"])
    assert lanzhou.get(f"/api/carriers/{c.pk}").status_code == 404
    assert api.as_user(users["bygx"]).post(f"/api/carriers/{c.pk}/leases", body).status_code == 403
