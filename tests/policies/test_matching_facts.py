"""Registry facts for the engine: one organization and the bulk columns agree, and match with explain."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from innozone.policies.engine import rules
from innozone.policies.selectors import facts as facts_selectors
from innozone.policies.selectors import matching

from .matching_helpers import file_figures, longyuan, published_clause


def test_whole_years_counts_the_anniversary():
    assert facts_selectors.whole_years(dt.date(2020, 3, 1), dt.date(2021, 3, 1)) == 1
    assert facts_selectors.whole_years(dt.date(2020, 3, 1), dt.date(2021, 2, 28)) == 0
    assert facts_selectors.whole_years(dt.date(2020, 2, 29), dt.date(2021, 2, 28)) == 1
    assert facts_selectors.whole_years(None, dt.date(2021, 2, 28)) is None


def test_longyuan_facts_from_the_registry(registry):
    org = longyuan()
    info = facts_selectors.facts_of(org)
    f = info.facts
    assert info.entry_id and info.year
    assert "hnte" in f["qualifications"] and "tsme" in f["qualifications"]
    assert f["kind"] == "enterprise"
    assert f["rd_ratio"] == (f["rd_total"] * 100 / f["revenue"]).quantize(Decimal("0.01"))
    assert f["region"] and f["years_registered"] >= 0
    assert f["sanctioned"] is False


def test_bulk_columns_equal_single_facts(registry):
    data = facts_selectors.bulk()
    assert len(data.organization_ids) > 100
    rows = list(data.index.items())[:: max(1, len(data.index) // 40)]
    from innozone.core.models import Organization

    orgs = Organization.objects.in_bulk([o for o, _ in rows])
    for org_id, i in rows:
        assert data.columns.facts(i) == rules.normalize(facts_selectors.facts_for(orgs[org_id])), orgs[org_id].name


def test_new_yearly_figures_change_the_facts(registry, users):
    org = longyuan()
    year = timezone.localdate().year
    file_figures(org, users["enterprise"], year=year, rd_total="300000", revenue="10000000")
    f = facts_selectors.facts_for(org)
    assert f["rd_ratio"] == Decimal("3.00")
    assert f["revenue"] == Decimal("10000000")


def test_bulk_matches_explain_for_demo_clauses(registry):
    clauses = [
        published_clause({">=": [{"var": "rd_ratio"}, 3]}, title="研发占比（演示）"),
        published_clause(
            {"and": [{"in": ["hnte", {"var": "qualifications"}]}, {"in": [{"var": "size"}, ["small", "micro"]]}]},
            title="高企小微（演示）",
        ),
        published_clause({"!": {">=": [{"var": "employees"}, 100]}}, title="百人以下（演示）"),
        published_clause({}, title="无条件（演示）"),
    ]
    data = facts_selectors.bulk()
    from innozone.core.models import Organization

    orgs = Organization.objects.in_bulk([int(o) for o in data.organization_ids])
    for clause in clauses:
        mask = matching.eligible_mask(clause, data)
        for org_id, i in data.index.items():
            assert bool(mask[i]) == matching.explain_for(clause, orgs[org_id]).eligible, (clause.title, org_id)
    assert matching.eligible_mask(clauses[3], data).all()
