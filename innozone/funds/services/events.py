"""The money events of special funds: each writes the audit row and the ledger entry under one name, inside
the caller's transaction. `register_snapshots()` (from FundsConfig.ready) lets `ledger verify` compare each
money record with its last event, so an amount changed outside the platform is caught.

    fund.award      an award (立项资助): amount, budget line, letter number
    fund.tranche    a tranche: on request, on each approval decision and on payment (amount, status, reference)
    fund.matching   matching funds (配套) paid by a city or county
    fund.repayment  money returned or recovered (created due, then paid)
"""

from __future__ import annotations

from innozone.ledger.services import money_event, register_snapshot

from ..models import Award, Matching, Repayment, Tranche

AWARD, TRANCHE, MATCHING, REPAYMENT = "fund.award", "fund.tranche", "fund.matching", "fund.repayment"


def award_state(award: Award) -> dict:
    return {
        "application": award.application_id,
        "budget_line": award.budget_line_id,
        "amount": f"{award.amount:.2f}",
        "letter_no": award.letter_no,
    }


def tranche_state(tranche: Tranche) -> dict:
    return {
        "project": tranche.project_id,
        "seq": tranche.seq,
        "amount": f"{tranche.amount:.2f}",
        "status": tranche.status,
        "payment_ref": tranche.payment_ref,
    }


def matching_state(row: Matching) -> dict:
    return {
        "project": row.project_id,
        "region": row.region_id,
        "amount": f"{row.amount:.2f}",
        "reference": row.reference,
    }


def repayment_state(row: Repayment) -> dict:
    return {"project": row.project_id, "amount": f"{row.amount:.2f}", "status": row.status, "reference": row.reference}


def _record(kind: str, actor, obj, state: dict, organization_id, note: str = "") -> None:
    money_event(kind=kind, actor=actor, subject=obj, state=state, organization_id=organization_id, note=note)


def award_made(*, actor, award: Award) -> None:
    _record(AWARD, actor, award, award_state(award), award.application.applicant_id)


def tranche_changed(*, actor, tranche: Tranche, note: str = "") -> None:
    """Call after every change of a tranche's amount, status or payment reference."""
    _record(TRANCHE, actor, tranche, tranche_state(tranche), tranche.project.organization_id, note)


def matching_paid(*, actor, row: Matching) -> None:
    _record(MATCHING, actor, row, matching_state(row), row.project.organization_id)


def repayment_changed(*, actor, row: Repayment) -> None:
    _record(REPAYMENT, actor, row, repayment_state(row), row.project.organization_id)


def register_snapshots() -> None:
    register_snapshot("funds.Award", lambda: {a.pk: award_state(a) for a in Award.objects.all()})
    register_snapshot("funds.Tranche", lambda: {t.pk: tranche_state(t) for t in Tranche.objects.all()})
    register_snapshot("funds.Matching", lambda: {m.pk: matching_state(m) for m in Matching.objects.all()})
    register_snapshot("funds.Repayment", lambda: {r.pk: repayment_state(r) for r in Repayment.objects.all()})
