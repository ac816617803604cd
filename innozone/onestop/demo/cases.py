"""Demo data: cases (办件) in every status on the catalogue's items, dated back from today on the official
calendar so the clocks show what their names say:

- 科技型中小企业评价入库（并联核验）: one case through 补正, acceptance, two parallel branches agreeing and the
  decision well within its clock (rated 非常满意); one denied because a branch disagreed (a bad rating,
  rectified); one waiting for acceptance is on the one-thing item;
- 科技企业入驻兰白自创区“一件事”: three branches, one agreed, two open; one waiting for acceptance;
- 实验动物生产许可证核发 (行政许可): one submitted under 容缺, one paused for expert review, one accepted under
  容缺 with the materials supplied and the limit extended;
- a 补正 out, a refusal, a withdrawal, a case on yellow, one on red, one overdue, an approved case with a bad
  rating waiting for rectification.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from innozone.core import workdays
from innozone.core.models import User

from ..engine import clock as clock_engine
from ..models import Case, ServiceItem
from ..services import cases as services
from ..services import cases_handling as handling
from ..services import ratings

PARALLEL_TWO = "62000000KJ-QR-0003"
PARALLEL_THREE = "62000000ZC-QT-0001"
LICENCE = "62000000KJ-XK-0001"
LICENCE_WORK = "62000000KJ-XK-0002"
ACHIEVEMENT = "62000000KJ-GG-0001"
AWARD = "62000000KJ-JL-0001"
TRANSFER = "62010000KJ-GG-0001"
PATENT = "62000000SJ-QR-0001"
GOOD = {"efficiency": 5, "guide": 5, "convenience": 5, "usability": 4}
BAD = {"efficiency": 2, "guide": 3, "convenience": 2, "usability": 3}


class _Demo:
    def __init__(self):
        self.today = timezone.localdate()
        self.is_workday = workdays.calendar()
        self.users = {u.username: u for u in User.objects.filter(is_active=True).select_related("organization")}
        self.items = {i.code: i for i in ServiceItem.objects.prefetch_related("materials")}
        self.made: list[Case] = []

    def back(self, n: int, hour: int = 10) -> dt.datetime:
        """Local `hour` o'clock on the latest day with n working days between it and today (n ≥ 1)."""
        day = self.today
        while clock_engine.working_days(day, self.today, self.is_workday) < n:
            day -= dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def ahead(self, start: dt.datetime, n: int) -> dt.date:
        return clock_engine.add_working_days(timezone.localtime(start).date(), n, self.is_workday)

    def submit(
        self,
        code: str,
        title: str,
        at: dt.datetime,
        *,
        who: str = "enterprise",
        defer: int = 0,
        until: dt.date | None = None,
    ) -> Case:
        """Submit on `at` with every required material, the last `defer` deferrable ones left under 容缺."""
        item = self.items[code]
        materials = [m for m in item.materials.all() if m.required]
        deferrable = [m for m in materials if m.may_defer and item.allows_deferral][-defer:] if defer else []
        files = {m.pk: _pdf(m.name) for m in materials if m not in deferrable}
        actor = self.users[who]
        case = services.case_submit(
            actor=actor,
            item=item,
            title=title,
            contact=actor.get_full_name() or actor.username,
            phone="0931-8800000",
            description="（演示办件）",
            files=files,
            deferred_ids=[m.pk for m in deferrable],
            promise=bool(deferrable),
            deferred_until=until if deferrable else None,
            now=at,
        )
        self.made.append(case)
        return case

    def lead(self, case: Case) -> User:
        org = case.item.department_id
        return next(
            u
            for u in self.users.values()
            if u.organization_id == org and u.role in ("coordinator", "office_admin", "reporter")
        )

    def branch(self, case: Case, username: str, approve: bool, comment: str, at: dt.datetime) -> None:
        case.refresh_from_db()
        user = self.users[username]
        task = next(t for t in handling.branches_of(case) if t.approver_id == user.organization_id)
        handling.branch_decide(actor=user, case=case, task_id=task.pk, approve=approve, comment=comment, now=at)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", f"%PDF-1.4 demo {name}".encode(), content_type="application/pdf")


def _ready() -> bool:
    codes = {PARALLEL_TWO, PARALLEL_THREE, LICENCE, LICENCE_WORK, ACHIEVEMENT, AWARD, TRANSFER, PATENT}
    published = ServiceItem.objects.filter(code__in=codes, status=ServiceItem.Status.PUBLISHED).count()
    return (
        published == len(codes) and User.objects.filter(username__in=["enterprise", "kjt", "kjj", "scjg"]).count() == 4
    )


@transaction.atomic
def seed_part(*, with_activity: bool) -> str:
    if not with_activity or not _ready() or Case.objects.filter(is_demo=True).exists():
        return ""
    d = _Demo()
    _parallel(d)
    _licence(d)
    _others(d)
    Case.objects.filter(pk__in=[c.pk for c in d.made]).update(is_demo=True)
    statuses = sorted({c.status for c in Case.objects.filter(pk__in=[c.pk for c in d.made])})
    return f"{len(d.made)} cases ({', '.join(statuses)})"


def _parallel(d: _Demo) -> None:
    # through 补正, two branches, finished within its clock; rated 非常满意
    case = d.submit(PARALLEL_TWO, "科技型中小企业评价入库申请（演示）", d.back(14))
    kjt = d.lead(case)
    services.case_correct(
        actor=kjt,
        case=case,
        now=d.back(13),
        items=[
            {"material": "科技型中小企业信息表", "problem": "研发人员数与社保缴纳人数不一致，请核实后重新填报"},
            {"material": "研发费用辅助账", "problem": "缺少2025年第四季度明细"},
        ],
    )
    services.case_answer(
        actor=d.users["enterprise"],
        case=case,
        note="已按要求更正并补充明细",
        files=[_pdf("科技型中小企业信息表（更正）"), _pdf("研发费用辅助账（补充）")],
        now=d.back(11),
    )
    services.case_accept(actor=kjt, case=case, note="材料齐全，予以受理", now=d.back(10))
    d.branch(case, "kjj", True, "企业注册地、统计数据核验无误", d.back(8))
    d.branch(case, "scjg", True, "无经营异常名录和严重违法失信记录", d.back(7))
    handling.case_decide(actor=kjt, case=case, approve=True, note="符合科技型中小企业评价条件，准予入库", now=d.back(6))
    ratings.rating_create(
        actor=d.users["enterprise"],
        case=case,
        level=5,
        dimensions=GOOD,
        comment="补正一次说清楚，并联核验很快",
        now=d.back(5),
    )
    # denied: a branch disagreed; a bad rating, rectified
    case = d.submit(PARALLEL_TWO, "科技型中小企业评价入库申请（第二次，演示）", d.back(13, 15))
    services.case_accept(actor=kjt, case=case, now=d.back(12))
    d.branch(case, "scjg", False, "企业被列入经营异常名录，移出前不予入库", d.back(10))
    rating = ratings.rating_create(
        actor=d.users["enterprise"],
        case=case,
        level=2,
        dimensions=BAD,
        comment="不予办理的原因没有提前告知",
        now=d.back(9),
    )
    ratings.rating_reply(
        actor=kjt,
        rating=rating,
        now=d.back(4),
        reply="已在办事指南中增加经营异常名录核验说明，并在受理时提示；已电话回访企业",
    )
    # three branches: one agreed, two open
    case = d.submit(PARALLEL_THREE, "科技企业入驻“一件事”申请（演示）", d.back(5))
    office = d.lead(case)
    services.case_accept(actor=office, case=case, now=d.back(4))
    d.branch(case, "kjt", True, "科技型企业条件符合", d.back(2))
    # waiting for acceptance
    d.submit(PARALLEL_THREE, "科技企业入驻“一件事”申请（待受理，演示）", d.back(1))


def _licence(d: _Demo) -> None:
    # submitted under 容缺 (two materials promised)
    at = d.back(1, 9)
    d.submit(LICENCE, "实验动物生产许可证申请（容缺，演示）", at, defer=2, until=d.ahead(at, 10))
    # paused for expert review
    case = d.submit(LICENCE, "实验动物生产许可证申请（专家评审中，演示）", d.back(9))
    kjt = d.lead(case)
    services.case_accept(actor=kjt, case=case, now=d.back(8))
    handling.case_pause(actor=kjt, case=case, reason="expert", note="组织专家现场评审设施条件", now=d.back(3))
    # accepted under 容缺, materials supplied, extended once
    at = d.back(7)
    case = d.submit(LICENCE, "实验动物生产许可证申请（延长，演示）", at, defer=1, until=d.ahead(at, 8))
    services.case_accept(actor=kjt, case=case, now=d.back(6))
    missing = services.deferred_missing(case)
    services.case_supply(
        actor=d.users["enterprise"], case=case, files={m.pk: _pdf(m.name) for m in missing}, now=d.back(4)
    )
    handling.case_extend(
        actor=kjt,
        case=Case.objects.get(pk=case.pk),
        days=10,
        now=d.back(2),
        reason="需补充现场检测，经本机关负责人批准延长十日",
    )
    # red: one working day left
    item = d.items[LICENCE_WORK]
    case = d.submit(LICENCE_WORK, "外国人来华工作许可申请（演示）", d.back(services.limit_for(item) + 1))
    services.case_accept(actor=d.lead(case), case=case, now=d.back(services.limit_for(item) - 1))


def _others(d: _Demo) -> None:
    # 补正 out
    case = d.submit(ACHIEVEMENT, "科技成果登记（演示）", d.back(3))
    services.case_correct(
        actor=d.lead(case),
        case=case,
        now=d.back(2),
        items=[{"material": "成果评价报告", "problem": "缺少评价机构盖章"}],
    )
    # refused
    case = d.submit(AWARD, "甘肃省科学技术奖提名（演示）", d.back(6))
    services.case_refuse(
        actor=d.lead(case), case=case, now=d.back(5), reason="本年度提名工作已截止，请于下一年度提名期内申请"
    )
    # withdrawn
    case = d.submit(ACHIEVEMENT, "科技成果登记（已撤回，演示）", d.back(4))
    services.case_withdraw(actor=d.users["enterprise"], case=case, reason="成果尚未完成评价", now=d.back(3))
    # approved, a bad rating waiting for rectification
    case = d.submit(AWARD, "甘肃省科学技术奖提名（已办结，演示）", d.back(10))
    services.case_accept(actor=d.lead(case), case=case, now=d.back(9))
    handling.case_decide(actor=d.lead(case), case=case, approve=True, note="提名材料符合要求", now=d.back(3))
    ratings.rating_create(
        actor=d.users["enterprise"],
        case=case,
        level=2,
        dimensions=BAD,
        now=d.back(2),
        comment="提名材料模板与系统要求不一致，来回修改多次",
    )
    # yellow: as many days left as the item warns about
    item = d.items[TRANSFER]
    left = max(2, item.warn_days)
    case = d.submit(TRANSFER, "技术转移机构备案（演示）", d.back(services.limit_for(item) - left + 2))
    services.case_accept(actor=d.lead(case), case=case, now=d.back(services.limit_for(item) - left))
    # overdue
    item = d.items[PATENT]
    case = d.submit(PATENT, "专利优先审查推荐（演示）", d.back(services.limit_for(item) + 4))
    services.case_accept(actor=d.lead(case), case=case, now=d.back(services.limit_for(item) + 2))
