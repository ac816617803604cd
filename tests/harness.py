"""Database states built once per test process and switched between tests.

Seeding the demo takes seconds; a test takes milliseconds. So each test process (xdist worker) builds each
state it needs once — the empty migrated database, the seed documents' units and plans, then the voucher
and market demos with and without activity — keeps a copy, and restores that copy before a test that
needs a different state. Each test still runs in a transaction that is rolled back (pytest-django's `db`),
so the restored state is what the next test sees.

The copy is SQLite's online backup (in memory, milliseconds) or, on PostgreSQL, a template database
(`CREATE DATABASE … TEMPLATE …`). A transactional test (live server, threads) commits and is flushed
afterwards, so the state is restored again after it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from django.db import connections


def _seed(apps_: tuple[str, ...], *, with_activity: bool) -> Callable[[], None]:
    def seed():
        from django.db import transaction

        from innozone.core.demo import seed_all

        with transaction.atomic():
            seed_all(with_activity=with_activity, only=apps_)

    return seed


def _funds_calls_busy() -> None:
    """The calls part of the funds demo with its activity only (calls in every state, applications in every
    status, none reviewed yet): what the calls part's page tests start from."""
    from django.db import transaction

    from innozone.funds.demo import calls

    with transaction.atomic():
        calls.seed_part(with_activity=True)


# state: (parent state, how to go from the parent to it)
STATES: dict[str, tuple[str | None, Callable[[], None] | None]] = {
    "empty": (None, None),
    "base": ("empty", _seed(("core", "plans"), with_activity=False)),
    "vouchers": ("base", _seed(("vouchers",), with_activity=False)),
    "vouchers_busy": ("base", _seed(("vouchers",), with_activity=True)),
    "market": ("vouchers", _seed(("market",), with_activity=False)),
    "market_busy": ("vouchers_busy", _seed(("market",), with_activity=True)),
    "registry": ("market", _seed(("enterprises",), with_activity=False)),
    "registry_busy": ("market_busy", _seed(("enterprises",), with_activity=True)),
    "innovation": ("registry", _seed(("talent", "platforms", "carriers"), with_activity=False)),
    "innovation_busy": ("registry_busy", _seed(("talent", "platforms", "carriers"), with_activity=True)),
    "funds": ("innovation", _seed(("funds", "finance"), with_activity=False)),
    "funds_calls_busy": ("innovation", _funds_calls_busy),
    "funds_busy": ("innovation_busy", _seed(("funds", "finance"), with_activity=True)),
    "policies": ("registry", _seed(("policies", "onestop"), with_activity=False)),
    "policies_busy": ("registry_busy", _seed(("policies", "onestop"), with_activity=True)),
    "investment": ("registry", _seed(("investment", "ip", "cooperation"), with_activity=False)),
    "investment_busy": ("funds_busy", _seed(("investment", "ip", "cooperation"), with_activity=True)),
}

# The first fixture found in a test's closure names the state it starts from.
FIXTURE_STATES = [
    ("busy_investment", "investment_busy"),
    ("investment_world", "investment"),
    ("busy_policies", "policies_busy"),
    ("policy_world", "policies"),
    ("busy_funds", "funds_busy"),
    ("funds_calls_busy", "funds_calls_busy"),
    ("funds_world", "funds"),
    ("busy_innovation", "innovation_busy"),
    ("innovation", "innovation"),
    ("busy_registry", "registry_busy"),
    ("registry", "registry"),
    ("busy_market", "market_busy"),
    ("market_base", "market"),
    ("busy_scheme", "vouchers_busy"),
    ("scheme", "vouchers"),
    ("world", "vouchers"),
    ("demo", "base"),
]


def state_for(fixturenames) -> str:
    return next((state for name, state in FIXTURE_STATES if name in fixturenames), "empty")


class States:
    """The states built so far in this process and the one the database holds now."""

    def __init__(self):
        self.conn = connections["default"]
        self.current: str | None = None
        self.pg = self.conn.vendor == "postgresql"
        self.saved: dict[str, object] = {}  # state → sqlite3 connection or template database name
        self.save("empty")

    # -- copies
    def _template(self, state: str) -> str:
        return f"{self.conn.settings_dict['NAME']}__{state}"[:63]

    def _pg(self, *statements: str) -> None:
        self.conn.close()
        with self.conn._nodb_cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def save(self, state: str) -> None:
        if self.pg:
            name = self._template(state)
            self._pg(
                f'DROP DATABASE IF EXISTS "{name}"',
                f'CREATE DATABASE "{name}" TEMPLATE "{self.conn.settings_dict["NAME"]}"',
            )
            self.saved[state] = name
        else:
            self.conn.ensure_connection()
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            self.conn.connection.backup(copy)
            self.saved[state] = copy
        self.current = state

    def restore(self, state: str) -> None:
        if self.pg:
            db = self.conn.settings_dict["NAME"]
            self._pg(f'DROP DATABASE "{db}" WITH (FORCE)', f'CREATE DATABASE "{db}" TEMPLATE "{self.saved[state]}"')
        else:
            self.conn.ensure_connection()
            self.saved[state].backup(self.conn.connection)
        self.current = state

    # -- switching
    def enter(self, state: str) -> None:
        if state == self.current:
            return
        if state in self.saved:
            self.restore(state)
            return
        parent, build = STATES[state]
        self.enter(parent)
        build()
        self.save(state)

    def close(self) -> None:
        if self.pg:
            self.restore("empty")  # leave the test database as pytest-django made it, then drop the copies
            self._pg(*(f'DROP DATABASE IF EXISTS "{name}"' for name in self.saved.values()))
        else:
            for copy in self.saved.values():
                copy.close()
        self.saved.clear()
