"""Settings, vendored assets, the CLI entry point, audit trail and tokens."""

import hashlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from innozone.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "INNOZONE_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "innozone.example.gov.cn",
        "INNOZONE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "innozone", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {
        **os.environ,
        "INNOZONE_ENV": "production",
        "INNOZONE_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "innozone", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_vendored_assets_match_their_checksums():
    vendor = ROOT / "innozone" / "static" / "vendor"
    lines = [ln.split() for ln in (vendor / "VENDOR.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    assert {line[0] for line in lines} == {p.name for p in vendor.glob("*.js")}
    for name, _pkg, _version, digest, *_ in lines:
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name


def test_templates_load_nothing_from_other_hosts():
    for template in (ROOT / "innozone").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert 'src="http' not in text and 'href="http' not in text, template


def test_cli_accepts_hyphenated_commands_and_exports_json(plan2020, capsys):
    main(["python", "plan", "export", "--year", "2020", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2020 and len(data["tasks"]) == 10
    t1 = data["tasks"][0]
    assert t1["lead"] == ["兰白国家自主创新示范区办公室"]
    assert t1["implementing"] == ["兰州市", "白银市", "兰州自创区管委会", "白银自创区管委会"]
    assert t1["cooperating"] == ["自创区、试验区领导小组各成员单位"]


def test_cli_export_of_a_missing_year_fails_clearly(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="1999"):
        call_command("plan", "export", "--year", "1999")


def test_seed_demo_command_prints_logins(db, capsys):
    main(["python", "seed-demo"])
    out = capsys.readouterr().out
    assert "lzxq" in out and "Innozone-2020" in out and "2020年双区建设工作要点 (10 tasks)" in out


def test_remind_late_command_and_task(plan2020, capsys):
    from innozone.core.models import Notice

    call_command("remind_late", "--as-of", "2020-04-20")
    out = capsys.readouterr().out
    assert "兰州新区管委会" in out and "late report(s)" in out
    n = Notice.objects.count()
    assert n > 0
    call_command("remind_late", "--as-of", "2020-04-20")
    assert Notice.objects.count() == n  # each late report is reminded once
    call_command("remind_late", "--enqueue")  # the immediate backend in tests runs it at once (as of today)
    assert "SUCCESSFUL" in capsys.readouterr().out
    assert Notice.objects.count() > n


def test_reminder_emails_go_to_users_with_an_address(plan2020, users, mailoutbox):
    users["lzxq"].email = "lzxq@example.gov.cn"
    users["lzxq"].save()
    call_command("remind_late", "--as-of", "2020-04-20")
    assert any("lzxq@example.gov.cn" in m.to for m in mailoutbox)


def test_admin_edits_are_audited(admin_client, demo):
    from innozone.core.models import AuditEvent, Organization

    org = Organization.objects.get(name="兰州科技大市场公司")
    response = admin_client.post(
        f"/admin/core/organization/{org.pk}/change/",
        {
            "name": "兰州科技大市场管理有限公司",
            "kind": org.kind,
            "region": org.region_id,
            "is_active": "on",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.change", object_type="core.Organization")
    assert event.before["name"] == "兰州科技大市场公司" and event.after["name"] == "兰州科技大市场管理有限公司"


def test_api_token_page_shows_key_once(client, users):
    from innozone.core.models import ApiToken

    client.force_login(users["lzxq"])
    html = client.post("/tokens/", {"name": "脚本"}).content.decode()
    token = ApiToken.objects.get(user=users["lzxq"])
    assert 'id="new-token"' in html and token.prefix in html
    assert 'id="new-token"' not in client.get("/tokens/").content.decode()


def test_office_admin_maintains_units_in_admin_and_others_cannot(client, users):
    client.force_login(users["office"])
    assert client.get("/admin/core/organization/").status_code == 200
    assert client.get("/admin/plans/task/").status_code == 200
    client.force_login(users["lanzhou"])
    assert client.get("/admin/core/organization/").status_code == 302  # not staff: sent to the admin login
