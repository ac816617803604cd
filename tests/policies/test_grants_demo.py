"""The demo's 免申即享 lists (busy state) and the demo enterprise's near miss (quiet state)."""

from innozone.core.models import Organization
from innozone.ledger.models import LedgerEntry
from innozone.policies.demo import grants as demo
from innozone.policies.models import Grant, GrantList
from innozone.policies.selectors import matching


def test_busy_demo_has_a_granted_and_a_confirming_list(busy_policies):
    statuses = set(GrantList.objects.values_list("status", flat=True))
    assert {"granted", "confirming"} <= statuses
    granted = GrantList.objects.get(status="granted")
    assert Grant.objects.filter(entry__grant_list=granted).count() == granted.entries.filter(status="granted").count()
    assert Grant.objects.filter(status="paid").exists()
    assert LedgerEntry.objects.filter(kind="policy.grant").count() == Grant.objects.count() + 1  # + the payment
    waiting = GrantList.objects.get(status="confirming")
    assert waiting.entries.filter(status="excluded").exclude(excluded_reason="").exists()


def test_longyuan_has_a_near_miss_for_the_journey(policy_world):
    org = Organization.objects.get(name=demo.LONGYUAN)
    near = [m for m in matching.matches_for(org) if m.near]
    assert near, demo.near_note()
    assert all(r["gap_text"] for m in near for r in m.failed_rows)
    assert demo.near_note().startswith("陇原 near misses: #")
