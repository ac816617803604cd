"""Demo data of the talent pool and the expert pool (labelled: people and experts `is_demo=True`, organization-
like names end with “（演示）”): the honours list, ~200 people employed by registry organizations with valid
made-up ID numbers, flexible introductions, ~150 experts (most from the pool, some from outside) with fields,
kinds and declared relations, the expert committee, and logins expert1…expert5 for five experts.
Deterministic (one `random.Random(SEED)`), idempotent (skipped when loaded)."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from innozone.core.models import User
from innozone.core.roles import Role
from innozone.enterprises import selectors as registry

from . import identity
from .models import Committee, CommitteeMember, Expert, Honour, Introduction, Person, PersonHonour, Relation
from .selectors import experts as expert_selectors

ORDER = 50  # after the enterprise registry (45): people work for registry organizations
SEED = 20210318
DEMO = "（演示）"
PEOPLE = 200
EXPERTS = 150
OUTSIDE_EXPERTS = 15
EXPERT_LOGINS = 5
COMMITTEE = "自创区专家咨询委员会" + DEMO

HONOURS = [
    ("国家级人才计划", Honour.Level.NATIONAL, False),
    ("国家级青年人才计划", Honour.Level.NATIONAL, True),
    ("甘肃省领军人才", Honour.Level.PROVINCE, False),
    ("省拔尖领军人才", Honour.Level.PROVINCE, False),
    ("陇原青年英才", Honour.Level.PROVINCE, True),
    ("甘肃省飞天学者", Honour.Level.PROVINCE, False),
    ("兰州市高层次人才", Honour.Level.CITY, False),
    ("白银市拔尖人才", Honour.Level.CITY, False),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
GIVEN = [
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞", "平", "刚",
    "建华", "志强", "海燕", "晓东", "文博", "思远", "雅琴", "国栋", "立新", "玉兰", "红梅", "鹏飞", "子涵", "浩然",
    "嘉怡", "振宇", "瑞雪", "永刚", "春生", "秀英", "学文", "天佑",
]  # fmt: skip
#: division codes of the ID numbers (Lanzhou's districts, Baiyin's, elsewhere in Gansu and beyond)
DIVISIONS = ["620102", "620103", "620104", "620105", "620111", "620121", "620402", "620403", "620421", "610113",
             "110108", "620502", "620602", "640104"]  # fmt: skip
OUTSIDE_EMPLOYERS = ["西北工业大学", "西安交通大学", "中国科学院西北生态环境资源研究院", "宁夏大学", "青海大学"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _id_number(rng: random.Random, birth_year: int, gender: str, n: int) -> str:
    born = dt.date(birth_year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    sequence = (n % 99) * 10 + rng.randrange(0, 9, 2) + (1 if gender == Person.Gender.MALE else 0)
    return identity.complete_id_number(f"{rng.choice(DIVISIONS)}{born:%Y%m%d}{sequence:03d}")


def _education_and_title(rng: random.Random, age: int) -> tuple[str, str]:
    education = rng.choices(["doctor", "master", "bachelor", "college"], [45, 35, 17, 3])[0]
    if age >= 50:
        title = rng.choices(["senior", "associate"], [75, 25])[0]
    elif age >= 40:
        title = rng.choices(["senior", "associate", "intermediate"], [40, 45, 15])[0]
    elif age >= 32:
        title = rng.choices(["associate", "intermediate", "junior"], [40, 45, 15])[0]
    else:
        title = rng.choices(["intermediate", "junior", "none"], [40, 40, 20])[0]
    return education, title


def _entries():
    """Registry entries to employ people: universities and institutes weigh more (they hold most experts)."""
    office = User.objects.filter(role=Role.OFFICE_ADMIN).order_by("pk").first()
    entries = list(registry.enterprises_for(office).order_by("pk")) if office else []
    weighted = []
    for e in entries:
        weighted.extend([e] * (4 if e.kind in ("university", "institute") else 1))
    return entries, weighted


def _honours() -> list[Honour]:
    out = []
    for n, (name, level, young) in enumerate(HONOURS):
        honour, _created = Honour.objects.get_or_create(
            name=name, defaults={"level": level, "young": young, "order": n}
        )
        out.append(honour)
    return out


def _people(rng, weighted, honours, fields, today) -> list[Person]:
    people = []
    for n in range(PEOPLE):
        gender = rng.choice(Person.Gender.values)
        birth_year = rng.randint(today.year - 65, today.year - 26)
        education, title = _education_and_title(rng, today.year - birth_year)
        entry = rng.choice(weighted)
        number = _id_number(rng, birth_year, gender, n)
        people.append(
            Person(
                name=_name(rng),
                gender=gender,
                birth_year=birth_year,
                education=education,
                title=title,
                field=rng.choice(fields).name[:30],
                employer_id=entry.organization_id,
                region_id=entry.region_id,
                id_hash=identity.id_hash(number),
                id_encrypted=identity.encrypt(number),
                is_demo=True,
            )
        )
    people = Person.objects.bulk_create(people)
    rows = []
    for person in people:
        if rng.random() < 0.3:
            young = today.year - person.birth_year <= 40
            choices = [h for h in honours if h.young == young] or honours
            for honour in rng.sample(choices, k=1 if rng.random() < 0.8 else min(2, len(choices))):
                year = rng.randint(max(person.birth_year + 25, today.year - 12), today.year - 1)
                rows.append(PersonHonour(person=person, honour=honour, year=year))
    PersonHonour.objects.bulk_create(rows)
    return people


def _introductions(rng, people, entries, today) -> int:
    rows = []
    for person in rng.sample(people, k=25):
        host = rng.choice([e for e in entries if e.organization_id != person.employer_id])
        starts = today - dt.timedelta(days=rng.randint(60, 1400))
        ends = starts + dt.timedelta(days=rng.choice([365, 730, 1095])) if rng.random() < 0.7 else None
        rows.append(
            Introduction(
                person=person,
                host_id=host.organization_id,
                mode=rng.choice(Introduction.Mode.values),
                starts_on=starts,
                ends_on=ends,
                project=rng.choice(["联合攻关", "技术顾问", "共建实验室", "成果转化指导", "研究生联合培养"]),
            )
        )
    Introduction.objects.bulk_create(rows)
    return len(rows)


def _kinds(rng, n) -> list[str]:
    kinds = (
        [Expert.Kind.FINANCIAL] * round(n * 0.18)
        + [Expert.Kind.MANAGEMENT] * round(n * 0.08)
        + [Expert.Kind.LEGAL] * round(n * 0.05)
    )
    kinds += [Expert.Kind.TECHNICAL] * (n - len(kinds))
    rng.shuffle(kinds)
    return kinds


def _experts(rng, people, fields, today) -> list[Expert]:
    senior = [p for p in people if p.title in ("senior", "associate")]
    others = [p for p in people if p not in senior]
    chosen = (senior + rng.sample(others, k=len(others)))[: EXPERTS - OUTSIDE_EXPERTS]
    kinds = _kinds(rng, EXPERTS)
    experts = []
    for n, person in enumerate(chosen):
        experts.append(
            Expert(
                person=person,
                name=person.name,
                kind=kinds[n],
                title=person.title if person.title in ("senior", "associate") else "associate",
                employer_id=person.employer_id,
                region_id=person.region_id,
                available=rng.random() > 0.08,
                phone=f"1390931{n:04d}",
                is_demo=True,
            )
        )
    for n in range(OUTSIDE_EXPERTS):
        experts.append(
            Expert(
                name=_name(rng),
                kind=kinds[len(chosen) + n],
                title="senior",
                employer_name=rng.choice(OUTSIDE_EMPLOYERS) + DEMO,
                is_demo=True,
            )
        )
    experts = Expert.objects.bulk_create(experts)
    through = Expert.fields.through
    links = []
    for expert in experts:
        for field in rng.sample(fields, k=rng.randint(1, 3)):
            links.append(through(expert_id=expert.pk, field_id=field.pk))
    through.objects.bulk_create(links)
    for expert in rng.sample(experts, k=4):
        expert.status = Expert.Status.SUSPENDED
        expert.save(update_fields=["status"])
    return experts


def _relations(rng, experts, people, entries, today) -> int:
    rows = []
    enterprises = [e for e in entries if e.kind == "enterprise"] or entries
    for expert in rng.sample(experts, k=60):
        other = rng.choice([e for e in entries if e.organization_id != expert.employer_id])
        ends = today - dt.timedelta(days=rng.randint(30, 1000))
        rows.append(
            Relation(
                expert=expert,
                kind=Relation.Kind.EMPLOYMENT,
                organization_id=other.organization_id,
                starts_on=ends - dt.timedelta(days=rng.randint(365, 2500)),
                ends_on=ends,
                note="曾在该单位任职",
            )
        )
    for expert in rng.sample(experts, k=15):
        rows.append(
            Relation(
                expert=expert,
                kind=rng.choice([Relation.Kind.DIRECTOR, Relation.Kind.DIRECTOR, Relation.Kind.SUPERVISOR]),
                organization_id=rng.choice(enterprises).organization_id,
                starts_on=today - dt.timedelta(days=rng.randint(200, 1500)),
                note="独立董事" if rng.random() < 0.5 else "",
            )
        )
    for expert in rng.sample(experts, k=25):
        kind = rng.choice(
            [Relation.Kind.FAMILY, Relation.Kind.STUDENT, Relation.Kind.STUDENT, Relation.Kind.COLLABORATION]
        )
        other = rng.choice(people)
        if other.pk == expert.person_id:
            continue
        rows.append(
            Relation(
                expert=expert,
                kind=kind,
                person_name=other.name,
                organization_id=other.employer_id if kind == Relation.Kind.COLLABORATION else None,
                note={"family": "配偶", "student": "指导的研究生", "collaboration": "共同署名论文"}[kind],
            )
        )
    Relation.objects.bulk_create(rows)
    return len(rows)


def _committee(rng, experts, today) -> Committee:
    start = dt.date(2020, 1, 1) if today <= dt.date(2024, 12, 31) else dt.date(2025, 1, 1)
    committee, _created = Committee.objects.get_or_create(
        name=COMMITTEE,
        defaults={
            "term_start": start,
            "term_end": start.replace(year=start.year + 5) - dt.timedelta(days=1),
            "duties": "为自创区发展规划、重大政策和重大项目提供咨询论证意见。",
        },
    )
    members = rng.sample([e for e in experts if e.status == Expert.Status.ACTIVE and e.employer_id], k=15)
    CommitteeMember.objects.bulk_create(
        [
            CommitteeMember(
                committee=committee,
                expert=expert,
                role="chair" if n == 0 else "vice" if n < 3 else "member",
                term_start=committee.term_start,
                term_end=committee.term_end,
            )
            for n, expert in enumerate(members)
        ]
    )
    return committee


def _logins(experts) -> int:
    from innozone.core.demo import DEMO_PASSWORD

    password = make_password(DEMO_PASSWORD)  # hashed once: five users, one hash's cost
    active = [e for e in experts if e.status == Expert.Status.ACTIVE and e.person_id][:EXPERT_LOGINS]
    for n, expert in enumerate(active, start=1):
        user, _created = User.objects.get_or_create(
            username=f"expert{n}",
            defaults={"display_name": expert.name, "role": Role.EXPERT, "password": password},
        )
        expert.user = user
        expert.save(update_fields=["user"])
    # the seed documents' login "expert" (兰州大学) gets an expert record at its university when there is one
    seeded = User.objects.filter(username="expert", role=Role.EXPERT, expert_profile__isnull=True).first()
    if seeded is not None and seeded.organization_id:
        mine = [e for e in experts if e.employer_id == seeded.organization_id and e.user_id is None]
        if mine:
            mine[0].user = seeded
            mine[0].save(update_fields=["user"])
    return len(active)


#: foreign experts (issue 16): name, gender, birth year, nationality, permit number, days the permit has left
FOREIGN = [
    ("Aibek Nurlanov", "M", 1979, "KZ", "8620260001207", 400),
    ("Katharina Vogel", "F", 1984, "DE", "8620250003518", 45),
]


def _foreign_experts(entries, fields, today) -> list[Person]:
    """Two foreign experts with work permits (one ending within 90 days), employed by registry entries."""
    made = []
    for n, (name, gender, born, country, permit, days) in enumerate(FOREIGN):
        entry = entries[(n * 11) % len(entries)]
        made.append(
            Person.objects.create(
                name=name,
                gender=gender,
                birth_year=born,
                education=Person.Education.DOCTOR,
                title=Person.Title.SENIOR,
                field=fields[n % len(fields)].name[:30],
                employer_id=entry.organization_id,
                region_id=entry.region_id,
                nationality=country,
                work_permit_no=permit,
                work_permit_until=today + dt.timedelta(days=days),
                is_demo=True,
            )
        )
    return made


@transaction.atomic
def seed(*, with_activity: bool = True) -> str:
    if Person.objects.filter(is_demo=True).exists():
        return f"talent: {Person.objects.count()} people, {Expert.objects.count()} experts (already loaded)"
    rng = random.Random(SEED)
    today = timezone.localdate()
    honours = _honours()
    fields = list(expert_selectors.fields_all())
    entries, weighted = _entries()
    if not entries or not fields:
        return "talent: skipped (no registry or no fields)"
    people = _people(rng, weighted, honours, fields, today)
    introductions = _introductions(rng, people, entries, today)
    experts = _experts(rng, people, fields, today)
    relations = _relations(rng, experts, people, entries, today)
    committee = _committee(rng, experts, today)
    logins = _logins(experts)
    _foreign_experts(entries, fields, today)
    return (
        f"talent: {len(people)} people, {introductions} introductions, {len(experts)} experts, "
        f"{relations} relations, {committee.members.count()} committee members, {logins} expert logins"
    )
