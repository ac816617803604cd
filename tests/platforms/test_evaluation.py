"""Condition checks (hardship, missing figures, alternatives), yearly figures, the annual evaluation with its
grades and consequences, permissions, the pages and the CLI (issue 13, annual evaluation)."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innozone.core.errors import Forbidden, ValidationFailed
from innozone.core.models import AuditEvent, Organization, Region, User
from innozone.core.roles import Role
from innozone.platforms.models import Assessment, Event, Kind, Platform, YearFigures
from innozone.platforms.selectors.conditions import condition_check, conditions_for
from innozone.platforms.services.evaluation import assessment_run
from innozone.platforms.services.figures import figures_file
from tests.factories import UserFactory

YEAR = dt.date.today().year - 1


def make_platform(n: int, *, kind="key_lab", status=Platform.Status.OPERATING, host=None, level="province"):
    host = host or Organization.objects.filter(kind="enterprise").order_by("id")[n]
    return Platform.objects.create(
        name=f"测试平台{n}",
        kind=Kind.objects.get(code=kind),
        level=level,
        host=host,
        region=host.region or Region.objects.filter(kind="city").first(),
        status=status,
        recognised_on=dt.date(2020, 1, 1) if status != Platform.Status.CULTIVATING else None,
    )


def office():
    return User.objects.get(username="office")


def file(platform, year, **values):
    return YearFigures.objects.update_or_create(platform=platform, year=year, defaults=values)[0]


def test_conditions_seeded_and_checked_with_hardship_and_missing_figures(registry):
    incubator = Kind.objects.get(code="incubator")
    assert Kind.objects.count() >= 12 and incubator.carrier and not Kind.objects.get(code="key_lab").carrier
    baseline = conditions_for(incubator, "national", "")
    assert {c.metric for c in baseline} >= {"area", "tenants", "graduated_total", "seed_fund", "occupancy"}
    assert all("已废止" in c.source and c.certainty == "V" for c in baseline)
    assert {c.source for c in conditions_for(incubator, "national", "标准级")} == {
        "工信部科〔2025〕131号（2025-06-13印发，标准级）"
    }
    figures = {"area": 8500, "tenants": 42, "graduated_total": 17, "occupancy": 70, "ip_valid_share": 35}
    rows = {r["metric"]: r for r in condition_check((incubator, "national", ""), figures)}
    assert rows["area"]["met"] is False and rows["area"]["gap"] == Decimal(1500)
    assert rows["seed_fund"]["met"] is None and rows["seed_fund"]["gap"] is None  # missing figure: unknown
    assert rows["tenants_per_1000m2"]["value"] == Decimal("4.94") and rows["tenants_per_1000m2"]["met"] is True
    assert rows["ip_filed_share"]["met"] is True and rows["ip_filed_share"]["via"] == "ip_valid_share"
    eased = {r["metric"]: r for r in condition_check((incubator, "national", ""), figures, hardship=True)}
    assert eased["area"]["threshold"] == Decimal(8000) and eased["area"]["met"] is True and eased["area"]["reduced"]
    assert eased["tenants"]["threshold"] == Decimal(40) and eased["tenants"]["met"] is True
    assert eased["graduated_total"]["threshold"] == Decimal(16) and eased["graduated_total"]["met"] is True
    # not reducible: occupancy keeps its 75 %, and makerspace areas are not lowered at all
    assert eased["occupancy"]["threshold"] == Decimal(75) and eased["occupancy"]["met"] is False
    maker = {
        r["metric"]: r
        for r in condition_check(
            ("makerspace" and Kind.objects.get(code="makerspace"), "national", ""), {"area": 450}, hardship=True
        )
    }
    assert maker["area"]["threshold"] == Decimal(500) and maker["area"]["met"] is False


def test_figures_validated_all_at_once_filed_audited_and_in_history(registry):
    platform = make_platform(0)
    host_user = UserFactory(organization=platform.host, role=Role.ENTERPRISE)
    with pytest.raises(ValidationFailed) as e:
        figures_file(
            actor=host_user,
            platform=platform,
            year=dt.date.today().year + 1,
            rd_staff="-3",
            rd_spend="12.345",
            occupancy="120",
            patents="1.5",
            area="abc",
        )
    fields = {d["field"] for d in e.value.detail}
    assert fields == {"year", "rd_staff", "rd_spend", "occupancy", "patents", "area"}
    assert not YearFigures.objects.filter(platform=platform).exists()
    row = figures_file(
        actor=host_user, platform=platform, year=YEAR, rd_staff="12", rd_spend="1,234,567.80", occupancy="", patents=3
    )
    assert row.rd_spend == Decimal("1234567.80") and row.occupancy is None and row.projects == 0
    figures_file(actor=office(), platform=platform, year=YEAR, rd_staff=13)
    assert YearFigures.objects.get(platform=platform, year=YEAR).rd_staff == 13
    assert Event.objects.filter(platform=platform, action="figures").count() == 2
    assert AuditEvent.objects.filter(action="platform.figures_file").count() == 2
    stranger = UserFactory(
        organization=Organization.objects.filter(kind="enterprise").order_by("id")[5], role=Role.ENTERPRISE
    )
    with pytest.raises(Forbidden):
        figures_file(actor=stranger, platform=platform, year=YEAR, rd_staff=1)


def test_grades_consequences_once_and_two_failures_revoke(registry):
    labs = [make_platform(i) for i in range(8)]
    absent = make_platform(8)
    cultivating = make_platform(9, status=Platform.Status.CULTIVATING)
    for year in (YEAR - 1, YEAR):
        for i, p in enumerate(labs):
            file(
                p,
                year,
                rd_staff=10 + 10 * i,
                projects=1 + i,
                rd_spend=Decimal(100000 * (i + 1)),
                outputs=i,
                patents=i,
                services=5 * i,
                service_income=Decimal(1000 * i),
            )
        file(cultivating, year, rd_staff=99)
    with pytest.raises(Forbidden):
        assessment_run(actor=UserFactory(organization=labs[0].host, role=Role.ENTERPRISE), year=YEAR)
    first = assessment_run(actor=office(), year=YEAR - 1)
    grades = {r["platform"]: r for r in first["results"]}
    assert set(grades) == {p.pk for p in labs}  # the cultivating one and the one without figures take no part
    assert first["absent"] == [{"platform": absent.pk, "name": absent.name, "kind": absent.kind.name}]
    best, worst = grades[labs[-1].pk], grades[labs[0].pk]
    assert best["rank"] == 1 and best["score"] == "100.00" and best["grade"] == "excellent"
    assert worst["score"] == "0.00" and worst["grade"] == "fail" and worst["consequence"] == "warning"
    assert sum(1 for r in first["results"] if r["grade"] == "excellent") == 1  # top 15 % of 8: one place
    labs[0].refresh_from_db()
    assert labs[0].status == Platform.Status.RECTIFYING
    assert Event.objects.filter(platform=absent, action="evaluation_absent").count() == 1
    # a rerun replaces the rows but applies nothing twice
    again = assessment_run(actor=office(), year=YEAR - 1)
    assert [r["grade"] for r in again["results"]] == [r["grade"] for r in first["results"]]
    assert Assessment.objects.filter(year=YEAR - 1).count() == 8
    assert Event.objects.filter(platform=labs[0], action="evaluation").count() == 1
    assert Event.objects.filter(platform=absent, action="evaluation_absent").count() == 1
    assert AuditEvent.objects.filter(action="platform.status_by_evaluation", object_id=str(labs[0].pk)).count() == 1
    # second failure in a row: revoked, once
    second = assessment_run(actor=office(), year=YEAR)
    assert {r["platform"]: r for r in second["results"]}[labs[0].pk]["consequence"] == "removal"
    labs[0].refresh_from_db()
    assert labs[0].status == Platform.Status.REVOKED
    assessment_run(actor=office(), year=YEAR)
    assert Assessment.objects.get(platform=labs[0], year=YEAR).consequence == "removal"
    assert Event.objects.filter(platform=labs[0], action="evaluation", to_status="revoked").count() == 1
    # a dry run saves nothing; not filing can count as failing
    labs[1].refresh_from_db()
    status = labs[1].status
    dry = assessment_run(actor=office(), year=YEAR, framework={"grading": {"not_filed": "fail"}}, dry_run=True)
    assert {r["platform"]: r for r in dry["results"]}[absent.pk]["grade"] == "fail"
    assert not Assessment.objects.filter(platform=absent).exists()
    labs[1].refresh_from_db()
    assert labs[1].status == status
    with pytest.raises(ValidationFailed) as e:
        assessment_run(actor=office(), year=YEAR, framework={"indicators": [{"metric": "nope", "weight": -1}]})
    assert {d["field"] for d in e.value.detail} == {"framework.indicators[1]"} and len(e.value.detail) == 2


def test_cli_json_and_refusal(registry, tmp_path):
    labs = [make_platform(i) for i in range(3)]
    for i, p in enumerate(labs):
        file(p, YEAR, rd_staff=5 + i, patents=i)
    fw = tmp_path / "fw.json"
    fw.write_text(json.dumps({"indicators": [{"metric": "patents", "weight": 1, "direction": 1}]}), encoding="utf-8")
    out = StringIO()
    call_command(
        "platforms",
        "evaluate",
        "--year",
        str(YEAR),
        "--framework",
        str(fw),
        "--dry-run",
        "--format",
        "json",
        "--as",
        "office",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["dry_run"] is True and data["year"] == YEAR
    assert [r["score"] for r in data["results"]] == ["100.00", "50.00", "0.00"]
    assert not Assessment.objects.exists()
    with pytest.raises(CommandError):
        call_command(
            "platforms", "evaluate", "--year", str(YEAR + 5), "--as", "office", stdout=StringIO(), stderr=StringIO()
        )
