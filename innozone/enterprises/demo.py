"""Demo data for the enterprise registry (issue 12): every enterprise, university, institute and provider the
earlier demos created gets an entry with a valid (made-up) 统一社会信用代码, and about 120 clearly labelled demo
enterprises (names ending in “（演示）”) across the districts and parks of Lanzhou and Baiyin are added with
three years of figures (varied so the self-assessment shows every outcome), shareholders, key people and actual
controllers (陇原 and 银光 share one, so the voucher cap per actual controller can be shown), a declared group,
qualifications in every state and the cultivation pipeline in every stage, recommended by the park committees.

Entries and figures go through the office's bulk import (one validated, audited write; the services one by one
would take too long); parties, qualifications and pipeline moves go through their services. Every choice comes
from one `random.Random(SEED)`, so the data is the same on every run. Safe to rerun (skipped when loaded)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from innozone.core.models import Organization, Region, User

from . import services
from .engine.identity import complete_uscc
from .models import Enterprise, EnterpriseGroup, KeyPerson, Qualification, Shareholder
from .seed_data import demo_tables as tables

ORDER = 45  # after the market (its listing owners are registered too)
SEED = 20201217
DEMO = "（演示）"
HOLDING = "甘肃金城科技控股集团有限公司" + DEMO
# name and the first 17 digits of the ID number: 陇原 and 银光 (the voucher demo's enterprises) share a controller
SHARED_CONTROLLER = ("王建国", "62010219860512123")
PAIR_CONTROLLER = ("马振宇", "62040219880315051")


def _id_number(body17: str) -> str:
    from stdnum.cn import ric

    return body17 + ric.calc_check_digit(body17 + "0")  # stdnum expects a placeholder check digit


def _person(rng: random.Random) -> str:
    return rng.choice(tables.SURNAMES) + rng.choice(tables.GIVEN)


def _representatives(rng: random.Random) -> list[str]:
    """Distinct names for the legal representatives (alike names would make unrelated entries look related
    by their representative: the registry compares names where no ID number was given)."""
    names = [s + g for s in tables.SURNAMES for g in tables.GIVEN]
    rng.shuffle(names)
    return names


class _Codes:
    """Deterministic USCCs: registration authority and kind, the place's division code, a 9-character
    organization code from a counter, and the GB 32100-2015 check character."""

    def __init__(self):
        self.n = 0

    def next(self, place: str, *, public: bool = False) -> str:
        self.n += 1
        division = tables.DIVISIONS.get(place) or tables.DIVISIONS[tables.PARK_CITY.get(place, "lz")]
        return complete_uscc(f"{'12' if public else '91'}{division}MA7{self.n:06d}")


def _kind(org: Organization) -> str:
    if "公司" in org.name or "集团" in org.name:
        return Enterprise.Kind.ENTERPRISE
    if "大学" in org.name:
        return Enterprise.Kind.UNIVERSITY
    return {"university": "university", "institute": "institute", "enterprise": "enterprise"}.get(org.kind, "other")


def _field_of(name: str, rng: random.Random) -> str:
    for word, field in tables.FIELD_KEYWORDS:
        if word in name:
            return field
    return rng.choice(list(tables.FIELDS))


def _existing_rows(codes: _Codes, rng: random.Random, representatives: list[str]) -> list[dict]:
    """Profiles of the organizations the earlier demos created (their region kept; a park region is also
    their park)."""
    rows = []
    kinds = ("enterprise", "university", "institute", "provider")
    orgs = Organization.objects.filter(kind__in=kinds, registry_entry__isnull=True, region__isnull=False)
    for org in orgs.select_related("region").order_by("pk"):
        kind = _kind(org)
        field = _field_of(org.name, rng)
        if kind in (Enterprise.Kind.UNIVERSITY, Enterprise.Kind.INSTITUTE):
            industry = ("P8341", "普通高等教育") if kind == "university" else ("M7320", "工程和技术研究和试验发展")
        else:
            industry = rng.choice(tables.FIELDS[field][0])
        place = org.region.code
        row = {
            "uscc": codes.next(place, public=kind != Enterprise.Kind.ENTERPRISE),
            "name": org.name,
            "kind": kind,
            "region": org.region,
            "park": org.region if org.region.kind == Region.Kind.PARK else None,
            "legal_representative": org.legal_representative or representatives.pop(),
            "registered_on": dt.date(rng.randint(1955, 2015), rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
            "industry_code": industry[0],
            "industry_name": industry[1],
            "field": field,
            "ownership": "public" if kind != Enterprise.Kind.ENTERPRISE else rng.choice(["private", "state", "mixed"]),
        }
        if org.name == "甘肃陇原新材料科技有限公司" or org.name.startswith("白银银光新能源材料"):
            row["actual_controller"] = SHARED_CONTROLLER[0]
            row["actual_controller_id"] = _id_number(SHARED_CONTROLLER[1])
        rows.append(row)
    return rows


def _demo_rows(
    codes: _Codes, rng: random.Random, regions: dict[str, Region], today: dt.date, representatives
) -> list[dict]:
    """About 120 demo enterprises (and the holding company of two of them)."""
    rows, names = [], set()
    trade = tables.TRADE_NAMES.split()
    fields = list(tables.FIELDS)
    for n in range(120):
        district, park = tables.PLACES[n % len(tables.PLACES)]
        field = fields[(n * 7) % len(fields)]
        city = "兰州" if district.startswith("lz") else "白银"
        name = f"{city}{trade[n % len(trade)]}{tables.FIELD_WORDS[field]}有限公司{DEMO}"
        if name in names:
            name = f"{city}{trade[n % len(trade)]}{tables.FIELD_WORDS[field]}股份有限公司{DEMO}"
        names.add(name)
        profile = tables.PROFILES[n % len(tables.PROFILES)]
        industry = rng.choice(tables.FIELDS[field][0])
        if profile == "young":
            registered = today - dt.timedelta(days=rng.randint(345, 360))
        elif profile == "two_years":
            registered = dt.date(today.year - 2, rng.randint(2, 10), rng.randint(1, 28))
        else:
            registered = dt.date(rng.randint(2003, today.year - 5), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(
            {
                "uscc": codes.next(park or district),
                "name": name,
                "kind": "enterprise",
                "region": regions[district],
                "park": regions[park] if park else None,
                "legal_representative": representatives.pop(),
                "registered_on": registered.isoformat(),
                "registered_capital": str(rng.randint(50, 5000) * 10000),
                "industry_code": industry[0],
                "industry_name": industry[1],
                "field": field,
                "ownership": rng.choice(["private", "private", "private", "state", "mixed"]),
                "address": f"{regions[park or district].name}科技路 {rng.randint(1, 300)} 号",
                "contact_name": _person(rng),
                "contact_phone": f"0931-{rng.randint(2000000, 8999999)}" if city == "兰州" else "0943-8000000",
                "_profile": profile,
            }
        )
    rows.append(
        {
            **rows[0],
            "uscc": codes.next("lz-cg"),
            "name": HOLDING,
            "legal_representative": representatives.pop(),
            "region": regions["lz-cg"],
            "park": None,
            "industry_code": "L7212",
            "industry_name": "投资与资产管理",
            "_profile": "large",
        }
    )
    return rows


def _money(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _figures(row: dict, rng: random.Random, today: dt.date) -> list[dict]:
    """Three years of figures (fewer for a young enterprise) shaped by the row's profile."""
    p = row["_profile"]
    employees = {"large": rng.randint(800, 1600), "tsme_only": rng.randint(18, 50)}.get(p, rng.randint(40, 320))
    sci = Decimal(rng.randint(6, 9) if p == "low_sci" else rng.randint(15, 38)) / 100
    revenue = Decimal(rng.randint(800, 4500) * 10000)
    if p == "mid_band":
        revenue = Decimal(rng.randint(6000, 18000) * 10000)
    if p == "large":
        revenue = Decimal(rng.randint(30000, 90000) * 10000)
    rd = Decimal({"low_rd": rng.randint(10, 25), "mid_band": rng.randint(43, 55)}.get(p, rng.randint(52, 90))) / 1000
    if p == "large":
        rd = Decimal(rng.randint(32, 45)) / 1000
    domestic = Decimal("0.4") if p == "foreign_rd" else Decimal(1)
    hitech = Decimal(rng.randint(30, 45) if p in ("low_hitech", "tsme_only") else rng.randint(62, 92)) / 100
    ip1 = 0 if p in ("no_ip", "tsme_only") else rng.randint(1, 8)
    ip2 = 0 if p == "no_ip" else rng.randint(2, 12)
    years = {"young": 1, "two_years": 2}.get(p, 3)
    out = []
    for k in range(years):
        shrink = Decimal(1) - Decimal(k) * Decimal(rng.randint(5, 15)) / 100
        sales = (revenue * shrink).quantize(Decimal(1))
        rd_total = sales * rd
        income = sales * Decimal("1.04")
        out.append(
            {
                "uscc": row["uscc"],
                "year": today.year - 1 - k,
                "source": "self",
                "employees": max(1, int(employees * shrink)),
                "sci_staff": int(int(employees * shrink) * sci),
                "revenue": _money(sales),
                "total_income": _money(income),
                "hitech_income": _money(income * hitech),
                "total_assets": _money(sales * Decimal("1.3") if p != "large" else Decimal(rng.randint(3, 9)) * 10**8),
                "rd_total": _money(rd_total),
                "rd_domestic": _money(rd_total * domestic),
                "invention_patents": max(0, ip1 - k),
                "utility_models": max(0, ip2 - k),
                "software_copyrights": rng.randint(0, 3) if ip2 else 0,
            }
        )
    return out


def _parties(office, entries: dict[str, Enterprise], rows: list[dict], rng: random.Random) -> None:
    """Shareholders and key people of the demo enterprises; the holding company holds 65 % of two of them
    (its subsidiaries, through the service), one holds 30 % of another; the others' natural-person holders
    and people in bulk."""
    holding = entries[HOLDING]
    demo = [entries[r["name"]] for r in rows if r["name"] != HOLDING]
    holders, people = [], []
    for n, e in enumerate(demo):
        founder = _person(rng)
        if n in (1, 2, 4):
            held = [{"name": founder, "share": "35"}]
            held.append(
                {"name": holding.name, "share": "65", "uscc": holding.uscc}
                if n != 4
                else {"name": demo[3].name, "share": "30", "uscc": demo[3].uscc}
            )
            staff = [{"name": e.legal_representative, "role": "chair"}, {"name": _person(rng), "role": "manager"}]
            services.parties_set(actor=office, enterprise=e, shareholders=held, people=staff)
            continue
        holders += [
            Shareholder(enterprise=e, name=founder, share=Decimal(rng.randint(35, 60))),
            Shareholder(enterprise=e, name=_person(rng), share=Decimal(20)),
        ]
        people += [
            KeyPerson(enterprise=e, name=e.legal_representative, role=KeyPerson.Role.CHAIR),
            KeyPerson(enterprise=e, name=_person(rng), role=KeyPerson.Role.MANAGER),
            KeyPerson(enterprise=e, name=_person(rng), role=KeyPerson.Role.CTO),
        ]
    Shareholder.objects.bulk_create(holders)
    KeyPerson.objects.bulk_create(people)


def _controllers(office, entries: dict[str, Enterprise], rows: list[dict]) -> None:
    """Actual controllers: the holding company over its two subsidiaries, one person over two Baiyin
    enterprises; a shared legal representative; a declared group."""
    holding = entries[HOLDING]
    demo = [entries[r["name"]] for r in rows if r["name"] != HOLDING]
    holder = {"actual_controller": holding.name, "actual_controller_uscc": holding.uscc}
    person = {"actual_controller": PAIR_CONTROLLER[0], "actual_controller_id": _id_number(PAIR_CONTROLLER[1])}
    representative = {"legal_representative": "周海燕", "legal_representative_id": _id_number("62010219900603202")}
    baiyin = [e for e in demo if e.region.code.startswith("by")][:2]
    changes = [(e, holder) for e in demo[1:3]] + [(e, person) for e in baiyin]
    for e, data in changes + [(e, representative) for e in demo[5:7]]:
        services.enterprise_update(actor=office, enterprise=e, data=data)
    group = EnterpriseGroup.objects.create(name="甘肃祁连装备产业集团" + DEMO, note="集团成员申报（演示）")
    group.members.set(demo[8:11])


def _qualifications(office, demo: list[Enterprise], voucher_orgs: list[Enterprise], today: dt.date) -> None:
    """Qualifications of several kinds in every state: valid, expiring within 3 and within 6 months,
    expired, revoked. The voucher demo's enterprises keep the qualifications their flags say."""
    year = today.year

    def record(e, kind, number, issued, until=None):
        data = {"kind": kind, "number": number, "issued_on": issued.isoformat(), "hitech_field": ""}
        if kind == Qualification.Kind.HNTE:
            data["hitech_field"] = tables.FIELDS.get(e.field, ([], "materials"))[1]
        if until:
            data["valid_until"] = until.isoformat()
        return services.qualification_record(actor=office, enterprise=e, data=data)

    def back(years=0, days=0):
        return today - dt.timedelta(days=365 * years + days)

    for n, e in enumerate(voucher_orgs):  # 科技型中小企业 this year; 陇原 also a 高企
        record(e, "tsme", f"{year}6201{n:02d}A000{n + 1:02d}", min(dt.date(year, 3, 15), today))
        if n == 0:
            record(e, "hnte", f"GR{year - 1}62000{n + 1:03d}", dt.date(year - 1, 11, 20))
    states = ["valid", "within3", "within6", "expired", "revoked"]
    for n, e in enumerate(demo):
        state = states[n % len(states)]
        serial = f"{n + 1:03d}"
        if n % 2 == 0:  # 高新技术企业 (three years)
            issued = {"valid": back(1), "within3": back(3, -60), "within6": back(3, -150), "expired": back(4)}
            q = record(e, "hnte", f"GR{issued.get(state, back(2)).year}62{serial}", issued.get(state, back(2)))
        else:
            kind = ["srdi", "little_giant", "gazelle", "tase"][(n // 2) % 4]  # every kind in every state
            issued = {"within3": back(3, -75), "within6": back(3, -170), "expired": back(5)}.get(state, back(1))
            until = issued + dt.timedelta(days=365 * 2) if kind in ("gazelle", "tase") else None
            q = record(e, kind, f"{kind.upper()}-{issued.year}-{serial}", issued, until)
        if state == "revoked":
            services.qualification_revoke(actor=office, qualification=q, reason="核查发现申报材料不实（演示）")
        if n % 3 == 0 and state != "revoked":  # 科小 this year
            record(e, "tsme", f"{year}62{serial}B{n:04d}", min(dt.date(year, 4, 1 + n % 27), today))
        if n == 9:
            record(e, "unicorn", f"UNICORN-{year}-001", min(dt.date(year, 6, 1), today))


def _pipeline(office, demo: list[Enterprise], today: dt.date) -> set[int]:
    """The cultivation pipeline: enterprises of the three parks with a committee login, in every stage,
    entered on the committee's recommendation; recognition is recorded by the office."""
    recommenders = {code: User.objects.filter(username=code).first() for code in ("lzgx", "lzxq", "bygx")}
    candidates = [e for e in demo if e.park_id and e.park.code in recommenders and recommenders[e.park.code]]
    entered = set()
    for n, e in enumerate(candidates[:24]):
        park = recommenders[e.park.code]
        target, path = tables.PIPELINE_PATHS[n % len(tables.PIPELINE_PATHS)]
        c = services.cultivation_enter(actor=park, enterprise=e, note="园区推荐入库（演示）")
        entered.add(e.pk)
        for stage in path:
            data = {"note": "辅导机构上门辅导（演示）" if stage == "coaching" else ""}
            actor = park
            if stage == "applied":
                data["batch_year"] = today.year - 3 if target == "renewal" else today.year
            if stage == "rejected":
                data["note"] = "研发费用归集不规范，知识产权与主营产品关联性不足（演示）"
            if stage == "recognised":
                actor = office
                renewal = target == "renewal"
                issued = dt.date(today.year - 3, 12, 10) if renewal else min(dt.date(today.year, 11, 20), today)
                data.update(
                    number=f"GR{issued.year}62{9000 + n}",
                    issued_on=issued.isoformat(),
                    hitech_field=tables.FIELDS.get(e.field, ([], "materials"))[1],
                )
            c = services.cultivation_advance(actor=actor, cultivation=c, stage=stage, data=data)
    return entered


LONGYUAN = "甘肃陇原新材料科技有限公司"  # the enterprise login's company: its figures too, for its own dossier


@transaction.atomic
def seed(*, with_activity: bool) -> str:
    if Enterprise.objects.filter(is_demo=True).exists():
        return "enterprises: already loaded"
    office = User.objects.get(username="office")
    rng = random.Random(SEED)
    today = timezone.localdate()
    codes = _Codes()
    regions = {r.code: r for r in Region.objects.filter(code__in=[*tables.DIVISIONS, *tables.PARK_CITY])}
    representatives = [n for n in _representatives(rng) if n not in {"周海燕", "马振宇", "王建国"}]
    existing = _existing_rows(codes, rng, representatives)
    demo_rows = _demo_rows(codes, rng, regions, today, representatives)
    figures = [f for r in demo_rows for f in _figures(r, rng, today)]
    figures += [f for r in existing if r["name"] == LONGYUAN for f in _figures(r | {"_profile": ""}, rng, today)]
    sheets = {
        "enterprises": [
            {k: v for k, v in r.items() if k != "_profile"} | {"_row": n}
            for n, r in enumerate(existing + demo_rows, start=2)
        ],
        "figures": [f | {"_row": n} for n, f in enumerate(figures, start=2)],
    }
    services.enterprises_import(actor=office, sheets=sheets)
    codes_loaded = [r["uscc"] for r in existing + demo_rows]
    Enterprise.objects.filter(uscc__in=codes_loaded).update(is_demo=True)
    entries = {e.name: e for e in Enterprise.objects.filter(uscc__in=codes_loaded).select_related("organization")}
    orgs = []
    for r in existing:  # the organization record keeps the registry's code and representative
        org = entries[r["name"]].organization
        org.credit_code, org.legal_representative = r["uscc"], r["legal_representative"]
        orgs.append(org)
    Organization.objects.bulk_update(orgs, ["credit_code", "legal_representative"])
    demo_only = [r for r in demo_rows if r["name"] != HOLDING]
    _parties(office, entries, demo_rows, rng)
    _controllers(office, entries, demo_rows)
    demo = list(
        Enterprise.objects.filter(uscc__in=[r["uscc"] for r in demo_only]).select_related("organization", "park")
    )
    voucher_orgs = [
        entries[name]
        for name in (
            "甘肃陇原新材料科技有限公司",
            "白银银光新能源材料有限公司（演示）",
            "兰州新区智能装备有限公司（演示）",
        )
        if name in entries
    ]
    in_pipeline = _pipeline(office, demo, today)
    _qualifications(office, [e for e in demo if e.pk not in in_pipeline], voucher_orgs, today)
    total = len(entries)
    return (
        f"enterprises: {total} registry entries ({len(demo_rows)} demo enterprises), {len(figures)} yearly figures, "
        f"{Qualification.objects.filter(enterprise__is_demo=True).count()} qualifications, "
        f"{len(in_pipeline)} in the cultivation pipeline"
    )
