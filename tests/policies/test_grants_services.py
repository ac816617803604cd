"""免申即享 lists: generated with traces and determination ids, exclusions, the department's confirmation
through the approval component, grants as ledger money events, notices, payment, no double grants."""

import json

import pytest

from innozone.core import approvals
from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import Notice, Organization
from innozone.ledger.models import LedgerEntry
from innozone.policies.engine import rules
from innozone.policies.models import Grant, GrantEntry, GrantList
from innozone.policies.selectors import facts as facts_selectors
from innozone.policies.services import grants as services

from .matching_helpers import longyuan, published_clause

HNTE = {"in": ["hnte", {"var": "qualifications"}]}
FIXED = {"type": "fixed", "amount": "50000"}


@pytest.fixture
def kjt_clause(registry):
    owner = Organization.objects.get(name="甘肃省科学技术厅")
    return published_clause(HNTE, amount_rule=FIXED, no_application=True, owner=owner, title="高企奖励（演示）")


def _decide(user, grant_list, approve=True, comment=""):
    task = grant_list.approval.tasks.get()
    approvals.approval_decide(actor=user, task=task, approve=approve, comment=comment)


def test_list_entries_carry_trace_and_determination(kjt_clause, users):
    g = services.grant_list_create(actor=users["office"], clause=kjt_clause)
    data = facts_selectors.bulk()
    expected = int(rules.compile(HNTE)(data.columns).sum())
    assert g.entries.count() == expected > 0
    entry = g.entries.get(organization=longyuan())
    assert entry.status == GrantEntry.Status.LISTED
    assert entry.trace["facts"] == {"qualifications": sorted(entry.trace["facts"]["qualifications"])}
    assert "hnte" in entry.trace["facts"]["qualifications"]
    assert entry.trace["conditions"][0]["passed"] is True
    assert entry.determination_id == rules.determination_id(HNTE, kjt_clause.version, entry.trace["facts"])
    assert g.total == 50000 * expected
    assert g.rule_snapshot["condition"] == HNTE and g.rule_version == kjt_clause.version


def test_only_the_office_generates_and_only_no_application_clauses(kjt_clause, users):
    with pytest.raises(Forbidden):
        services.grant_list_create(actor=users["enterprise"], clause=kjt_clause)
    other = published_clause(HNTE, amount_rule=FIXED, title="需申请（演示）")
    with pytest.raises(ValidationFailed) as e:
        services.grant_list_create(actor=users["office"], clause=other)
    assert "免申即享" in e.value.detail[0]["message"]
    services.grant_list_create(actor=users["office"], clause=kjt_clause)
    with pytest.raises(Conflict):
        services.grant_list_create(actor=users["office"], clause=kjt_clause)


def test_confirmation_grants_money_events_and_notices(kjt_clause, users):
    office, kjt = users["office"], users["kjt"]
    g = services.grant_list_create(actor=office, clause=kjt_clause)
    first = g.entries.exclude(organization=longyuan()).first()
    with pytest.raises(ValidationFailed):
        services.entry_exclude(actor=office, entry=first, reason=" ")
    services.entry_exclude(actor=office, entry=first, reason="已享受同类政策（演示）")
    g.refresh_from_db()
    listed = g.entries.filter(status=GrantEntry.Status.LISTED).count()
    assert g.total == 50000 * listed
    services.grant_list_submit(actor=office, grant_list=g)
    g.refresh_from_db()
    assert g.status == GrantList.Status.CONFIRMING
    assert g.approval.tasks.get().approver.name == "甘肃省科学技术厅"
    with pytest.raises(Forbidden):
        services.entry_exclude(actor=office, entry=g.entries.filter(status="listed").first(), reason="晚了")
    before = LedgerEntry.objects.filter(kind="policy.grant").count()
    _decide(kjt, g)
    g.refresh_from_db()
    assert g.status == GrantList.Status.GRANTED
    grants = Grant.objects.filter(entry__grant_list=g)
    assert grants.count() == listed
    assert LedgerEntry.objects.filter(kind="policy.grant").count() == before + listed
    assert not Grant.objects.filter(entry=first).exists()
    assert Notice.objects.filter(recipient=users["enterprise"], dedupe_key__startswith="policies.grant:").exists()
    # a second list never grants the same enterprise twice
    g2 = services.grant_list_create(actor=office, clause=kjt_clause)
    again = g2.entries.get(organization=longyuan())
    assert again.status == GrantEntry.Status.EXCLUDED and "已兑现" in again.excluded_reason
    with pytest.raises(Conflict):
        services.entry_restore(actor=office, entry=again)


def test_rejection_returns_the_list_and_it_can_be_resubmitted(kjt_clause, users):
    office, kjt = users["office"], users["kjt"]
    g = services.grant_list_create(actor=office, clause=kjt_clause)
    services.grant_list_submit(actor=office, grant_list=g)
    g.refresh_from_db()
    with pytest.raises(ValidationFailed):
        _decide(kjt, g, approve=False)  # a reason is required
    _decide(kjt, g, approve=False, comment="名单需与税务数据核对（演示）")
    g.refresh_from_db()
    assert g.status == GrantList.Status.REJECTED and not Grant.objects.filter(entry__grant_list=g).exists()
    services.grant_list_submit(actor=office, grant_list=g)
    g.refresh_from_db()
    assert g.status == GrantList.Status.CONFIRMING


def test_a_revised_clause_must_be_listed_again(kjt_clause, users):
    g = services.grant_list_create(actor=users["office"], clause=kjt_clause)
    type(kjt_clause).objects.filter(pk=kjt_clause.pk).update(version=2)
    with pytest.raises(ValidationFailed) as e:
        services.grant_list_submit(actor=users["office"], grant_list=g)
    assert "新版本" in e.value.detail[0]["message"]


def test_office_cannot_confirm_its_own_list_without_owner(registry, users):
    clause = published_clause(HNTE, amount_rule=FIXED, no_application=True, title="无牵头单位（演示）")
    g = services.grant_list_create(actor=users["office"], clause=clause)
    services.grant_list_submit(actor=users["office"], grant_list=g)
    g.refresh_from_db()
    task = g.approval.tasks.get()
    assert task.approver.name == services.confirm_org_name()
    assert not approvals.can_decide(users["office"], task)[0]


def test_payment_by_finance_is_a_money_event(kjt_clause, users):
    g = services.grant_list_create(actor=users["office"], clause=kjt_clause)
    services.grant_list_submit(actor=users["office"], grant_list=g)
    g.refresh_from_db()
    _decide(users["kjt"], g)
    grant = Grant.objects.filter(entry__grant_list=g).first()
    with pytest.raises(Forbidden):
        services.grant_mark_paid(actor=users["enterprise"], grant=grant, payment_ref="X")
    with pytest.raises(ValidationFailed):
        services.grant_mark_paid(actor=users["finance"], grant=grant, payment_ref="")
    n = LedgerEntry.objects.filter(kind="policy.grant").count()
    services.grant_mark_paid(actor=users["finance"], grant=grant, payment_ref="ZF2026-0001")
    grant.refresh_from_db()
    assert grant.status == Grant.Status.PAID and grant.payment_ref == "ZF2026-0001"
    assert LedgerEntry.objects.filter(kind="policy.grant").count() == n + 1
    with pytest.raises(Forbidden):
        services.grant_mark_paid(actor=users["finance"], grant=grant, payment_ref="again")
    with pytest.raises(Conflict):
        services.grant_revoke(actor=users["office"], grant=grant, reason="撤销")


def test_ledger_snapshot_matches_the_grants(kjt_clause, users):
    from innozone.ledger.services import SNAPSHOTS
    from innozone.policies.services import events

    g = services.grant_list_create(actor=users["office"], clause=kjt_clause)
    services.grant_list_submit(actor=users["office"], grant_list=g)
    g.refresh_from_db()
    _decide(users["kjt"], g)
    current = SNAPSHOTS["policies.Grant"]()
    for grant in Grant.objects.all():
        assert current[grant.pk] == events.grant_state(grant)
        last = LedgerEntry.objects.filter(subject_type="policies.Grant", subject_id=grant.pk).order_by("-index").first()
        assert json.loads(last.payload)["data"]["state"] == current[grant.pk]
