"""The money events of technology finance: each writes the audit row and the ledger entry under one name,
inside the caller's transaction. `register_snapshots()` (from FinanceConfig.ready) lets `ledger verify` compare
each money record with its last event, so an amount changed outside the platform is caught.

    finance.pool        a pool movement: contribution (+), compensation paid (−), recovery returned (+)
    finance.subsidy     an interest subsidy (贴息): when computed and when paid (amount, status, reference)
    finance.investment  a guided-fund investment: when made and at its exit (amount, exit amount)
"""

from __future__ import annotations

from innozone.ledger.services import money_event, register_snapshot

from ..models import Investment, PoolMovement, Subsidy

POOL, SUBSIDY, INVESTMENT = "finance.pool", "finance.subsidy", "finance.investment"


def movement_state(row: PoolMovement) -> dict:
    return {
        "pool": row.pool_id,
        "kind": row.kind,
        "amount": f"{row.amount:.2f}",
        "claim": row.claim_id,
        "on": str(row.on),
        "reference": row.reference,
    }


def subsidy_state(row: Subsidy) -> dict:
    return {
        "loan": row.loan_id,
        "year": row.year,
        "amount": f"{row.amount:.2f}",
        "status": row.status,
        "reference": row.reference,
    }


def investment_state(row: Investment) -> dict:
    return {
        "fund": row.fund_id,
        "enterprise": row.enterprise_id,
        "amount": f"{row.amount:.2f}",
        "exit_amount": None if row.exit_amount is None else f"{row.exit_amount:.2f}",
        "exited_on": None if row.exited_on is None else str(row.exited_on),
    }


def _record(kind: str, actor, obj, state: dict, organization_id, note: str = "") -> None:
    money_event(kind=kind, actor=actor, subject=obj, state=state, organization_id=organization_id, note=note)


def pool_moved(*, actor, row: PoolMovement, note: str = "") -> None:
    organization = row.claim.loan.bank.organization_id if row.claim_id else None
    _record(POOL, actor, row, movement_state(row), organization, note)


def subsidy_changed(*, actor, row: Subsidy, note: str = "") -> None:
    _record(SUBSIDY, actor, row, subsidy_state(row), row.loan.enterprise_id, note)


def investment_changed(*, actor, row: Investment, note: str = "") -> None:
    _record(INVESTMENT, actor, row, investment_state(row), row.enterprise_id, note)


def register_snapshots() -> None:
    register_snapshot("finance.PoolMovement", lambda: {m.pk: movement_state(m) for m in PoolMovement.objects.all()})
    register_snapshot("finance.Subsidy", lambda: {s.pk: subsidy_state(s) for s in Subsidy.objects.all()})
    register_snapshot("finance.Investment", lambda: {i.pk: investment_state(i) for i in Investment.objects.all()})
