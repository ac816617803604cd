"""The money events of the policy grants: each writes the audit row and the ledger entry under one name,
inside the caller's transaction. `register_snapshots()` (hooks_grants.register) lets `ledger verify` compare
each Grant with its last event, so an amount or status changed outside the platform is caught.

    policy.grant    a benefit granted (免申即享 or after a case): clause, entry, amount, status, payment reference;
                    written when granted, when paid (拨付, with the reference) and when revoked
"""

from __future__ import annotations

from innozone.ledger.services import money_event, register_snapshot

from ..models import Grant

GRANT = "policy.grant"


def grant_state(grant: Grant) -> dict:
    return {
        "clause": grant.clause_id,
        "organization": grant.organization_id,
        "entry": grant.entry_id,
        "case": grant.case_id,
        "amount": f"{grant.amount:.2f}",
        "status": grant.status,
        "payment_ref": grant.payment_ref,
    }


def grant_changed(*, actor, grant: Grant, note: str = "") -> None:
    """Call after a grant is made and after every change of its amount, status or payment reference."""
    money_event(
        kind=GRANT,
        actor=actor,
        subject=grant,
        state=grant_state(grant),
        organization_id=grant.organization_id,
        note=note,
    )


def register_snapshots() -> None:
    register_snapshot("policies.Grant", lambda: {g.pk: grant_state(g) for g in Grant.objects.all()})
