"""政策计算器 for one enterprise: eligible with the amount, near misses with their own numbers, the journey
"near miss → file new yearly figures → qualifies", expired policies never match; the office's eligible list."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from innozone.enterprises import selectors as registry_selectors
from innozone.policies.models import Policy
from innozone.policies.selectors import facts as facts_selectors
from innozone.policies.selectors import matching

from .matching_helpers import file_figures, longyuan, published_clause

RD3 = {"and": [{"in": ["hnte", {"var": "qualifications"}]}, {">=": [{"var": "rd_ratio"}, 3]}]}
RATIO = {"type": "ratio", "figure": "rd_total", "rate": "0.10", "cap": "200000"}


def _set_ratio(users, ratio: str):
    """Longyuan files this year's figures with the R&D ratio wanted (revenue 10,000,000)."""
    rd = Decimal("10000000") * Decimal(ratio) / 100
    file_figures(longyuan(), users["enterprise"], year=timezone.localdate().year, rd_total=rd, revenue="10000000")


def test_near_miss_then_new_figures_then_qualifies(registry, users):
    clause = published_clause(RD3, amount_rule=RATIO, title="研发投入补助（演示）")
    _set_ratio(users, "2.8")
    m = matching.explain_for(clause, longyuan())
    assert not m.eligible and m.near
    assert [r["gap_text"] for r in m.failed_rows] == ["研发费用占销售收入比例 2.8%，差 0.2 个百分点"]
    assert m.amount == Decimal("28000.00")  # what it would get
    found = matching.matches_for(longyuan(), show="near")
    assert clause.pk in [x.clause.pk for x in found if x.near]
    assert clause.pk not in [x.clause.pk for x in matching.matches_for(longyuan(), show="eligible")]
    _set_ratio(users, "3")
    m = matching.explain_for(clause, longyuan())
    assert m.eligible and not m.near and m.amount == Decimal("30000.00")
    assert [x for x in matching.matches_for(longyuan(), show="eligible") if x.clause.pk == clause.pk]


def test_far_miss_is_listed_only_with_all(registry, users):
    clause = published_clause({">=": [{"var": "rd_ratio"}, 10]}, title="高研发（演示）")
    _set_ratio(users, "2")
    assert clause.pk not in [m.clause.pk for m in matching.matches_for(longyuan(), show="near")]
    every = {m.clause.pk: m for m in matching.matches_for(longyuan(), show="all")}
    assert every[clause.pk].outcome == "no"
    assert every[clause.pk].failed_rows[0]["gap_text"] == "研发费用占销售收入比例 2%，差 8 个百分点"


def test_expired_withdrawn_and_future_policies_never_match(registry):
    clause = published_clause({}, title="无条件（演示）")
    assert clause.pk in [m.clause.pk for m in matching.matches_for(longyuan())]
    policy = clause.policy
    for change in (
        {"effective_until": timezone.localdate() - dt.timedelta(days=1)},
        {"status": Policy.Status.WITHDRAWN, "effective_until": None},
        {"status": Policy.Status.PUBLISHED, "effective_from": timezone.localdate() + dt.timedelta(days=1)},
    ):
        Policy.objects.filter(pk=policy.pk).update(**change)
        assert clause.pk not in [m.clause.pk for m in matching.matches_for(longyuan(), show="all")], change


def test_office_list_with_amounts_and_near_misses(registry, users):
    clause = published_clause(RD3, amount_rule=RATIO, title="研发投入补助（演示）")
    _set_ratio(users, "2.9")
    data = facts_selectors.bulk()
    rows = matching.eligible_for_clause(clause, near=True, data=data)
    eligible = [r for r in rows if r.eligible]
    near = {r.uscc: r for r in rows if not r.eligible}
    mask = matching.eligible_mask(clause, data)
    assert len(eligible) == int(mask.sum())
    for r in eligible:
        i = data.index[r.organization_id]
        assert r.amount == min(
            Decimal("200000.00"), (data.figure("rd_total", i) * Decimal("0.1")).quantize(Decimal("0.01"))
        )
    uscc = registry_selectors.enterprise_of(longyuan().pk).uscc
    assert near[uscc].failed[0]["gap_text"] == "研发费用占销售收入比例 2.9%，差 0.1 个百分点"
    for r in near.values():
        assert matching.explain_for(clause, facts_selectors.Organization.objects.get(pk=r.organization_id)).near


def test_unregistered_organization_has_only_its_kind(registry):
    from innozone.core.models import Organization

    org = Organization.objects.create(name="未登记的测试企业", kind="enterprise")
    kind_only = published_clause({"==": [{"var": "kind"}, "enterprise"]}, title="企业（演示）")
    figures = published_clause({">=": [{"var": "revenue"}, 1]}, title="有收入（演示）")
    assert matching.explain_for(kind_only, org).eligible
    m = matching.explain_for(figures, org)
    assert not m.eligible and m.failed_rows[0]["gap_text"] == "销售收入：未填报年度数据，无法判断"
