"""The backup and restore drill (docs/deploy.md) on PostgreSQL: scripts/backup.sh of a database holding the
voucher demo's ledger, then scripts/restore_drill.sh into an empty database passes; a backup whose signed head
does not match the log fails the drill."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="backups are pg_dump archives")


def _env(tmp_path, **extra):
    settings = connection.settings_dict
    base = f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "innozone.settings",
        "INNOZONE_VAR_DIR": str(tmp_path / "var"),
        "PG_BASE": base,
        **extra,
    }, base


def _script(name, *args, env):
    return subprocess.run([str(ROOT / "scripts" / name), *args], env=env, capture_output=True, text=True, timeout=600)


def test_backup_then_restore_drill_passes_and_catches_a_wrong_head(transactional_db, busy_scheme, tmp_path):
    env, base = _env(tmp_path)
    backup = tmp_path / "backup"
    made = _script("backup.sh", str(backup), env={**env, "DATABASE_URL": f"{base}/{connection.settings_dict['NAME']}"})
    assert made.returncode == 0, made.stdout + made.stderr
    assert {"db.dump", "media.tar", "ledger-head.json", "ledger-public-key.b64", "SHA256SUMS"} <= {
        p.name for p in backup.iterdir()
    }
    drill_db = f"{connection.settings_dict['NAME']}_drill"[:63]
    drill = _script("restore_drill.sh", str(backup), drill_db, env=env)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "restore drill passed" in drill.stdout and "restored log matches the saved signed head" in drill.stdout

    head = json.loads((backup / "ledger-head.json").read_text())
    head["root_hash"] = "00" * 32  # a head that is not this log's
    (backup / "ledger-head.json").write_text(json.dumps(head))
    subprocess.run(
        ["sh", "-c", "sha256sum db.dump media.tar ledger-head.json ledger-public-key.b64 > SHA256SUMS"],
        cwd=backup,
        check=True,
    )
    failed = _script("restore_drill.sh", str(backup), drill_db, env=env)
    assert failed.returncode != 0 and "signature does not verify" in failed.stdout + failed.stderr
    subprocess.run(["psql", f"{base}/postgres", "-q", "-c", f'DROP DATABASE IF EXISTS "{drill_db}" WITH (FORCE)'])
