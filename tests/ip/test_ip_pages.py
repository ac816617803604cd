"""IP pages, API and CLI by role: who opens what, the demo's states, Excel, the import page, the CLI."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from innozone.ip.models import Asset, Transaction


def test_busy_demo_has_every_state_a_pledge_and_a_transfer(busy_investment):
    statuses = set(Asset.objects.filter(is_demo=True).values_list("status", flat=True))
    assert {"filed", "granted", "grace", "lapsed", "expired", "rejected"} <= statuses
    pledge = Transaction.objects.get(kind="pledge", asset__is_demo=True)
    assert pledge.loan_id and pledge.amount > 0
    assert Transaction.objects.filter(kind="transfer", asset__is_demo=True).exists()
    assert Asset.objects.filter(is_demo=True, fee_payments__surcharge__gt=0).exists()


@pytest.mark.parametrize("name", ["office", "leader", "lanzhou", "enterprise"])
def test_pages_open_for_the_roles(busy_investment, users, client, name):
    client.force_login(users[name])
    for url in ("ip:assets", "ip:fees_due", "ip:transactions", "ip:providers"):
        assert client.get(reverse(url)).status_code == 200, url
    asset = Asset.objects.filter(is_demo=True, status="grace").first()
    response = client.get(reverse("ip:asset", args=[asset.pk]))
    sees = name in ("office", "leader") or (name == "lanzhou" and response.status_code == 200)
    assert response.status_code in ((200,) if sees else (200, 404))
    parks = client.get(reverse("ip:parks")).status_code
    assert parks == (403 if name == "enterprise" else 200)


def test_office_sees_grace_with_the_surcharge_and_can_pay(busy_investment, users, client):
    client.force_login(users["office"])
    asset = Asset.objects.filter(is_demo=True, status="grace").first()
    page = client.get(reverse("ip:asset", args=[asset.pk])).content.decode()
    assert "宽限期内" in page and "滞纳金" in page and 'id="fee-now"' in page
    response = client.post(
        reverse("ip:fee_pay", args=[asset.pk]), {"year_no": asset.next_fee_year, "paid_on": "2000-01-01"}
    )
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.status == "grace"  # refused: long before the due date
    client.post(reverse("ip:fee_pay", args=[asset.pk]), {"year_no": asset.next_fee_year, "paid_on": ""})
    from django.utils import timezone

    client.post(
        reverse("ip:fee_pay", args=[asset.pk]),
        {"year_no": asset.next_fee_year, "paid_on": timezone.localdate().isoformat()},
    )
    asset.refresh_from_db()
    assert asset.status == "granted"


def test_leader_reads_but_has_no_forms(busy_investment, users, client):
    client.force_login(users["leader"])
    asset = Asset.objects.filter(is_demo=True, status="granted", kind="invention").first()
    page = client.get(reverse("ip:asset", args=[asset.pk])).content.decode()
    assert 'id="tx-form"' not in page and "登记缴费" not in page
    assert client.get(reverse("ip:asset_new")).status_code == 403
    assert client.get(reverse("ip:import")).status_code == 403


def test_enterprise_sees_only_its_own(busy_investment, users, client):
    user = users["enterprise"]
    client.force_login(user)
    other = Asset.objects.exclude(owner=user.organization).first()
    assert client.get(reverse("ip:asset", args=[other.pk])).status_code == 404
    page = client.get(reverse("ip:assets")).content.decode()
    assert other.number not in page


def test_excel_exports(busy_investment, users, client):
    client.force_login(users["office"])
    for url in ("ip:assets", "ip:fees_due", "ip:transactions", "ip:parks"):
        response = client.get(reverse(url), {"format": "xlsx"})
        assert response.status_code == 200, url
        ws = load_workbook(io.BytesIO(response.content)).active
        assert ws.max_row >= 1 and ws.cell(1, 1).value
    ws = load_workbook(io.BytesIO(client.get(reverse("ip:assets"), {"format": "xlsx"}).content)).active
    assert ws.max_row - 1 == Asset.objects.count()


def test_import_page_lists_every_bad_row(investment_world, users, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["office"])
    body = "申请号,名称,申请人,申请日\n坏,a,b,2020-01-01\n202110123456.7,,b,x\n".encode()
    response = client.post(reverse("ip:import"), {"file": SimpleUploadedFile("s.csv", body)})
    page = response.content.decode()
    assert response.status_code == 200 and "第 2 行" in page and "第 3 行" in page
    assert not Asset.objects.filter(source="import").exists()


def test_empty_states(investment_world, users, client):
    client.force_login(users["enterprise"])
    Asset.objects.filter(owner=users["enterprise"].organization).delete()
    page = client.get(reverse("ip:assets")).content.decode()
    assert "还没有登记知识产权" in page


def test_api_list_create_pay_and_refusals(busy_investment, users, api):
    api.as_user(users["office"])
    listed = api.get("/api/ip/assets?limit=5").json()
    assert listed["count"] == Asset.objects.count() and len(listed["items"]) <= 5
    body = {
        "owner_id": users["enterprise"].organization_id,
        "kind": "invention",
        "number": "202310777001.1",
        "title": "接口登记",
        "filed_on": "2020-01-10",
        "granted_on": "2022-01-10",
        "fees_paid_through": 1,
    }
    created = api.post("/api/ip/assets", body)
    assert created.status_code == 201, created.content
    asset_id = created.json()["id"]
    detail = api.get(f"/api/ip/assets/{asset_id}").json()
    assert detail["fees"][0]["year_no"] == 3 and detail["status"] in ("granted", "grace", "lapsed")
    bad = api.post("/api/ip/assets", {**body, "number": "x", "title": ""})
    assert bad.status_code == 422 and {d["field"] for d in bad.json()["detail"]} >= {"number", "title"}
    api.as_user(users["leader"])
    assert api.post("/api/ip/assets", {**body, "number": "202310777002.X"}).status_code == 403
    assert api.get("/api/ip/parks").status_code == 200
    api.as_user(users["enterprise"])
    assert api.get("/api/ip/parks").status_code == 403
    assert api.get("/api/ip/fees-due?within=400").status_code == 422


def test_cli(busy_investment, capsys, tmp_path):
    call_command("ip", "assets", "--format", "json", "--status", "grace")
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["status"] == "grace" for r in rows)
    call_command("ip", "fees-due", "--within", "120")
    assert "next_fee_due" in capsys.readouterr().out
    call_command("ip", "parks", "--format", "json")
    assert isinstance(json.loads(capsys.readouterr().out), list)
    call_command("ip", "daily")
    assert "states changed" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("申请号,名称,申请人,申请日\n坏,a,b,2020-01-01\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 2 行"):
        call_command("ip", "import", str(bad))
    with pytest.raises(CommandError):
        call_command("ip", "import", str(tmp_path / "missing.csv"))


def test_dossier_section_lists_the_organizations_rights(busy_investment, users, client):
    from innozone.core.dossier import sections_for

    asset = Asset.objects.filter(is_demo=True).select_related("owner__registry_entry").first()
    office = {s.key: s for s in sections_for(asset.owner_id, users["office"])}
    assert asset.number in [cells[0] for _url, cells in office["ip"].lines]
    client.force_login(users["office"])
    page = client.get(reverse("enterprises:detail", args=[asset.owner.registry_entry.pk])).content.decode()
    assert asset.number in page


def test_register_edit_and_deal_through_the_pages(investment_world, users, client):
    from django.utils import timezone

    from innozone.ip.engine import fees

    client.force_login(users["enterprise"])
    filed = fees.add_years(timezone.localdate(), -3)
    form = {
        "kind": "invention",
        "number": "202110555001.2",
        "title": "页面登记",
        "filed_on": filed.isoformat(),
        "granted_on": fees.add_years(filed, 2).isoformat(),
        "fees_paid_through": "4",
    }
    refused = client.post(reverse("ip:asset_new"), {**form, "granted_on": fees.add_years(filed, -1).isoformat()})
    assert refused.status_code == 200 and "授权/登记日不能早于申请日" in refused.content.decode()
    response = client.post(reverse("ip:asset_new"), form)
    asset = Asset.objects.get(number="202110555001.2")
    assert response.status_code == 302 and asset.owner_id == users["enterprise"].organization_id
    assert asset.status == "granted"
    client.post(reverse("ip:asset_edit", args=[asset.pk]), {**form, "title": "改名", "status": "invalidated"})
    asset.refresh_from_db()
    assert asset.title == "改名" and asset.status == "invalidated" and asset.next_fee_due is None
    client.post(reverse("ip:asset_edit", args=[asset.pk]), {**form, "status": "auto"})
    asset.refresh_from_db()
    assert asset.status == "granted"
    today = timezone.localdate().isoformat()
    client.post(
        reverse("ip:transaction_new", args=[asset.pk]),
        {"kind": "licence", "counterpart": "被许可人", "signed_on": today},
    )
    tx = Transaction.objects.get(asset=asset)
    client.post(reverse("ip:transaction_release", args=[tx.pk]), {"on": today})
    tx.refresh_from_db()
    assert tx.status == "released"
    client.force_login(users["leader"])
    assert client.post(reverse("ip:asset_edit", args=[asset.pk]), form).status_code == 403
