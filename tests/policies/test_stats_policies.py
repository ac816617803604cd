"""Policy statistics (policies/selectors/stats.py): published policies and clauses, 免申即享 clauses, lists and
grants by year, month and clause, on hand-built rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from innozone.core.models import Organization
from innozone.policies.models import Clause, Grant, GrantEntry, GrantList, Policy
from innozone.policies.selectors.stats import policy_stats


def at(y, m, d):
    return timezone.make_aware(dt.datetime(y, m, d, 10))


@pytest.fixture
def library(demo):
    kjt = Organization.objects.get(name="甘肃省科学技术厅")
    kjj = Organization.objects.get(name="兰州市科学技术局")
    firm = Organization.objects.get(name="甘肃陇原新材料科技有限公司")
    other = Organization.objects.filter(kind="university").first()
    p1 = Policy.objects.create(
        title="统计测试政策一", issuer="省科技厅", level="provincial", owner=kjt, status="published"
    )
    p2 = Policy.objects.create(title="统计测试政策二", issuer="市科技局", level="city", owner=kjj, status="published")
    draft = Policy.objects.create(title="统计测试草稿", issuer="省科技厅", owner=kjt, status="draft")
    expired = Policy.objects.create(title="统计测试失效", issuer="省科技厅", owner=kjt, status="expired")
    c1 = Clause.objects.create(policy=p1, title="高企奖励", kind="reward", no_application=True, status="published")
    c2 = Clause.objects.create(policy=p1, title="研发补助", kind="subsidy", status="published")
    c3 = Clause.objects.create(policy=p2, title="贷款贴息", kind="interest", no_application=True, status="published")
    Clause.objects.create(policy=p2, title="停用条款", kind="reward", status="retired")
    Clause.objects.create(policy=draft, title="草稿条款", kind="reward", status="draft")
    # a clause published on a policy that has since expired is not counted
    Clause.objects.create(policy=expired, title="失效条款", kind="reward", status="published")
    gl = GrantList.objects.create(clause=c1, as_of=dt.date(2026, 3, 1), status="granted")
    GrantList.objects.create(clause=c3, as_of=dt.date(2026, 4, 1), status="confirming")
    e1 = GrantEntry.objects.create(grant_list=gl, organization=firm, amount=Decimal("100000.00"), determination_id="a")
    e2 = GrantEntry.objects.create(grant_list=gl, organization=other, amount=Decimal("50000.50"), determination_id="b")

    def grant(clause, org, amount, when, **kw):
        g = Grant.objects.create(clause=clause, organization=org, amount=Decimal(amount), **kw)
        Grant.objects.filter(pk=g.pk).update(created_at=when)
        return g

    grant(c1, firm, "100000.00", at(2026, 3, 5), entry=e1, status="paid", payment_ref="P-1")
    grant(c1, other, "50000.50", at(2026, 3, 5), entry=e2)
    grant(c2, firm, "20000.00", at(2026, 5, 2), case_id=7)  # through an application
    grant(c2, firm, "99999.00", at(2026, 5, 3), status="revoked")  # revoked: not counted
    grant(c1, firm, "1.00", at(2025, 12, 31), entry=None)  # another year
    return {"kjt": kjt, "kjj": kjj, "c1": c1, "c2": c2}


def test_published_policies_and_clauses(library):
    s = policy_stats(year=2026)
    assert s["policies_published"] >= 2
    mine = policy_stats(year=2026, owners=[library["kjt"].pk, library["kjj"].pk])
    assert mine["policies_published"] == 2
    assert {r["status"]: r["count"] for r in mine["policies_by_status"]} == {
        "draft": 1,
        "review": 0,
        "published": 2,
        "expired": 1,
        "withdrawn": 0,
    }
    assert {r["level"]: r["count"] for r in mine["policies_by_level"] if r["count"]} == {"provincial": 1, "city": 1}
    assert mine["clauses_published"] == 3
    assert mine["clauses_no_application"] == 2
    assert {r["kind"]: r["count"] for r in mine["clauses_by_kind"] if r["count"]} == {
        "reward": 1,
        "subsidy": 1,
        "interest": 1,
    }
    assert {r["status"]: r["count"] for r in mine["lists_by_status"] if r["count"]} == {"granted": 1, "confirming": 1}


def test_grants_of_the_year(library):
    s = policy_stats(year=2026, owners=[library["kjt"].pk])
    g = s["grants"]
    assert g["count"] == 3 and g["amount"] == Decimal("170000.50")
    assert g["no_application_count"] == 2 and g["no_application_amount"] == Decimal("150000.50")
    assert g["paid_count"] == 1 and g["paid_amount"] == Decimal("100000.00")
    assert g["enterprises"] == 2
    assert s["grants_all_time"] == {"count": 4, "amount": Decimal("170001.50")}
    months = {r["month"]: (r["count"], r["amount"]) for r in s["by_month"] if r["count"]}
    assert months == {3: (2, Decimal("150000.50")), 5: (1, Decimal("20000.00"))}
    assert [(r["clause"], r["count"], r["no_application"]) for r in s["by_clause"]] == [
        ("高企奖励", 2, True),
        ("研发补助", 1, False),
    ]


def test_scope_and_empty_year(library):
    kjj = policy_stats(year=2026, owners=[library["kjj"].pk])
    assert kjj["grants"]["count"] == 0 and kjj["grants"]["amount"] == Decimal("0.00")
    assert kjj["clauses_published"] == 1 and kjj["by_clause"] == []
    nobody = policy_stats(year=2026, owners=[])
    assert nobody["policies_published"] == 0 and nobody["grants"]["count"] == 0
