"""Demo platforms: about 40 platforms of every kind hosted by registry organizations of Lanzhou and Baiyin —
16 newly recognised in the plan year 2020 (兰州 12, 白银 4) so the 六个一百 indicator 创新平台 has numbers, others
recognised earlier or still 培育, one in 整改 and one 撤销 — and, with activity, recognition applications at every
step: waiting for the city, at the formal check, at expert review with a drawn panel, in 公示 with an objection
waiting for an answer, and one recognised. Names end with “（演示）”; is_demo=True. Deterministic, idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from innozone.carriers import selectors as carrier_selectors
from innozone.carriers.services import carriers as carrier_services
from innozone.core import publicity, regions
from innozone.core.models import Region, User
from innozone.enterprises.selectors import enterprises_for
from innozone.talent.selectors import draws as draw_selectors
from innozone.talent.selectors import experts as expert_selectors
from innozone.talent.services import reviews

from ..models import Kind, Platform, Recognition
from ..services import recognition

SEED = 20200613
DEMO = "（演示）"


def _hosts(office, city_code: str) -> list:
    city = Region.objects.filter(code=city_code).first()
    if city is None:
        return []
    return list(enterprises_for(office).filter(region_id__in=regions.descendants(city.pk)).order_by("id")[:60])


def _platform(rng, kind: Kind, host, n: int, status: str, year: int | None, fields: list[str]) -> Platform:
    field = rng.choice(fields)
    recognised_on = dt.date(year, rng.randint(3, 11), rng.randint(1, 28)) if year else None
    return Platform.objects.create(
        name=f"{host.name.removesuffix(DEMO)}{field}{kind.name}{DEMO}"[:200],
        kind=kind,
        level=rng.choice(["province", "province", "city", "national"]),
        host_id=host.organization_id,
        region_id=host.park_id or host.region_id,
        field=field,
        status=status,
        recognised_on=recognised_on,
        document_number=f"甘科{year}〔{n:03d}〕号（演示）" if year else "",
        description=f"依托{host.name}建设的{field}领域{kind.name}（演示数据）。",
        is_demo=True,
    )


def _records(office) -> list[Platform]:
    rng = random.Random(SEED)
    # the international kinds (issue 16) get one demo platform of their own (`_international`)
    kinds = list(Kind.objects.filter(active=True).exclude(code__startswith="intl_").order_by("order", "id"))
    if not kinds:
        return []
    fields = [f.name for f in expert_selectors.fields_all()]  # the market's fields: experts are drawn by them
    if not fields:
        return []
    made = []
    plan = [("lz", 12, 2020), ("by", 4, 2020), ("lz", 8, 2019), ("by", 3, 2018), ("lz", 7, None), ("by", 4, None)]
    n = 0
    for city, count, year in plan:
        hosts = _hosts(office, city)
        for _i in range(count):
            if not hosts:
                break
            host = hosts[(n * 7) % len(hosts)]
            n += 1
            status = "recognised" if year else "cultivating"
            if year == 2019 and _i == 0:
                status = "rectifying"
            if year == 2018 and _i == 0:
                status = "revoked"
            made.append(_platform(rng, kinds[n % len(kinds)], host, n, status, year, fields))
    return made


def _international(made: list[Platform]) -> list[Platform]:
    """One recognised 国际联合实验室 (its foreign partners are the cooperation demo's)."""
    kind = Kind.objects.filter(code="intl_joint_lab").first()
    host = next((p for p in made if p.status == "recognised"), None)
    if kind is None or host is None:
        return []
    platform = Platform.objects.create(
        name=f"{host.host.name.removesuffix(DEMO)}中亚新材料国际联合实验室{DEMO}"[:200],
        kind=kind,
        level="province",
        host_id=host.host_id,
        region_id=host.region_id,
        field=host.field,
        status="recognised",
        recognised_on=dt.date(2022, 9, 16),
        document_number="甘科外〔2022〕016号（演示）",
        description="与中亚国家高校、科研机构共建的国际联合实验室（演示数据）。",
        is_demo=True,
    )
    return [platform]


def _link_carriers(office, made: list[Platform]) -> int:
    """The demo's incubators and maker spaces get the demo carriers of their kind (their buildings and tenants)."""
    linked = 0
    for kind in ("incubator", "makerspace"):
        platforms = [p for p in made if p.kind.code == kind and p.status != "cultivating"]
        carriers = carrier_selectors.carriers_for(office).filter(kind=kind, platform__isnull=True).order_by("id")
        for platform, carrier in zip(platforms, carriers, strict=False):
            carrier_services.carrier_link_platform(actor=office, carrier=carrier, platform_id=platform.pk)
            linked += 1
    return linked


def _activity(office, cultivating: list[Platform]) -> None:
    """Recognition applications at every step, through the services (the office files for the hosts)."""
    if len(cultivating) < 5:
        return
    users = {u.username: u for u in User.objects.filter(username__in=["lzkjj", "bykjj"])}
    apps = []
    for p in cultivating[:5]:
        apps.append(
            recognition.recognition_apply(
                actor=office,
                platform=p,
                level="province",
                statement=f"{p.name}具备稳定的研发团队和场地条件，申请认定为省级{p.kind.name}。",
            )
        )

    def city_user(r):
        task = r.approval.tasks.filter(stage=1).select_related("approver").first()
        return next((u for u in users.values() if u.organization_id == task.approver_id), None)

    for r in apps[1:]:  # the first waits for the city
        user = city_user(r)
        if user is None:
            return
        recognition.recognition_decide(actor=user, recognition=r, approve=True, comment="同意推荐")
    for r in apps[2:]:  # the second waits for the formal check
        recognition.recognition_decide(actor=office, recognition=r, approve=True, comment="材料齐全")
    for r in apps[2:]:
        recognition.recognition_draw(actor=office, recognition=r, seed=f"demo-{r.pk}")
    # the third stays at expert review with one review in; the fourth and fifth go on
    for k, r in enumerate(apps[2:]):
        for a, assignment in enumerate(draw_selectors.assignments_for_subject(r)):
            if k == 0 and a > 0:
                break
            reviews.assignment_submit(
                actor=office,
                assignment=assignment,
                score=80 + (a * 3) % 12,
                recommend=True,
                opinion="研发条件较好，团队结构合理，建议通过认定。（书面评审意见，办公室录入）",
            )
    for r in apps[3:]:
        recognition.recognition_decide(actor=office, recognition=r, approve=True, comment="专家评审通过")
    notice = publicity.publicity_of(apps[3].approval)
    publicity.objection_file(
        actor=None,
        publicity=notice,
        name="张某（演示）",
        contact="0931-0000000",
        text="该平台实验场地面积与申报材料不符，请核实。",
    )
    # the fifth: its notice ran its days (moved back in time for the demo), then it is recognised
    done = publicity.publicity_of(apps[4].approval)
    type(done).objects.filter(pk=done.pk).update(
        starts_at=done.starts_at - dt.timedelta(days=8), ends_at=done.ends_at - dt.timedelta(days=8)
    )
    recognition.recognition_decide(
        actor=office,
        recognition=apps[4],
        approve=True,
        comment="公示无异议",
        document_number="甘科创〔2026〕1号（演示）",
        recognised_on=timezone.localdate(),
    )


def seed_part(*, with_activity: bool) -> str:
    if Platform.objects.filter(is_demo=True).exists():
        return ""
    office = User.objects.filter(username="office").first()
    if office is None:
        return ""
    made = _records(office)
    made += _international(made)
    _link_carriers(office, made)
    if with_activity:
        _activity(office, [p for p in made if p.status == "cultivating"])
    pending = Recognition.objects.filter(status=Recognition.Status.PENDING).count()
    return f"platforms: {len(made)} demo platforms, {pending} recognitions under way"
