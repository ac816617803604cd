"""The pure stage rules (engine.stages), example by example."""

from datetime import date
from decimal import Decimal

import pytest

from innozone.investment.engine import stages as st

TODAY = date(2026, 6, 30)


def facts(**kw):
    return st.Facts(**kw)


def test_order_of_stages():
    assert st.STAGES == ("lead", "negotiating", "signed", "registered", "started", "producing", "full")
    assert st.next_stage("lead") == "negotiating"
    assert st.next_stage("full") is None


def test_lead_to_negotiating_needs_nothing():
    assert st.problems(facts(), "negotiating", today=TODAY) == []


def test_signed_needs_contract_date():
    assert st.problems(facts(stage="negotiating"), "signed", today=TODAY) == ["signed_on_missing"]
    assert st.problems(facts(stage="negotiating"), "signed", {"signed_on": date(2026, 5, 1)}, today=TODAY) == []


def test_no_skipping_signed_before_started():
    found = st.problems(facts(stage="negotiating"), "started", {"started_on": date(2026, 6, 1)}, today=TODAY)
    assert found == ["signed_on_missing", "registered_on_missing", "enterprise_missing"]


def test_started_needs_registration_with_enterprise():
    f = facts(stage="signed", signed_on=date(2026, 1, 5))
    found = st.problems(f, "started", {"started_on": date(2026, 6, 1), "registered_on": date(2026, 2, 1)}, today=TODAY)
    assert found == ["enterprise_missing"]
    ok = {"started_on": date(2026, 6, 1), "registered_on": date(2026, 2, 1), "has_enterprise": True}
    assert st.problems(f, "started", ok, today=TODAY) == []


def test_dates_ordered_and_not_future():
    f = facts(stage="negotiating")
    found = st.problems(f, "signed", {"signed_on": date(2026, 7, 1)}, today=TODAY)
    assert found == ["signed_on_future"]
    f = facts(stage="registered", signed_on=date(2026, 3, 1), registered_on=date(2026, 3, 2), has_enterprise=True)
    found = st.problems(f, "started", {"started_on": date(2026, 2, 1)}, today=TODAY)
    assert found == ["started_on_before_signed_on", "started_on_before_registered_on"]
    found = st.problems(f, "started", {"started_on": date(2026, 3, 1)}, today=TODAY)  # after 签约, before 落地
    assert found == ["started_on_before_registered_on"]
    f = facts(stage="negotiating")
    found = st.problems(
        f,
        "registered",
        {"signed_on": date(2026, 3, 1), "registered_on": date(2026, 2, 1), "has_enterprise": True},
        today=TODAY,
    )
    assert found == ["registered_on_before_signed_on"]


def test_same_day_is_in_order():
    f = facts(stage="negotiating")
    d = date(2026, 3, 1)
    dates = {
        "signed_on": d,
        "registered_on": d,
        "started_on": d,
        "producing_on": d,
        "full_on": d,
        "has_enterprise": True,
    }
    assert st.problems(f, "full", dates, today=d) == []


def test_transition_rules():
    f = facts(stage="signed", signed_on=date(2026, 1, 1))
    assert st.problems(f, "signed", today=TODAY) == ["same_stage"]
    assert st.problems(f, "lead", today=TODAY) == ["backward"]
    assert st.problems(facts(stage="lead", dropped=True), "negotiating", today=TODAY) == ["dropped"]
    assert st.problems(f, "nowhere", today=TODAY) == ["unknown_stage"]


def test_every_code_is_listed_and_db_codes_are_a_subset():
    assert set(st.CODES) >= st.DB_CODES
    assert "signed_on_future" not in st.DB_CODES


def test_unknown_date_field_is_a_programming_error():
    with pytest.raises(ValueError):
        st.problems(facts(), "signed", {"signd_on": date(2026, 1, 1)}, today=TODAY)


def test_requirements():
    assert st.requirements("negotiating") == ()
    assert st.requirements("started") == ("signed_on", "registered_on", "has_enterprise", "started_on")


def test_stalled_boundary():
    assert st.stalled(date(2026, 5, 1), date(2026, 6, 30), 60) is True  # 60 days
    assert st.stalled(date(2026, 5, 2), date(2026, 6, 30), 60) is False  # 59 days
    with pytest.raises(ValueError):
        st.stalled(date(2026, 5, 2), date(2026, 6, 30), 0)
    assert st.can_stall("full", dropped=False) is False
    assert st.can_stall("signed", dropped=True) is False
    assert st.can_stall("signed", dropped=False) is True


def test_rate():
    assert st.rate(1, 3) == Decimal("33.3")
    assert st.rate(Decimal("50"), Decimal("200")) == Decimal("25.0")
    assert st.rate(5, 0) is None
    assert st.reached("producing", "started") and not st.reached("signed", "started")
