"""The projects API (a tranche through staff → finance → paid, who may do what) and the `funds` commands
(projects, burn, remind, dossier)."""

import io
import json
import zipfile

from django.core.management import call_command

from innozone.core.tokens import api_token_create

from .test_projects_factory import running, users


def _call(client, user, method, url, body=None):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='t')}"}
    if method == "get":
        return client.get(f"/api/funds{url}", **auth)
    return client.post(f"/api/funds{url}", json.dumps(body or {}), content_type="application/json", **auth)


def test_api_tranche_chain(demo, client):
    u = users()
    project = running()
    r = _call(client, u["enterprise"], "get", "/projects")
    assert r.status_code == 200 and project.number in {p["number"] for p in r.json()["items"]}
    assert _call(client, u["provider"], "get", f"/projects/{project.pk}").status_code == 404
    r = _call(client, u["enterprise"], "post", f"/projects/{project.pk}/tranches", {"amount": "100000"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "amount"  # below the first-tranche minimum
    r = _call(client, u["enterprise"], "post", f"/projects/{project.pk}/tranches", {"amount": "600000", "note": "首笔"})
    assert r.status_code == 201, r.content
    tranche = r.json()
    assert (tranche["status"], tranche["stage"]) == ("requested", 1)
    assert (
        _call(client, u["finance"], "post", f"/tranches/{tranche['id']}/decide", {"approve": True}).status_code == 403
    )
    assert (
        _call(client, u["office"], "post", f"/tranches/{tranche['id']}/decide", {"approve": True}).json()["stage"] == 2
    )
    assert _call(client, u["finance"], "get", "/projects-tranches").json()["count"] >= 1
    r = _call(client, u["finance"], "post", f"/tranches/{tranche['id']}/decide", {"approve": True})
    assert r.json()["status"] == "approved"
    r = _call(
        client,
        u["finance"],
        "post",
        f"/tranches/{tranche['id']}/pay",
        {"paid_on": "2026-05-01", "payment_ref": "API-1"},
    )
    assert r.status_code == 200 and r.json()["status"] == "paid"
    assert _call(client, u["leader"], "get", "/projects-burn-down?year=2026").status_code == 200
    assert _call(client, u["enterprise"], "get", "/projects-burn-down").status_code == 403
    r = _call(client, u["auditor"], "get", f"/projects/{project.pk}/dossier")
    assert r.status_code == 200 and "project.json" in zipfile.ZipFile(io.BytesIO(r.content)).namelist()


def test_cli(demo, tmp_path):
    u = users()
    project = running()
    out = io.StringIO()
    call_command("funds", "projects", "--format", "json", stdout=out)
    assert project.number in {p["number"] for p in json.loads(out.getvalue())}
    out = io.StringIO()
    call_command("funds", "burn", "--year", "2026", "--format", "json", stdout=out)
    assert any(r["awarded"] == "1000000.00" for r in json.loads(out.getvalue()))
    out = io.StringIO()
    call_command("funds", "remind", "--as-of", "2027-02-01", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())[0]["reports_overdue"] >= 1
    target = tmp_path / "dossier.zip"
    call_command("funds", "dossier", "--project", str(project.pk), "--out", str(target), stdout=io.StringIO())
    assert "ledger.json" in zipfile.ZipFile(target).namelist()
    assert u["office"]
