"""The benchmarks' databases: a dedicated SQLite file under var/bench/ or a dedicated PostgreSQL database
(BENCH_PG, default postgres@127.0.0.1:5432), optionally wiped first, with Django set up on it as in
production (DEBUG off: no query log, no template debug data)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
PG_BASE = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def sqlite_path(name: str) -> Path:
    return BENCH_DIR / f"{name}.sqlite3"


def pg_name(name: str) -> str:
    return f"innozone_bench_{name}"


def _create(db: str, name: str, *, wipe: bool) -> str:
    if db == "sqlite":
        path = sqlite_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if wipe:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(PG_BASE + "/postgres", autocommit=True) as conn:
        if wipe:
            conn.execute(f"drop database if exists {pg_name(name)} with (force)")
        if not conn.execute("select 1 from pg_database where datname = %s", [pg_name(name)]).fetchone():
            conn.execute(f"create database {pg_name(name)}")
    return f"{PG_BASE}/{pg_name(name)}"


def wipe(db: str, name: str) -> None:
    """Empty the benchmark database after Django has been set up on it (closing its connections first)."""
    from django.db import connections

    connections.close_all()
    _create(db, name, wipe=True)


def configure(db: str, name: str, *, wipe: bool = False, migrate: bool = True) -> str:
    """Point Django at the benchmark database `name` (created if missing; wiped first when asked) and set
    it up; returns its URL."""
    url = _create(db, name, wipe=wipe)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innozone.settings")
    os.environ.setdefault("INNOZONE_LEDGER_KEY", str(BENCH_DIR / "ledger-key.pem"))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    return url
