"""The pipeline's services: create, notes, stage moves refused with every problem, 落地 to a registry enterprise
in the park, drop; permissions by region; the same rules as CHECK constraints refuse direct writes."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import AuditEvent
from innozone.investment.models import Project, ProjectEvent
from innozone.investment.services import projects as services

from .pipeline_helpers import days_ago, fair, new_project, park_with_enterprise, signed


@pytest.fixture
def place(investment_world):
    return park_with_enterprise()


def messages(e):
    return [d["message"] for d in e.value.detail]


def fields(e):
    return [d["field"] for d in e.value.detail]


def test_create_lead_with_code_timeline_and_audit(place, users):
    park, _org = place
    p = new_project(users["office"], park)
    assert p.stage == "lead" and p.status == "active"
    assert p.code.startswith(f"ZS{days_ago(0).year}-") and p.code.endswith("0001")
    assert new_project(users["office"], park).code.endswith("0002")
    assert ProjectEvent.objects.filter(project=p).count() == 1
    assert AuditEvent.objects.filter(action="investment.project_create", object_id=str(p.pk)).exists()


def test_create_lists_every_problem(place, users):
    park, _ = place
    with pytest.raises(ValidationFailed) as e:
        services.project_create(
            actor=users["office"], data={"source": "lanqia", "park": park.pk, "planned_investment": "-5"}
        )
    f = fields(e)
    assert {"name", "investor", "planned_investment", "fair"} <= set(f)
    assert any("兰洽会" in m for m in messages(e))


def test_fair_must_match_the_source(place, users):
    park, _ = place
    with pytest.raises(ValidationFailed) as e:
        new_project(users["office"], park, source="kebo", fair=fair("lanqia").pk)
    assert "所选节会与项目来源不一致" in messages(e)
    assert new_project(users["office"], park, source="lanqia", fair=fair("lanqia").pk).fair.kind == "lanqia"


def test_no_skipping_signed_before_started(place, users):
    park, _org = place
    p = new_project(users["office"], park)
    with pytest.raises(ValidationFailed) as e:
        services.project_move(actor=users["office"], project=p, stage="started", dates={"started_on": days_ago(1)})
    assert {"signed_on", "registered_on", "enterprise"} <= set(fields(e))
    assert any("不能跳过" in m for m in messages(e))
    p.refresh_from_db()
    assert p.stage == "lead" and p.started_on is None


def test_signing_needs_amount_and_date_not_in_future(place, users):
    park, _ = place
    p = new_project(users["office"], park)
    with pytest.raises(ValidationFailed) as e:
        services.project_move(actor=users["office"], project=p, stage="signed", dates={"signed_on": days_ago(-3)})
    assert set(fields(e)) == {"signed_investment", "signed_on"}
    assert "签约日期不能晚于今天" in messages(e)


def test_dates_ordered(place, users):
    park, org = place
    p = signed(users["office"], new_project(users["office"], park), ago=50)
    with pytest.raises(ValidationFailed) as e:
        services.project_move(
            actor=users["office"],
            project=p,
            stage="registered",
            dates={"registered_on": days_ago(60)},
            enterprise=org.pk,
        )
    assert "注册日期不能早于签约日期" in messages(e)


def test_landing_in_the_park_then_started_and_backwards_refused(place, users):
    park, org = place
    p = signed(users["office"], new_project(users["office"], park), ago=50)
    services.project_move(
        actor=users["office"], project=p, stage="registered", dates={"registered_on": days_ago(40)}, enterprise=org.pk
    )
    services.project_move(actor=users["office"], project=p, stage="started", dates={"started_on": days_ago(20)})
    p.refresh_from_db()
    assert (p.stage, p.enterprise_id, p.started_on) == ("started", org.pk, days_ago(20))
    assert p.last_progress_on == days_ago(20) or p.last_progress_on >= days_ago(20)
    with pytest.raises(ValidationFailed) as e:
        services.project_move(actor=users["office"], project=p, stage="signed")
    assert "项目阶段不能后退（如需更正请联系自创区办公室）" in messages(e)
    assert ProjectEvent.objects.filter(project=p, stage="started").exists()


def test_enterprise_must_be_in_the_registry_and_the_park(place, users):
    from innozone.core.models import Organization
    from innozone.enterprises.models import Enterprise

    park, org = place
    p = signed(users["office"], new_project(users["office"], park), ago=50)
    outside = (
        Enterprise.objects.exclude(park=park)
        .exclude(region=park)
        .filter(status="active")
        .exclude(park__parent=park)
        .first()
    )
    not_registry = Organization.objects.filter(kind="department").first()
    for who, text in ((not_registry, "不在企业库中"), (outside.organization, "未注册在项目落地的")):
        with pytest.raises(ValidationFailed) as e:
            services.project_move(
                actor=users["office"],
                project=p,
                stage="registered",
                dates={"registered_on": days_ago(1)},
                enterprise=who.pk,
            )
        assert any(text in m for m in messages(e)), messages(e)
    # by USCC
    entry = Enterprise.objects.get(organization=org)
    services.project_move(
        actor=users["office"],
        project=p,
        stage="registered",
        dates={"registered_on": days_ago(1)},
        enterprise=entry.uscc,
    )
    p.refresh_from_db()
    assert p.enterprise_id == org.pk


def test_a_move_may_pass_stages_with_all_evidence(place, users):
    park, org = place
    p = new_project(users["office"], park)
    services.project_move(
        actor=users["office"], project=p, stage="started", signed_investment="5000000",
        dates={"signed_on": days_ago(30), "registered_on": days_ago(20), "started_on": days_ago(10)}, enterprise=org.pk,
    )  # fmt: skip
    p.refresh_from_db()
    assert p.stage == "started" and p.signed_investment == Decimal("5000000.00")


def test_notes_move_last_progress_and_drop(place, users):
    park, _ = place
    p = new_project(users["office"], park, on=days_ago(100))
    assert p.last_progress_on == days_ago(100)
    services.project_note(actor=users["office"], project=p, note="拜访投资方", on=days_ago(5))
    p.refresh_from_db()
    assert p.last_progress_on == days_ago(5)
    with pytest.raises(ValidationFailed):
        services.project_drop(actor=users["office"], project=p, reason=" ")
    services.project_drop(actor=users["office"], project=p, reason="投资方撤回")
    p.refresh_from_db()
    assert p.status == "dropped" and p.dropped_reason == "投资方撤回"
    with pytest.raises(Conflict):
        services.project_drop(actor=users["office"], project=p, reason="再次")
    with pytest.raises(ValidationFailed) as e:
        services.project_move(actor=users["office"], project=p, stage="negotiating")
    assert "项目已终止，不能再推进" in messages(e)


def test_permissions_by_region(place, users):
    park, _ = place
    p = new_project(users["office"], park)
    with pytest.raises(Forbidden):
        services.project_note(actor=users["leader"], project=p, note="x")
    with pytest.raises(Forbidden):
        services.project_note(actor=users["enterprise"], project=p, note="x")
    from innozone.core import regions

    outsider = next(
        u for name in ("lzgx", "lzxq", "bygx", "baiyin", "lanzhou")
        if (u := users[name]).organization.region_id and park.pk not in regions.descendants(u.organization.region_id)
        and p.responsible_id != u.organization_id
    )  # fmt: skip
    with pytest.raises(Forbidden):
        services.project_note(actor=outsider, project=p, note="x")
    insider = next(
        users[n] for n in ("lzgx", "lzxq", "bygx", "lanzhou", "baiyin")
        if park.pk in regions.descendants(users[n].organization.region_id)
    )  # fmt: skip
    services.project_note(actor=insider, project=p, note="园区跟进")
    with pytest.raises(ValidationFailed) as e:
        new_project(outsider, park)
    assert "只能登记落地在本单位所辖地区的项目" in messages(e)


# --- the same rules as CHECK constraints: direct writes are refused by the database -----------------------


def _refused(project, **changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(**changes)


def test_constraints_refuse_what_the_services_refuse(place, users):
    park, org = place
    p = new_project(users["office"], park)
    _refused(p, stage="started", started_on=days_ago(1))  # no 签约, no 注册落地
    _refused(p, stage="signed")  # no contract date
    _refused(p, stage="registered", signed_on=days_ago(5), registered_on=days_ago(3))  # no enterprise
    _refused(p, signed_on=days_ago(5), registered_on=days_ago(6))  # dates out of order
    _refused(p, signed_on=days_ago(5), started_on=days_ago(6))
    _refused(p, started_on=days_ago(5), producing_on=days_ago(6))
    _refused(p, producing_on=days_ago(5), full_on=days_ago(6))
    _refused(
        p,
        stage="full",
        signed_on=days_ago(9),
        registered_on=days_ago(8),
        enterprise=org,
        started_on=days_ago(7),
        producing_on=days_ago(6),
    )
    _refused(p, planned_investment=Decimal("-1"))
    # and what they allow, the database allows
    Project.objects.filter(pk=p.pk).update(
        stage="full", signed_on=days_ago(9), registered_on=days_ago(8), enterprise=org, started_on=days_ago(7),
        producing_on=days_ago(6), full_on=days_ago(6),
    )  # fmt: skip
    assert Project.objects.get(pk=p.pk).stage == "full"
