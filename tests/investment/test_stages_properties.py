"""Properties of the investment pipeline's stage rules, written from the specification only (issue 16, brief R2):
the stage order 线索 → 洽谈 → 签约 → 注册落地 → 开工 → 投产 → 达产; no skipping — 开工 needs 签约 and 注册落地; the
stage dates are ordered; a date is not in the future; every refused move names a reason. The database's CHECK
constraints on investment.models.Project refuse the same invalid states (tried through the ORM, IntegrityError)."""

import datetime as dt
import itertools
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innozone.investment.engine import stages as engine

STAGES = ["lead", "negotiating", "signed", "registered", "started", "producing", "full"]
#: the date a project gets when it reaches a stage (none for 线索 and 洽谈)
DATE_OF = {
    "signed": "signed_on",
    "registered": "registered_on",
    "started": "started_on",
    "producing": "producing_on",
    "full": "full_on",
}
DATED = ["signed", "registered", "started", "producing", "full"]
DAY0 = dt.date(2025, 3, 1)


def rank(stage: str) -> int:
    return STAGES.index(stage)


# --- the database: CHECK constraints on Project -----------------------------------------------------------------


@pytest.fixture
def world(investment_world):
    from innozone.core.models import Organization, Region

    park = Region.objects.filter(kind=Region.Kind.PARK).first() or Region.objects.first()
    responsible = Organization.objects.exclude(kind=Organization.Kind.ENTERPRISE).first()
    enterprise = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE).first()
    assert park and responsible and enterprise
    return {"park": park, "responsible": responsible, "enterprise": enterprise}


_codes = itertools.count(1)


def project_row(world, stage: str, **overrides):
    """An unsaved Project at `stage` with every earlier stage's date, one month apart and in order."""
    from innozone.investment.models import Project

    fields = {
        "code": f"R5TEST-{next(_codes):05d}",
        "name": "性质测试项目",
        "stage": stage,
        "source": "lanqia",
        "park": world["park"],
        "responsible": world["responsible"],
        "investor": "某投资方",
        "planned_investment": "1000000.00",
        "last_progress_on": DAY0,
    }
    for n, dated in enumerate(DATED):
        if rank(dated) <= rank(stage):
            fields[DATE_OF[dated]] = DAY0 + dt.timedelta(days=30 * n)
    if rank(stage) >= rank("registered"):
        fields["enterprise"] = world["enterprise"]
    fields.update(overrides)
    return Project(**fields)


def saves(row) -> bool:
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        return False
    return True


@pytest.mark.parametrize("stage", STAGES)
def test_a_well_formed_project_at_every_stage_is_accepted(world, stage):
    assert saves(project_row(world, stage))


@pytest.mark.parametrize("stage", ["started", "producing", "full"])
def test_no_start_without_signing(world, stage):
    """开工 (and any later stage) without 签约: refused by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        project_row(world, stage, signed_on=None).save()


@pytest.mark.parametrize("stage", ["started", "producing", "full"])
def test_no_start_without_registration(world, stage):
    """开工 needs 注册落地: without the registration date or without the enterprise, refused."""
    with pytest.raises(IntegrityError), transaction.atomic():
        project_row(world, stage, registered_on=None).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        project_row(world, stage, enterprise=None).save()


@pytest.mark.parametrize("stage", DATED)
def test_every_dated_stage_needs_its_own_date(world, stage):
    with pytest.raises(IntegrityError), transaction.atomic():
        project_row(world, stage, **{DATE_OF[stage]: None}).save()


@pytest.mark.parametrize("stage", ["signed", "registered", "started", "producing", "full"])
def test_every_earlier_date_is_needed(world, stage):
    for earlier in DATED[: DATED.index(stage)]:
        assert not saves(project_row(world, stage, **{DATE_OF[earlier]: None})), earlier


#: the date order of the stage rules: each a later stage's date ≥ an earlier one's (注册落地 ≤ 开工 since R5's
#: report: CHECK investment_project_started_after_registered)
PAIRS = [
    ("signed", "registered"),
    ("signed", "started"),
    ("registered", "started"),
    ("started", "producing"),
    ("producing", "full"),
]


@pytest.mark.parametrize("earlier,later", PAIRS)
def test_stage_dates_out_of_order_are_refused(world, earlier, later):
    """A later stage's date one day before an earlier one's: refused; the same day: accepted."""
    before = getattr(project_row(world, "full"), DATE_OF[earlier])
    moved = {DATE_OF[s]: before - dt.timedelta(days=1) for s in DATED[DATED.index(later) :]}
    if later == "registered":  # keep 开工 after 注册落地 out of this test
        moved = {DATE_OF["registered"]: before - dt.timedelta(days=1)}
    with pytest.raises(IntegrityError), transaction.atomic():
        project_row(world, "full", **moved).save()
    same_day = {DATE_OF[s]: before for s in DATED[DATED.index(earlier) :]}
    assert saves(project_row(world, "full", **same_day))


def test_start_before_registration_is_refused(world):
    """注册落地 comes before 开工 in the stage order: a start date before the registration date is out of order."""
    row = project_row(
        world, "started", registered_on=DAY0 + dt.timedelta(days=40), started_on=DAY0 + dt.timedelta(days=35)
    )
    assert not saves(row)


def test_negative_planned_investment_is_refused(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        project_row(world, "lead", planned_investment="-0.01").save()
    assert saves(project_row(world, "lead", planned_investment="0.00"))


def spec_valid(stage: str, dates: dict, enterprise: bool) -> bool:
    """The specification's oracle: every stage up to `stage` has its date (注册落地 also its enterprise), and the
    dates present are in stage order (PAIRS)."""
    for dated in DATED:
        if rank(dated) <= rank(stage) and dates.get(dated) is None:
            return False
    if rank(stage) >= rank("registered") and not enterprise:
        return False
    return all(dates.get(a) is None or dates.get(b) is None or dates[a] <= dates[b] for a, b in PAIRS)


@st.composite
def states(draw):
    """A stage, dates only for stages up to it: mostly present and moving forward, sometimes missing or a few
    days back (so a single broken rule is common); the enterprise mostly present."""
    stage = draw(st.sampled_from(STAGES))
    dates, day = {}, DAY0
    for dated in DATED:
        if rank(dated) > rank(stage):
            break
        day = day + dt.timedelta(days=draw(st.sampled_from([-2, -1, 0, 1, 3, 5, 8])))
        dates[dated] = None if draw(st.integers(0, 7)) == 0 else day
    return stage, dates, draw(st.integers(0, 7)) > 0


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(states())
def test_the_database_accepts_exactly_the_valid_states(world, state):
    stage, dates, enterprise = state
    overrides = {DATE_OF[s]: dates.get(s) for s in DATED}
    overrides["enterprise"] = world["enterprise"] if enterprise else None
    assert saves(project_row(world, stage, **overrides)) == spec_valid(stage, dates, enterprise), state


# --- the engine: investment/engine/stages.py (signatures announced by R2) -----------------------------------------

TODAY = dt.date(2026, 6, 30)


def facts_at(stage: str, *, dropped=False, day=DAY0, **overrides):
    """Facts of a project standing at `stage` with every earlier stage's date, a month apart, in order."""
    values = {"stage": stage, "dropped": dropped, "has_enterprise": rank(stage) >= rank("registered")}
    for n, dated in enumerate(DATED):
        if rank(dated) <= rank(stage):
            values[DATE_OF[dated]] = day + dt.timedelta(days=30 * n)
    values.update(overrides)
    return engine.Facts(**values)


def test_the_stage_order():
    assert tuple(engine.STAGES) == tuple(STAGES)
    assert dict(engine.DATE_FIELDS) == DATE_OF
    assert [engine.next_stage(s) for s in STAGES] == [*STAGES[1:], None]
    assert [engine.index(s) for s in STAGES] == list(range(len(STAGES)))


def test_requirements_are_cumulative():
    assert set(engine.requirements("lead")) == set() == set(engine.requirements("negotiating"))
    assert set(engine.requirements("signed")) == {"signed_on"}
    assert set(engine.requirements("started")) == {"signed_on", "registered_on", "has_enterprise", "started_on"}
    for earlier, later in itertools.pairwise(STAGES):
        assert set(engine.requirements(earlier)) <= set(engine.requirements(later))


@pytest.mark.parametrize("stage", STAGES)
def test_reached(stage):
    for milestone in STAGES:
        assert engine.reached(stage, milestone) == (rank(stage) >= rank(milestone))


def test_engine_no_start_without_signing():
    """洽谈 → 开工 with the registration and start but no 签约: refused, naming the missing 签约 date."""
    found = engine.problems(
        facts_at("negotiating"),
        "started",
        {"registered_on": DAY0, "started_on": DAY0, "has_enterprise": True},
        today=TODAY,
    )
    assert "signed_on_missing" in found


def test_engine_no_start_without_registration():
    found = engine.problems(facts_at("signed"), "started", {"started_on": DAY0 + dt.timedelta(days=60)}, today=TODAY)
    assert {"registered_on_missing", "enterprise_missing"} <= set(found)


def test_a_move_over_several_stages_with_every_date_is_allowed():
    dates = {"signed_on": DAY0, "registered_on": DAY0, "started_on": DAY0, "has_enterprise": True}
    assert engine.problems(facts_at("lead"), "started", dates, today=TODAY) == []
    assert engine.problems(facts_at("lead"), "negotiating", {}, today=TODAY) == []


def test_backward_same_dropped_and_unknown():
    assert "backward" in engine.problems(facts_at("started"), "signed", {}, today=TODAY)
    assert "same_stage" in engine.problems(facts_at("signed"), "signed", {}, today=TODAY)
    assert "dropped" in engine.problems(
        facts_at("signed", dropped=True), "registered", {"registered_on": TODAY, "has_enterprise": True}, today=TODAY
    )
    assert engine.problems(facts_at("signed"), "abandoned", {}, today=TODAY) == ["unknown_stage"]


def test_a_date_in_the_future_is_refused_today_is_fine():
    found = engine.problems(facts_at("negotiating"), "signed", {"signed_on": TODAY + dt.timedelta(days=1)}, today=TODAY)
    assert found == ["signed_on_future"]
    assert engine.problems(facts_at("negotiating"), "signed", {"signed_on": TODAY}, today=TODAY) == []


@pytest.mark.parametrize("earlier,later", PAIRS)
def test_engine_dates_out_of_order(earlier, later):
    start = facts_at("negotiating")
    dates = {DATE_OF[s]: DAY0 + dt.timedelta(days=10) for s in DATED}
    dates["has_enterprise"] = True
    assert engine.problems(start, "full", dates, today=TODAY) == []  # all on one day: fine
    dates[DATE_OF[later]] = DAY0 + dt.timedelta(days=9)
    for after in DATED[DATED.index(later) + 1 :]:
        if (later, after) in PAIRS:
            dates[DATE_OF[after]] = DAY0 + dt.timedelta(days=9)
    assert f"{DATE_OF[later]}_before_{DATE_OF[earlier]}" in engine.problems(start, "full", dates, today=TODAY)


def test_engine_refuses_a_start_before_the_registration():
    """注册落地 comes before 开工 in the stage order; "dates ordered" means a start before the registration is
    refused with a reason."""
    found = engine.problems(
        facts_at("registered", registered_on=DAY0 + dt.timedelta(days=40)),
        "started",
        {"started_on": DAY0 + dt.timedelta(days=35)},
        today=TODAY,
    )
    assert found != []


def expected_problems(facts, target, dates, today):
    if target not in STAGES:
        return {"unknown_stage"}
    merged = {f: getattr(facts, f) for f in DATE_OF.values()}
    merged["has_enterprise"] = facts.has_enterprise
    merged.update(dates)
    found = set()
    if facts.dropped:
        found.add("dropped")
    if target == facts.stage:
        found.add("same_stage")
    elif rank(target) < rank(facts.stage):
        found.add("backward")
    for dated in DATED:
        if rank(dated) <= rank(target) and merged[DATE_OF[dated]] is None:
            found.add(f"{DATE_OF[dated]}_missing")
    if rank(target) >= rank("registered") and not merged["has_enterprise"]:
        found.add("enterprise_missing")
    for field in DATE_OF.values():
        if merged[field] is not None and merged[field] > today:
            found.add(f"{field}_future")
    for earlier, later in PAIRS:
        a, b = merged[DATE_OF[earlier]], merged[DATE_OF[later]]
        if a is not None and b is not None and b < a:
            found.add(f"{DATE_OF[later]}_before_{DATE_OF[earlier]}")
    return found


days = st.integers(-5, 5).map(lambda n: TODAY - dt.timedelta(days=20) + dt.timedelta(days=n * 3))


@st.composite
def moves(draw):
    """A project at a stage (its dates ordered, in the past), maybe dropped; a target stage (sometimes unknown);
    dates for stages up to the target, each maybe missing, maybe out of order, maybe in the future."""
    stage = draw(st.sampled_from(STAGES))
    facts = facts_at(stage, dropped=draw(st.booleans()), day=TODAY - dt.timedelta(days=200))
    target = draw(st.one_of(st.sampled_from(STAGES), st.just("stopped")))
    dates = {}
    if target in STAGES:
        for dated in DATED:
            if rank(facts.stage) < rank(dated) <= rank(target) and draw(st.integers(0, 4)):
                dates[DATE_OF[dated]] = draw(days)
        if rank(target) >= rank("registered") and not facts.has_enterprise:
            dates["has_enterprise"] = draw(st.booleans())
    return facts, target, dates


@given(moves())
def test_problems_follow_the_rules_and_name_every_reason(move):
    facts, target, dates = move
    found = engine.problems(facts, target, dates, today=TODAY)
    assert set(found) == expected_problems(facts, target, dates, TODAY), move
    assert len(found) == len(set(found))
    assert all(code in engine.CODES for code in found)
    assert found == sorted(found, key=list(engine.CODES).index)  # in CODES order
    assert engine.allowed(facts, target, dates, today=TODAY) == (found == [])


@st.composite
def forward_moves(draw):
    """A move forward from an active project with every needed date, in order, not in the future."""
    stage = draw(st.sampled_from(STAGES[:-1]))
    facts = facts_at(stage, day=TODAY - dt.timedelta(days=200))
    target = draw(st.sampled_from(STAGES[rank(stage) + 1 :]))
    dates, day = {}, TODAY - dt.timedelta(days=60)
    for dated in DATED:
        if rank(facts.stage) < rank(dated) <= rank(target):
            day += dt.timedelta(days=draw(st.integers(0, 12)))  # 5 steps × 12 days ≤ 60: never after TODAY
            dates[DATE_OF[dated]] = day
    if rank(target) >= rank("registered") and not facts.has_enterprise:
        dates["has_enterprise"] = True
    return facts, target, dates


@given(forward_moves())
def test_a_forward_move_with_every_date_is_allowed_and_lands_on_a_clean_state(move):
    facts, target, dates = move
    assert engine.problems(facts, target, dates, today=TODAY) == []
    values = {f: getattr(facts, f) for f in DATE_OF.values()}
    values.update({k: v for k, v in dates.items() if k != "has_enterprise"})
    landed = engine.Facts(
        stage=target, dropped=False, has_enterprise=dates.get("has_enterprise", facts.has_enterprise), **values
    )
    assert engine.state_problems(landed, today=TODAY) == []


@given(forward_moves(), st.data())
def test_leaving_out_any_needed_date_is_refused_with_its_name(move, data):
    facts, target, dates = move
    needed = [k for k in dates if k != "has_enterprise"]
    if not needed:
        return
    left_out = data.draw(st.sampled_from(needed))
    found = engine.problems(facts, target, {k: v for k, v in dates.items() if k != left_out}, today=TODAY)
    assert f"{left_out}_missing" in found


def test_db_codes_are_the_missing_and_order_codes():
    db_codes = set(engine.DB_CODES)
    assert "enterprise_missing" in db_codes
    assert {f"{f}_missing" for f in DATE_OF.values()} <= db_codes
    assert {f"{DATE_OF[b]}_before_{DATE_OF[a]}" for a, b in PAIRS} <= db_codes
    assert not db_codes & {"dropped", "same_stage", "backward", "unknown_stage"}
    assert not any(code.endswith("_future") for code in db_codes)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(states())
def test_the_database_refuses_exactly_what_the_engine_calls_a_db_problem(world, state):
    """The same state given to the engine (state_problems) and to the database: a DB code ⇔ IntegrityError."""
    stage, dates, enterprise = state
    facts = engine.Facts(stage=stage, has_enterprise=enterprise, **{DATE_OF[s]: dates.get(s) for s in DATED})
    db_problems = set(engine.state_problems(facts)) & set(engine.DB_CODES)
    overrides = {DATE_OF[s]: dates.get(s) for s in DATED}
    overrides["enterprise"] = world["enterprise"] if enterprise else None
    assert saves(project_row(world, stage, **overrides)) == (not db_problems), (state, db_problems)


# --- stalled projects and follow-up rates -------------------------------------------------------------------------


@given(st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), st.integers(0, 400), st.integers(1, 200))
def test_stalled_after_exactly_n_days_without_progress(last, elapsed, limit):
    today = last + dt.timedelta(days=elapsed)
    assert engine.stalled(last, today, limit) == (elapsed >= limit)
    assert engine.days_since(last, today) == elapsed


def test_stalled_boundary_and_bad_limit():
    last = dt.date(2026, 1, 1)
    assert engine.stalled(last, last + dt.timedelta(days=60), 60)
    assert not engine.stalled(last, last + dt.timedelta(days=59), 60)
    with pytest.raises(ValueError):
        engine.stalled(last, last, 0)


def test_only_active_unfinished_projects_can_stall():
    assert engine.can_stall("started", dropped=False)
    assert not engine.can_stall("full", dropped=False)
    assert not engine.can_stall("lead", dropped=True)


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_rate_is_a_percent_with_one_decimal(part, whole):
    result = engine.rate(part, whole)
    if whole == 0:
        assert result is None
    else:
        expected = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert result == expected and result.as_tuple().exponent == -1


def test_rate_rounds_half_up():
    assert engine.rate(1, 8) == Decimal("12.5")
    assert engine.rate(1, 16) == Decimal("6.3")  # 6.25 → 6.3
    assert engine.rate(2, 3) == Decimal("66.7")
    assert engine.rate(Decimal("45.59"), Decimal("100")) == Decimal("45.6")
