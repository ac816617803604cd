"""Demo data of the pipeline: the 兰洽会 and 科博会 of 2025 and 2026 (always), and with activity about twenty
projects in every stage from lead to 达产 and dropped, from those fairs and the other sources, parks with
registry enterprises as their 落地 enterprises, funds in place by month, and one stalled project. Made
through the services, so the audit, timeline and ledger are what real use writes. Dates follow today."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from innozone.core.models import Organization, Region, User
from innozone.enterprises.selectors import enterprises_for

from ..models import Fair, Link, Project

FAIRS = [  # (name, kind, year, month, first day, days, place)
    ("第三十一届中国兰州投资贸易洽谈会", "lanqia", 2025, 7, 6, 4, "兰州"),
    ("2025兰州科技成果博览会", "kebo", 2025, 9, 18, 3, "兰州"),
    ("第三十二届中国兰州投资贸易洽谈会", "lanqia", 2026, 7, 6, 4, "兰州"),
    ("2026兰州科技成果博览会", "kebo", 2026, 9, 17, 3, "兰州"),
]

# (name, investor, location, source, fair index or None, stage, dropped reason, planned 万元, signed 万元,
#  days ago signed, monthly funds 万元, industry)
PROJECTS = [
    (
        "高纯铝基新材料深加工项目",
        "中铝集团（演示）",
        "北京",
        "lanqia",
        0,
        "full",
        "",
        120000,
        100000,
        480,
        3000,
        "3216",
    ),
    (
        "锂电正极材料一体化项目",
        "宁德时代新能源（演示）",
        "福建宁德",
        "lanqia",
        0,
        "producing",
        "",
        200000,
        180000,
        450,
        5000,
        "3985",
    ),
    ("生物疫苗原液生产基地", "华兰生物（演示）", "河南新乡", "kebo", 1, "started", "", 60000, 55000, 400, 1200, "2762"),
    ("氢能装备制造项目", "中集安瑞科（演示）", "广东深圳", "lanqia", 0, "started", "", 80000, 70000, 420, 1500, "3462"),
    (
        "高端数控机床零部件项目",
        "秦川机床（演示）",
        "陕西宝鸡",
        "chain",
        None,
        "registered",
        "",
        30000,
        28000,
        200,
        600,
        "3421",
    ),
    ("光伏组件智能工厂", "隆基绿能（演示）", "陕西西安", "lanqia", 2, "registered", "", 150000, 150000, 120, 0, "3825"),
    (
        "石化副产品精细化工项目",
        "万华化学（演示）",
        "山东烟台",
        "business",
        None,
        "signed",
        "",
        90000,
        85000,
        100,
        0,
        "2614",
    ),
    ("电子级多晶硅项目", "通威股份（演示）", "四川成都", "kebo", 3, "signed", "", 110000, 100000, 60, 0, "3985"),
    (
        "稀土功能材料项目",
        "北方稀土（演示）",
        "内蒙古包头",
        "overseas",
        None,
        "signed",
        "",
        45000,
        40000,
        150,
        0,
        "3240",
    ),
    ("数据中心算力基地", "秦淮数据（演示）", "北京", "online", None, "negotiating", "", 250000, None, None, 0, "6450"),
    ("原料药绿色制造项目", "齐鲁制药（演示）", "山东济南", "kebo", 3, "negotiating", "", 40000, None, None, 0, "2710"),
    (
        "风电叶片生产线",
        "金风科技（演示）",
        "新疆乌鲁木齐",
        "chain",
        None,
        "negotiating",
        "",
        35000,
        None,
        None,
        0,
        "3415",
    ),
    ("储能电池系统集成项目", "比亚迪（演示）", "广东深圳", "lanqia", 2, "lead", "", 60000, None, None, 0, "3849"),
    ("中药配方颗粒项目", "中国中药（演示）", "广东佛山", "kebo", 3, "lead", "", 20000, None, None, 0, "2740"),
    (
        "工业机器人应用中心",
        "埃斯顿自动化（演示）",
        "江苏南京",
        "online",
        None,
        "lead",
        "",
        15000,
        None,
        None,
        0,
        "3491",
    ),
    (
        "有色金属再生利用项目",
        "格林美（演示）",
        "广东深圳",
        "lanqia",
        2,
        "negotiating",
        "投资方调整战略布局，暂停西北投资",
        50000,
        None,
        None,
        0,
        "4210",
    ),
    (
        "化工新材料中试基地",
        "蓝晓科技（演示）",
        "陕西西安",
        "chain",
        None,
        "lead",
        "选址条件未达成一致",
        8000,
        None,
        None,
        0,
        "2651",
    ),
]
STALLED = "稀土功能材料项目"  # signed, no progress for 90 days
WAN = Decimal(10000)


def _fairs() -> list[Fair]:
    out = []
    for name, kind, year, month, day, days, place in FAIRS:
        start = dt.date(year, month, day)
        fair, _ = Fair.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "year": year, "starts_on": start, "ends_on": start + dt.timedelta(days=days - 1),
                      "location": place, "is_demo": True},
        )  # fmt: skip
        out.append(fair)
    return out


LANDED = ("registered", "started", "producing", "full")


def _pick(links: list, n: int) -> int | None:
    return links[n % len(links)].pk if links else None


def _parks_with_enterprises(office) -> list[tuple[Region, list[Organization]]]:
    by_park: dict[int, list] = {}
    parks = {}
    for entry in enterprises_for(office).filter(park__isnull=False, status="active").order_by("pk"):
        by_park.setdefault(entry.park_id, []).append(entry.organization)
        parks[entry.park_id] = entry.park
    return [(parks[pk], orgs) for pk, orgs in sorted(by_park.items(), key=lambda kv: -len(kv[1]))]


def _responsible(park: Region) -> Organization:
    return Organization.objects.filter(
        region=park, kind__in=("committee", "government"), is_active=True
    ).first() or Organization.objects.get(name="兰白国家自主创新示范区办公室")


def seed_part(*, with_activity: bool) -> str:
    from ..services import funds as funds_services
    from ..services import projects as services

    fairs = _fairs()
    if not with_activity:
        return f"节会：{len(fairs)} 个"
    office = User.objects.filter(username="office").first()
    if office is None or Project.objects.filter(is_demo=True).exists():
        return ""
    places = _parks_with_enterprises(office)
    if not places:
        return ""
    # landed projects (注册落地 and later count on their link) go to links that already have enterprises, the
    # others to the gaps they are meant to fill — never the gap the journey fills (demo.chains.journey_link)
    from .chains import journey_link

    journey = journey_link()
    links_qs = Link.objects.exclude(pk=journey.pk if journey else None).order_by("chain_id", "order", "pk")
    placed = list(links_qs.filter(placements__isnull=False).distinct()[:40])
    gaps = list(links_qs.filter(placements__isnull=True, children__isnull=True)[:40])
    today = timezone.localdate()
    used: set[int] = set()
    made = 0
    with transaction.atomic():
        for n, (
            name,
            investor,
            location,
            source,
            fair_i,
            stage,
            dropped,
            planned,
            signed,
            ago,
            monthly,
            code,
        ) in enumerate(PROJECTS):
            park, orgs = places[n % len(places)]
            fair = fairs[fair_i] if fair_i is not None else None
            start = fair.ends_on if fair else today - dt.timedelta(days=(ago or 40) + 30)
            start = min(start, today - dt.timedelta(days=(ago or 20) + 5)) if ago else start
            data = {
                "name": name, "investor": investor, "investor_location": location, "source": source,
                "fair": fair.pk if fair else None, "park": park.pk, "responsible": _responsible(park).pk,
                "responsible_person": "张明（演示）", "industry_code": code, "planned_investment": planned * WAN,
                "link": _pick(placed if stage in LANDED else gaps, n),
                "description": f"{investor}拟在{park.name}投资建设{name}。",
            }  # fmt: skip
            project = services.project_create(actor=office, data=data, on=min(start, today))
            Project.objects.filter(pk=project.pk).update(is_demo=True)
            if stage != "lead":
                services.project_note(
                    actor=office,
                    project=project,
                    note="双方围绕选址、供地和配套政策进行洽谈",
                    on=min(start + dt.timedelta(days=10), today),
                )
                services.project_move(actor=office, project=project, stage="negotiating", note="进入实质性洽谈")
            if signed is not None:
                signed_on = today - dt.timedelta(days=ago)
                dates = {"signed_on": signed_on}
                steps = ["signed"]
                enterprise = None
                if stage in ("registered", "started", "producing", "full"):
                    dates["registered_on"] = signed_on + dt.timedelta(days=30)
                    enterprise = next((o for o in orgs if o.pk not in used), orgs[0])
                    used.add(enterprise.pk)
                    steps.append("registered")
                for later, days in (("started", 90), ("producing", 270), ("full", 420)):
                    if Project.Stage.values.index(stage) >= Project.Stage.values.index(later):
                        dates[f"{later}_on"] = min(signed_on + dt.timedelta(days=days), today)
                        steps.append(later)
                services.project_move(
                    actor=office, project=project, stage="signed", dates={"signed_on": signed_on},
                    signed_investment=signed * WAN, contract_no=f"ZS-HT-{today.year}-{n + 1:03d}", note="正式签约",
                )  # fmt: skip
                for step in steps[1:]:
                    extra = {"enterprise": enterprise.pk} if step == "registered" else {}
                    services.project_move(
                        actor=office, project=project, stage=step, dates={f"{step}_on": dates[f"{step}_on"]}, **extra
                    )
                if monthly:
                    month = dates.get("started_on", signed_on).replace(day=1)
                    k = 0
                    while month <= today.replace(day=1) and k < 18:
                        services_kind = "working" if k % 4 == 3 else "fixed"
                        funds_services.funds_report(
                            actor=office, project=project, month=month, amount=monthly * WAN * (Decimal(k % 3) + 1) / 2,
                            kind=services_kind, origin=location,
                        )  # fmt: skip
                        month = (month + dt.timedelta(days=32)).replace(day=1)
                        k += 1
            if dropped:
                services.project_drop(actor=office, project=project, reason=dropped)
            if name == STALLED:
                Project.objects.filter(pk=project.pk).update(last_progress_on=today - dt.timedelta(days=90))
            made += 1
    return f"节会：{len(fairs)} 个；招商项目：{made} 个"
