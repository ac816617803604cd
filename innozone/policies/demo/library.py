"""Demo data of the policy library, built through the services (so every rule, the fair review and
publication run as they would for the office):

- the "1+N" system of seed 001 task 3: the framework 《中共甘肃省委 甘肃省人民政府关于支持兰州白银国家自主创新
  示范区建设的若干意见》(甘发〔2019〕16号) and implementing measures of 兰州市, 白银市, the 兰州自创区管委会 and
  the 省科技厅 hanging off it;
- the funding measures of seed 000 section 2.3 (引导资金: 配套 for ministerial projects, rewards for key
  technologies, open facilities and technology-transfer centres, 产学研, patent commercialisation, credit);
- the seeds give no amounts or conditions, so every clause with numbers is labelled "（演示条款）" in its title;
- 20+ published clauses with conditions over the registry's variables, several 免申即享, several linked to a
  one-stop service item by code (the catalogue demo's codes), one clause that favours particular enterprises
  published after a passed fair-competition review, one policy waiting in fair review, one draft, one expired.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from innozone.core.models import Organization, User

from ..models import Policy
from ..selectors.library_items import item_ids_by_code
from ..services import fair, library, library_clauses, library_publish
from .library_specs import DEMO, fixed, ge, has, one_of, policies

FRAMEWORK_TITLE = "中共甘肃省委 甘肃省人民政府关于支持兰州白银国家自主创新示范区建设的若干意见"
START, END = dt.date(2024, 1, 1), dt.date(2028, 12, 31)
ITEM_CODES = {
    "voucher": "62000000ZC-JF-0001",
    "funds": "62000000ZC-JF-0002",
    "contract": "62000000KJ-QR-0001",
    "cultivation": "62010000KJ-QR-0001",
    "platform": "62000000KJ-QR-0002",
    "tsme": "62000000KJ-QR-0003",
}


def _create(office, spec, framework, items) -> Policy:
    clauses = spec.pop("clauses")
    review = spec.pop("review", None)
    parent = spec.pop("parent", framework)
    policy = library.policy_create(
        actor=office,
        is_demo=True,
        issued_on=START - dt.timedelta(days=30),
        effective_from=START,
        effective_until=END,
        parent=parent.pk if parent else "",
        owner=spec.pop("owner").pk,
        **spec,
    )
    for n, c in enumerate(clauses, start=1):
        item = items.get(c.pop("item", ""), "")
        library_clauses.clause_create(actor=office, policy=policy, order=n, service_item=item, **c)
    if review:
        _review_and_approve(office, policy, review)
    return policy


def _answers(involved=()):
    return {
        code: {
            "answer": "yes" if code in involved else "no",
            "note": "对认定的瞪羚企业给予奖励" if code in involved else "",
        }
        for code in fair.CODES
    }


def _review_and_approve(office, policy, conclusion) -> None:
    from innozone.core import approvals

    review = fair.fair_review_submit(
        actor=office,
        policy=policy,
        checklist=_answers(("cost_subsidy",)),
        conclusion=conclusion,
        basis="属于《公平竞争审查条例》第十二条规定的例外情形：为促进科学技术进步、增强国家自主创新能力（演示）。",
    )
    task = review.approval.tasks.filter(status="pending").select_related("approver").first()
    decider = User.objects.filter(organization=task.approver, is_active=True).order_by("pk").first()
    approvals.approval_decide(actor=decider, task=task, approve=True, comment="符合例外规定，同意发布（演示）")


@transaction.atomic
def seed_part(*, with_activity: bool) -> str:
    if Policy.objects.filter(is_demo=True).exists():
        return "policies library: already loaded"
    office = User.objects.filter(username="office").first()
    if office is None:
        return ""
    orgs = {o.name: o for o in Organization.objects.filter(kind__in=library.OWNER_KINDS)}
    found = item_ids_by_code(ITEM_CODES.values())
    items = {key: str(found[code]) for key, code in ITEM_CODES.items() if code in found}
    framework = library.policy_create(
        actor=office,
        is_demo=True,
        title=FRAMEWORK_TITLE,
        issuer="中共甘肃省委 甘肃省人民政府",
        doc_number="甘发〔2019〕16号",
        level="provincial",
        is_framework=True,
        owner=orgs["甘肃省科学技术厅"].pk,
        summary="支持兰州白银国家自主创新示范区建设的框架政策（“1”）。自创区领导小组各成员单位、兰州市、白银市和两个自创区管委会"
        "据此制定本级支持意见和政策措施（“N”），形成省、市、区三级联动的“1+N”政策体系（种子文件 001 第 3 项）。",
        effective_from=dt.date(2019, 1, 1),
    )
    library_publish.policy_publish(actor=office, policy=framework)
    published = [framework]
    for spec in policies(orgs):
        policy = _create(office, spec, framework, items)
        library_publish.policy_publish(actor=office, policy=policy)
        published.append(policy)

    # one policy waiting in fair review: a selective reward for headquarters moving into 兰州新区
    pending = library.policy_create(
        actor=office,
        is_demo=True,
        title=f"兰州新区招商引资落户奖励办法{DEMO}",
        issuer="兰州新区管委会",
        level="park",
        owner=orgs["兰州新区管委会"].pk,
        parent=framework.pk,
        effective_from=START,
        effective_until=END,
        summary="对总部迁入兰州新区的龙头企业给予一次性落户奖励（待公平竞争审查）。",
    )
    library_clauses.clause_create(
        actor=office,
        policy=pending,
        number="第三条",
        title=f"龙头企业总部落户奖励{DEMO}",
        kind="reward",
        favours_specific=True,
        condition={"and": [has("region", "lzxq"), ge("revenue", 100000000)]},
        amount_rule=fixed(1000000),
    )
    fair.fair_review_submit(
        actor=office,
        policy=pending,
        checklist=_answers(("cost_subsidy",)),
        conclusion="exception",
        basis="拟适用例外规定：促进区域协调发展（演示，待审查机构审批）。",
    )

    # a draft still being written
    draft = library.policy_create(
        actor=office,
        is_demo=True,
        title=f"白银自创区高层次人才引进待遇办法{DEMO}",
        issuer="白银自创区管委会",
        level="park",
        owner=orgs["白银自创区管委会"].pk,
        parent=framework.pk,
        summary="草稿：引进高层次人才的安家补贴和子女入学服务。",
    )
    library_clauses.clause_create(
        actor=office,
        policy=draft,
        number="第四条",
        title=f"高层次人才安家补贴{DEMO}",
        kind="talent",
        condition={"and": [has("region", "by"), ge("sci_staff", 5)]},
        amount_rule=fixed(200000),
    )

    # an expired policy: the 2020 voucher measures, valid until the end of 2022
    old = library.policy_create(
        actor=office,
        is_demo=True,
        title=f"兰州市科技创新券管理办法（2020年版）{DEMO}",
        issuer="兰州市科学技术局",
        doc_number="兰科发〔2020〕演示5号",
        level="city",
        owner=orgs["兰州市科学技术局"].pk,
        parent=framework.pk,
        effective_from=dt.date(2020, 1, 1),
        effective_until=END,
        summary="2020 年版创新券办法，已被新办法取代（已失效）。",
    )
    library_clauses.clause_create(
        actor=office,
        policy=old,
        number="第八条",
        title=f"创新券额度（2020年版）{DEMO}",
        kind="service",
        condition=one_of("size", ["small", "micro"]),
        amount_rule=fixed(100000),
    )
    library_publish.policy_publish(actor=office, policy=old)
    Policy.objects.filter(pk=old.pk).update(effective_until=dt.date(2022, 12, 31))
    library.policies_expire_due(actor=office)

    from ..models import Clause

    count = Clause.objects.filter(policy__is_demo=True, status="published", policy__status="published").count()
    return f"policies library: {len(published) + 3} policies, {count} published clauses in force, 1 in fair review"
