"""Demo data of international cooperation: partners from Belt-and-Road countries and others, agreements in
every expiry state (open-ended, active, ending within the warning window, past their end, terminated),
projects of every kind (one linked to a market listing marked international), and — where the platforms
demo made the 国际联合实验室 — its foreign partners. Written through the services as the office."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from innozone.core.models import Organization, User
from innozone.market import selectors as market

from ..models import Partner
from ..selectors import partners as selectors
from ..services import partners as services

# name, foreign name, kind, country, city, website
PARTNERS = [
    (
        "哈萨克斯坦国立大学",
        "Al-Farabi Kazakh National University",
        "university",
        "KZ",
        "阿拉木图",
        "https://www.kaznu.kz",
    ),
    (
        "乌兹别克斯坦科学院化学研究所",
        "Institute of Chemistry, Academy of Sciences of Uzbekistan",
        "institute",
        "UZ",
        "塔什干",
        "",
    ),
    ("吉尔吉斯国立技术大学", "Kyrgyz State Technical University", "university", "KG", "比什凯克", ""),
    (
        "俄罗斯科学院西伯利亚分院",
        "Siberian Branch of the Russian Academy of Sciences",
        "institute",
        "RU",
        "新西伯利亚",
        "",
    ),
    ("巴基斯坦国家农业研究中心", "National Agricultural Research Centre", "institute", "PK", "伊斯兰堡", ""),
    ("白俄罗斯国家科学院", "National Academy of Sciences of Belarus", "institute", "BY", "明斯克", ""),
    (
        "德国弗劳恩霍夫陶瓷技术与系统研究所",
        "Fraunhofer IKTS",
        "institute",
        "DE",
        "德累斯顿",
        "https://www.ikts.fraunhofer.de",
    ),
    ("澳大利亚莫纳什大学", "Monash University", "university", "AU", "墨尔本", "https://www.monash.edu"),
    ("中亚新能源装备有限公司", "Central Asia Renewable Equipment LLP", "company", "KZ", "阿斯塔纳", ""),
]

ORGS = ("兰州大学", "中国科学院兰州化学物理研究所", "甘肃陇原新材料科技有限公司")


def _orgs() -> list[Organization]:
    found = {o.name: o for o in Organization.objects.filter(name__in=ORGS)}
    return [found[n] for n in ORGS if n in found]


def _international_listing():
    rows = list(market.international_listings())
    return next((x for x in rows if x.title.startswith("光伏")), rows[0] if rows else None)


def seed_part(*, with_activity: bool) -> str:
    if Partner.objects.filter(is_demo=True).exists():
        return ""
    office = User.objects.filter(username="office").first()
    orgs = _orgs()
    if office is None or len(orgs) < 3:
        return ""
    today = timezone.localdate()
    partners = {}
    for name, local, kind, country, city, website in PARTNERS:
        partners[name] = services.partner_create(
            actor=office,
            data={
                "name": name,
                "name_local": local,
                "kind": kind,
                "country": country,
                "city": city,
                "website": website,
            },
            is_demo=True,
        )
    lzu, licp, ent = orgs
    p = partners

    def agreement(partner, org, title, kind, signed, expires=None, status="active"):
        return services.agreement_create(
            actor=office,
            data={
                "partner": p[partner].pk,
                "organization": org.pk,
                "title": title,
                "kind": kind,
                "signed_on": signed,
                "expires_on": expires,
                "status": status,
                "summary": f"{title}（演示数据）",
            },
            is_demo=True,
        )

    y = today.year
    a_kz = agreement(
        "哈萨克斯坦国立大学",
        lzu,
        "中哈新材料联合实验室共建协议",
        "联合实验室协议",
        dt.date(y - 3, 9, 1),
        dt.date(y + 2, 8, 31),
    )
    a_uz = agreement(
        "乌兹别克斯坦科学院化学研究所",
        licp,
        "中乌天然产物化学合作备忘录",
        "合作备忘录",
        dt.date(y - 4, 5, 20),
        today + dt.timedelta(days=30),
    )
    agreement(
        "俄罗斯科学院西伯利亚分院",
        licp,
        "催化材料联合研究框架协议",
        "框架协议",
        dt.date(y - 5, 6, 1),
        today - dt.timedelta(days=20),
    )
    agreement(
        "德国弗劳恩霍夫陶瓷技术与系统研究所",
        ent,
        "先进陶瓷涂层技术合作协议",
        "技术合作协议",
        dt.date(y - 1, 3, 15),
        dt.date(y + 3, 3, 14),
    )
    agreement(
        "澳大利亚莫纳什大学",
        lzu,
        "联合培养与学术交流协议",
        "合作备忘录",
        dt.date(y - 6, 4, 1),
        dt.date(y - 1, 3, 31),
        "expired",
    )
    agreement("白俄罗斯国家科学院", licp, "中白科技合作谅解备忘录", "合作备忘录", dt.date(y - 2, 10, 10))
    agreement(
        "巴基斯坦国家农业研究中心",
        lzu,
        "旱作农业技术合作协议",
        "技术合作协议",
        dt.date(y - 4, 7, 1),
        dt.date(y + 1, 6, 30),
        "terminated",
    )

    def project(partner, org, title, kind, start, amount, agreement_=None, listing_id=None, status="active", field=""):
        return services.project_create(
            actor=office,
            data={
                "partner": p[partner].pk,
                "organization": org.pk,
                "agreement": agreement_.pk if agreement_ else None,
                "title": title,
                "kind": kind,
                "field": field,
                "starts_on": start,
                "amount": amount,
                "status": status,
                "listing_id": listing_id,
            },
            is_demo=True,
        )

    project(
        "哈萨克斯坦国立大学",
        lzu,
        "中亚稀有金属分离新材料联合研发",
        "joint",
        dt.date(y - 2, 1, 1),
        "3200000.00",
        a_kz,
        field="新材料",
    )
    project(
        "乌兹别克斯坦科学院化学研究所",
        licp,
        "中亚药用植物活性成分联合研究",
        "joint",
        dt.date(y - 3, 3, 1),
        "1800000.00",
        a_uz,
        field="生物医药",
    )
    listing = _international_listing()
    project(
        "中亚新能源装备有限公司",
        ent,
        "光伏跟踪支架技术向哈萨克斯坦输出",
        "transfer_out",
        dt.date(y - 1, 6, 1),
        "5600000.00",
        listing_id=listing.pk if listing else None,
        field="新能源",
    )
    project(
        "德国弗劳恩霍夫陶瓷技术与系统研究所",
        ent,
        "热障涂层制备技术引进",
        "transfer_in",
        dt.date(y - 1, 9, 1),
        "2400000.00",
        field="新材料",
    )
    project(
        "吉尔吉斯国立技术大学",
        lzu,
        "中吉青年科学家交流计划",
        "talent",
        dt.date(y - 1, 9, 1),
        "300000.00",
        status="done",
    )
    project(
        "俄罗斯科学院西伯利亚分院",
        licp,
        "煤基催化材料联合研发（洽谈）",
        "joint",
        today - dt.timedelta(days=60),
        None,
        status="planned",
    )
    links = 0
    for base in selectors.bases_for(office):
        if base.kind.code != "intl_joint_lab":
            continue
        for name, since in (
            ("哈萨克斯坦国立大学", dt.date(y - 3, 9, 1)),
            ("吉尔吉斯国立技术大学", dt.date(y - 2, 5, 1)),
        ):
            services.base_partner_add(actor=office, platform_id=base.pk, partner_id=p[name].pk, since=since)
            links += 1
    notices = services.expiry_notices(today=today) if with_activity else 0
    return (
        f"cooperation: {len(partners)} partners, 7 agreements, 6 projects, {links} joint-lab partners, "
        f"{notices} expiry notices"
    )
