"""Chain services: validation with every problem, lead units, nesting rules (same segment, no cycles, depth),
delete refusals, placements only of active registry entries once per year, targets, landed projects counting on
their link, audit of every change."""

import datetime as dt
from decimal import Decimal

import pytest

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import AuditEvent, Organization, Region, User
from innozone.enterprises.selectors import enterprises_for
from innozone.investment.demo import chains as demo
from innozone.investment.engine import gaps
from innozone.investment.models import Chain, Link, Placement, Project
from innozone.investment.selectors import chains as selectors
from innozone.investment.services import chains as services
from innozone.investment.services import chains_placements, targets


@pytest.fixture
def users(investment_world):
    return {u.username: u for u in User.objects.filter(username__in=["office", "leader", "lzxq", "lzgx", "kjj"])}


def _fields(error):
    return {d["field"] for d in error.value.detail}


def test_chain_create_lists_every_problem_and_only_the_office_creates(users):
    with pytest.raises(ValidationFailed) as e:
        services.chain_create(actor=users["office"], code="bad code!", name="", lead="999999999")
    assert _fields(e) == {"code", "name", "lead"}
    with pytest.raises(ValidationFailed) as e:
        services.chain_create(actor=users["office"], code="PETRO", name="重复")
    assert "已被其他产业链使用" in e.value.detail[0]["message"]
    with pytest.raises(Forbidden):
        services.chain_create(actor=users["lzxq"], code="X1", name="x")
    chain = services.chain_create(actor=users["office"], code="AGRI", name="特色农产品")
    assert AuditEvent.objects.filter(action="investment.chain.create", object_id=str(chain.pk)).exists()


def test_lead_unit_edits_but_cannot_move_the_lead(users):
    petro = Chain.objects.get(code="PETRO")
    services.chain_update(actor=users["lzxq"], chain=petro, code="PETRO", name="石油化工（含精细化工）",
                          lead=petro.lead_id)  # fmt: skip
    other = Organization.objects.filter(kind="committee").exclude(pk=petro.lead_id).first()
    with pytest.raises(ValidationFailed):
        services.chain_update(actor=users["lzxq"], chain=petro, code="PETRO", name="石油化工", lead=other.pk)
    with pytest.raises(Forbidden):
        services.chain_update(actor=users["lzgx"], chain=petro, code="PETRO", name="x")
    with pytest.raises(Forbidden):
        services.chain_update(actor=users["leader"], chain=petro, code="PETRO", name="x")


def test_link_nesting_rules(users):
    office = users["office"]
    chain = services.chain_create(actor=office, code="T1", name="测试链")
    top = services.link_create(actor=office, chain=chain, name="上游", segment="up")
    child = services.link_create(actor=office, chain=chain, name="子环节", parent=top.pk)
    assert child.segment == "up"  # follows its parent
    with pytest.raises(ValidationFailed) as e:
        services.link_create(actor=office, chain=chain, name="错位", parent=top.pk, segment="down")
    assert "须与上级环节一致" in e.value.detail[0]["message"]
    with pytest.raises(ValidationFailed) as e:
        services.link_update(actor=office, link=top, name="上游", segment="up", parent=child.pk)
    assert "不能挂在自身" in e.value.detail[0]["message"]
    with pytest.raises(ValidationFailed):
        services.link_create(actor=office, chain=chain, name="子环节", parent=top.pk)  # same name, same parent
    other = Link.objects.exclude(chain=chain).first()
    with pytest.raises(ValidationFailed) as e:
        services.link_create(actor=office, chain=chain, name="外链", parent=other.pk)
    assert "不属于该产业链" in e.value.detail[0]["message"]
    node = child
    for n in range(3):
        node = services.link_create(actor=office, chain=chain, name=f"第{n + 3}级", parent=node.pk)
    with pytest.raises(ValidationFailed) as e:
        services.link_create(actor=office, chain=chain, name="第6级", parent=node.pk)
    assert "最多 5 级" in e.value.detail[0]["message"]
    services.link_update(actor=office, link=top, name="中游", segment="mid")
    assert set(Link.objects.filter(chain=chain).values_list("segment", flat=True)) == {"mid"}


def test_link_delete_refused_while_something_hangs_on_it(users):
    gap = demo.journey_link()
    with pytest.raises(Conflict) as e:
        services.link_delete(actor=users["office"], link=gap)
    assert "招商目标" in str(e.value.message)
    with pytest.raises(Conflict):
        services.link_delete(actor=users["office"], link=gap.parent)
    chain = Chain.objects.get(code="ICT")
    leaf = services.link_create(actor=users["office"], chain=chain, name="临时环节", segment="down")
    services.link_delete(actor=users["office"], link=leaf)
    assert AuditEvent.objects.filter(action="investment.link.delete", object_id=str(leaf.pk)).exists()


def test_placements_need_an_active_registry_entry_once_a_year(users):
    office, gap = users["office"], demo.journey_link()
    with pytest.raises(ValidationFailed) as e:
        chains_placements.placement_add(actor=office, link=gap, organization="0", year=1990, output_value="-1")
    assert _fields(e) == {"organization", "year", "output_value"}
    outsider = Organization.objects.filter(kind="government").first()  # no registry entry
    with pytest.raises(ValidationFailed):
        chains_placements.placement_add(actor=office, link=gap, organization=outsider.pk, year=2025, output_value="1")
    entry = enterprises_for(office).filter(status="active").first()
    placement = chains_placements.placement_add(
        actor=office, link=gap, organization=entry.organization_id, year=2025, output_value="1,000.50"
    )
    assert placement.output_value == Decimal("1000.50")
    with pytest.raises(Conflict):
        chains_placements.placement_add(actor=office, link=gap, organization=entry.organization_id, year=2025,
                                        output_value="2")  # fmt: skip
    with pytest.raises(Forbidden):
        chains_placements.placement_add(actor=users["lzgx"], link=gap, organization=entry.organization_id, year=2024,
                                        output_value="2")  # fmt: skip
    chains_placements.placement_update(actor=users["lzxq"], placement=placement, output_value="5")
    placement.refresh_from_db()
    assert placement.output_value == Decimal("5.00")
    chains_placements.placement_remove(actor=office, placement=placement)
    actions = set(AuditEvent.objects.filter(object_type="investment.Placement").values_list("action", flat=True))
    assert actions >= {"investment.placement.add", "investment.placement.update", "investment.placement.remove"}


def test_targets_validation_and_signed_needs_a_project(users):
    gap = demo.journey_link()
    with pytest.raises(ValidationFailed) as e:
        targets.target_create(actor=users["office"], link=gap, company="", uscc="123", priority="9", status="won")
    assert _fields(e) == {"company", "uscc", "priority", "status"}
    with pytest.raises(ValidationFailed) as e:
        targets.target_create(actor=users["office"], link=gap, company="某化工集团", status="signed")
    assert "须关联招商项目" in e.value.detail[0]["message"]
    existing = gap.targets.first()
    with pytest.raises(ValidationFailed):
        targets.target_create(actor=users["office"], link=gap, company=existing.company)
    target = targets.target_update(actor=users["lzxq"], target=existing, status="contacted")
    assert target.status == "contacted" and target.company == existing.company
    with pytest.raises(Forbidden):
        targets.target_delete(actor=users["leader"], target=target)


def _landed_project(link, enterprise_org, stage="registered", status="active"):
    park = Region.objects.filter(kind="park").first()
    return Project.objects.create(
        code=f"ZS-T-{link.pk}-{stage}", name="测试落地项目", stage=stage, status=status, source="lanqia",
        link=link, park=park, responsible=Organization.objects.filter(kind="committee").first(), investor="外地集团",
        planned_investment=Decimal("100000000"), signed_on=dt.date(2025, 3, 1), registered_on=dt.date(2025, 4, 1),
        enterprise=enterprise_org, last_progress_on=dt.date(2025, 4, 1),
    )  # fmt: skip


def test_a_landed_project_fills_its_gap_once(users):
    gap = demo.journey_link()
    chain = gap.chain
    before = selectors.chain_gaps(chain)[0]
    assert before.links[gap.pk].status == gaps.GAP
    entry = enterprises_for(users["office"]).filter(status="active").first()
    _landed_project(gap, entry.organization)
    after = selectors.chain_gaps(chain)[0]
    assert after.links[gap.pk].status == gaps.STRONG and after.links[gap.pk].enterprises == 1
    assert after.summary.gaps == before.summary.gaps - 1
    chains_placements.placement_add(actor=users["office"], link=gap, organization=entry.organization_id,
                                    year=selectors.current_year(), output_value="10")  # fmt: skip
    assert selectors.chain_gaps(chain)[0].links[gap.pk].enterprises == 1  # counted once
    cockpit = {row["code"]: row for row in selectors.gaps_by_chain()}
    assert cockpit["PETRO"]["gaps"] == after.summary.gaps


def test_a_dropped_or_unlanded_project_fills_nothing(users):
    gap = demo.journey_link()
    entry = enterprises_for(users["office"]).filter(status="active").first()
    _landed_project(gap, entry.organization, status="dropped")
    assert selectors.chain_gaps(gap.chain)[0].links[gap.pk].status == gaps.GAP


def test_chain_delete_refused_when_a_project_fills_a_link(users):
    gap = demo.journey_link()
    entry = enterprises_for(users["office"]).filter(status="active").first()
    _landed_project(gap, entry.organization)
    with pytest.raises(Conflict):
        services.chain_delete(actor=users["office"], chain=gap.chain)
    with pytest.raises(Forbidden):
        services.chain_delete(actor=users["lzxq"], chain=gap.chain)
    ict = Chain.objects.get(code="ICT")
    services.chain_delete(actor=users["office"], chain=ict)
    assert not Link.objects.filter(chain_id=ict.pk).exists() and not Placement.objects.filter(link__chain_id=ict.pk)
    assert AuditEvent.objects.filter(action="investment.chain.delete", object_id=str(ict.pk)).exists()
