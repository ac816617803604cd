"""Demo innovation teams: about 30 teams hosted by registry organizations of Lanzhou and Baiyin, led by and
made of the talent pool's demo people, recognised over 2019–2021 — 12 in the plan year 2020 (兰州 9, 白银 3)
so the 六个一百 indicator 创新团队 has numbers — with outputs and funding (each a ledger event).
Everything goes through the services; names end with “（演示）”. Deterministic and idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from innozone.core import regions
from innozone.core.models import Region, User
from innozone.enterprises.selectors import enterprises_for
from innozone.talent.selectors.lookup import demo_people

from ..models import Team, TeamOutput
from ..services import teams as services

TOPICS = [
    ("先进结构材料", "新材料"),
    ("有色金属精深加工", "新材料"),
    ("稀土功能材料", "新材料"),
    ("中藏药现代化", "生物医药"),
    ("生物制品与疫苗", "生物医药"),
    ("智能制造装备", "先进制造"),
    ("工业互联网", "电子信息"),
    ("大数据与云计算", "电子信息"),
    ("储能与新能源", "新能源"),
    ("光伏材料", "新能源"),
    ("旱作农业", "现代农业"),
    ("种业创新", "现代农业"),
    ("节能环保技术", "节能环保"),
    ("精细化工", "石油化工"),
    ("核技术应用", "核技术"),
]
LZ_TEAMS, BY_TEAMS = 22, 8


def _year_of(city: str, j: int) -> int | None:
    """The year the j-th team of a city was recognised (None: still 培育)."""
    if city == "lz":
        return 2020 if j < 9 else 2019 if j < 14 else 2021 if j < 18 else None
    return 2020 if j < 3 else 2019 if j < 5 else 2021 if j < 7 else None


def _hosts(office, city_code: str, people_by_org: dict[int, list]) -> list:
    city = Region.objects.filter(code=city_code).first()
    if city is None:
        return []
    within = regions.descendants(city.pk)
    entries = enterprises_for(office).filter(region_id__in=within).order_by("id")
    return [e for e in entries if people_by_org.get(e.organization_id)]


def seed_part(*, with_activity: bool) -> str:
    if Team.objects.filter(is_demo=True).exists():
        return ""
    office = User.objects.filter(username="office").first()
    if office is None:
        return ""
    pool = demo_people(enterprises_for(office).values_list("organization_id", flat=True))
    people_by_org: dict[int, list] = {}
    for person in pool:
        people_by_org.setdefault(person.employer_id, []).append(person)
    plan = [("lz", j, LZ_TEAMS) for j in range(LZ_TEAMS)] + [("by", j, BY_TEAMS) for j in range(BY_TEAMS)]
    hosts = {code: _hosts(office, code, people_by_org) for code in ("lz", "by")}
    if len(pool) < 4 or (not hosts["lz"] and not hosts["by"]):
        return "创新团队：人才库中没有演示人员，未生成"
    made, recognised_2020, funding_rows = 0, 0, 0
    for n, (city, j, _count) in enumerate(plan):
        candidates = hosts[city] or hosts["lz"] or hosts["by"]
        entry = candidates[j % len(candidates)]
        staff = people_by_org[entry.organization_id]
        leader = staff[(j // len(candidates)) % len(staff)]
        size = 3 + n % 6  # 3–8 members, the leader included
        members = [p.pk for p in staff if p.pk != leader.pk][: size - 1]
        k = n
        while len(members) < size - 1 and k < n + len(pool):  # fill from the pool, deterministically
            other = pool[k % len(pool)]
            if other.pk != leader.pk and other.pk not in members:
                members.append(other.pk)
            k += 1
        topic, field = TOPICS[n % len(TOPICS)]
        team = services.team_create(
            actor=office,
            data={
                "name": f"{topic}创新团队{n + 1:02d}（演示）",
                "host": entry.organization_id,
                "leader": leader.pk,
                "members": members,
                "field": field,
                "level": "province" if n % 4 else "city",
                "introduced": n % 5 == 0,
                "description": f"围绕{topic}开展关键技术攻关与成果转化（演示）",
            },
            is_demo=True,
        )
        made += 1
        year = _year_of(city, j)
        if year is not None:
            on = dt.date(year, 3 + j % 9, 5 + j % 20)
            services.team_recognise(
                actor=office, team=team, recognised_on=on, document_number=f"甘科团〔{year}〕{n + 1}号（演示）"
            )
            recognised_2020 += year == 2020
            for y in range(year, 2022):
                amount = Decimal(200_000 + 50_000 * (n % 7)) + Decimal(y - year) * Decimal("125000.50")
                services.team_funding_add(
                    actor=office, team=team, data={"year": y, "source": "省级创新团队专项（演示）", "amount": amount}
                )
                funding_rows += 1
            if city == "lz" and j == 13:
                services.team_status_change(
                    actor=office, team=team, status=Team.Status.REVOKED, reason="年度考核不合格，撤销认定（演示）"
                )
        kinds = TeamOutput.Kind.values
        for i in range(1 + n % 3 + (2 if with_activity else 0)):
            services.team_output_add(
                actor=office,
                team=team,
                data={
                    "year": 2019 + i % 3,
                    "kind": kinds[(n + i) % len(kinds)],
                    "title": f"{topic}成果{i + 1}（演示）",
                    "count": 1 + (n + i) % 4,
                },
            )
    return f"创新团队：{made} 个（2020 年认定 {recognised_2020} 个），资助 {funding_rows} 笔"
