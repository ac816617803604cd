"""The money events of the pipeline: funds in place (到位资金) are money records. Each report or correction of a
project's month × kind writes the audit row and the ledger entry under one name inside the caller's
transaction; `register_snapshots()` (hooks_projects.register) lets `ledger verify` compare every row with its
last event, so an amount changed outside the platform is caught.

    investment.funds   funds in place of a project in a month and kind (固定资产投资/流动资金): amount, origin;
                       written when first reported and at every correction (one row per project × month × kind)
"""

from __future__ import annotations

from innozone.ledger.services import money_event, register_snapshot

from ..models import FundsInPlace

FUNDS = "investment.funds"


def funds_state(row: FundsInPlace) -> dict:
    return {
        "project": row.project_id,
        "month": row.month.strftime("%Y-%m"),
        "kind": row.kind,
        "amount": f"{row.amount:.2f}",
        "origin": row.origin,
    }


def funds_changed(*, actor, row: FundsInPlace, organization_id: int | None, note: str = "") -> None:
    money_event(
        kind=FUNDS, actor=actor, subject=row, state=funds_state(row), organization_id=organization_id, note=note
    )


def register_snapshots() -> None:
    register_snapshot("investment.FundsInPlace", lambda: {r.pk: funds_state(r) for r in FundsInPlace.objects.all()})
