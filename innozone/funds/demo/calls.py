"""Demo data of the calls part: the two programmes of the brief and seven calls, one per state (plan programme
rounds 1–6: awarded, publicity, decision, review, closed, draft; the 产学研 programme's round 1: open). With
activity, applications from the registry's demo enterprises in the parks of Lanzhou and Baiyin go through the
services: drafts, submissions, a return with its list, a rejection, recommendations at each stage, and at least
four applications in status `review` for each of the review, decision, publicity and awarded calls (whose
stage is then `review`; the reviews part's demo takes them further). Safe to rerun."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from innozone.core.models import Organization, Region, User
from innozone.talent.selectors.lookup import demo_people

from ..models import Application, ApplicationFile, Call, Programme
from ..selectors.calls_eligibility import eligibility_of
from ..services import applications, applications_submit, calls, calls_stages, checks, programmes, recommendations

YEAR = 2026
PLAN = "兰白自创区科技计划项目"
COOP = "产学研合作专项"
CRITERIA = [
    {"name": "技术创新性", "weight": "30", "max_score": 10, "description": "技术路线先进、具有自主知识产权"},
    {"name": "研究基础与团队", "weight": "20", "max_score": 10},
    {"name": "实施方案可行性", "weight": "20", "max_score": 10},
    {"name": "经济社会效益", "weight": "20", "max_score": 10},
    {"name": "经费预算合理性", "weight": "10", "max_score": 10},
]
PLAN_RULES = [
    {"rule": "region", "regions": ["lz", "by"]},
    {"rule": "kind", "kinds": ["enterprise", "university", "institute"]},
    {"rule": "years_registered", "min": 1},
    {"rule": "not_sanctioned"},
]
COOP_RULES = [
    {"rule": "region", "regions": ["lz", "by"]},
    {"rule": "kind", "kinds": ["enterprise"]},
    {"rule": "years_registered", "min": 1},
    {"rule": "not_sanctioned"},
]
#: (round, target state, days the call opened before today, days it closes after today (negative: closed))
PLAN_CALLS = [
    (1, "awarded", 300, -240),
    (2, "publicity", 200, -150),
    (3, "decision", 150, -110),
    (4, "review", 120, -80),
    (5, "closed", 60, -5),
    (6, "draft", 1, 60),
]
STATE_NAMES = {
    "awarded": "第一批",
    "publicity": "第二批",
    "decision": "第三批",
    "review": "第四批",
    "closed": "第五批",
    "draft": "第六批",
}


def _user(name):
    return User.objects.filter(username=name).first()


def _programmes(office) -> tuple[Programme, Programme]:
    plan = Programme.objects.filter(name=PLAN, year=YEAR).first() or programmes.programme_create(
        actor=office,
        is_demo=True,
        name=PLAN,
        kind="plan",
        year=YEAR,
        description="支持兰白自创区内企业、高校和科研院所开展关键核心技术攻关和成果转化（演示）。",
        cap_per_applicant="2000000",
        max_ratio="0.5",
        matching_share="0.5",
        first_tranche_min="0.6",
        lines=[
            {
                "subject_code": "2060499",
                "subject_name": "其他技术研究与开发支出",
                "source": "province",
                "region": "gs",
                "amount": "12000000",
            },
            {
                "subject_code": "2060499",
                "subject_name": "其他技术研究与开发支出",
                "source": "city",
                "region": "lz",
                "amount": "6000000",
            },
        ],
    )
    coop = Programme.objects.filter(name=COOP, year=YEAR).first() or programmes.programme_create(
        actor=office,
        is_demo=True,
        name=COOP,
        kind="cooperation",
        year=YEAR,
        description="支持企业联合高校、科研院所开展产学研合作（演示）。",
        cap_per_applicant="1000000",
        max_ratio="0.5",
        matching_share="0",
        first_tranche_min="0.6",
        lines=[
            {
                "subject_code": "2060404",
                "subject_name": "科技成果转化与扩散",
                "source": "city",
                "region": "lz",
                "amount": "5000000",
            }
        ],
    )
    return plan, coop


def _call(office, programme, *, round_, title, rules, chain, quotas, budget, opened, closes, max_amount) -> Call:
    found = Call.objects.filter(programme=programme, round=round_).first()
    if found:
        return found
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    return calls.call_create(
        actor=office,
        programme=programme,
        is_demo=True,
        round=round_,
        title=title,
        body=f"{title}。请符合条件的单位在申报期内通过平台在线填报，按要求上传申报材料（演示）。",
        opens_at=today - dt.timedelta(days=opened),
        closes_at=today + dt.timedelta(days=max(closes, 20)),
        eligibility=rules,
        chain=chain,
        quotas=quotas,
        criteria=CRITERIA,
        budget=budget,
        max_amount=max_amount,
        panel_size=5,
        reserves=2,
        trim=1,
        review_days=10,
    )


def _applicants(call: Call, parks: tuple[str, ...], n: int, skip: set[int]) -> list[Organization]:
    codes = Region.objects.filter(code__in=parks).values_list("pk", flat=True)
    orgs = Organization.objects.filter(
        kind="enterprise", name__endswith="（演示）", registry_entry__park_id__in=list(codes)
    ).order_by("pk")
    out = []
    for org in orgs:
        if org.pk in skip:
            continue
        if eligibility_of(call, org)[0]:
            out.append(org)
        if len(out) == n:
            break
    return out


def _fill(app: Application, amount: int, people) -> None:
    half = Decimal(amount)
    app.title = f"{app.applicant.name.replace('（演示）', '')}关键技术研发与产业化（演示）"
    app.field = "新材料" if app.pk % 2 else "先进制造"
    app.amount = half
    app.answers = {
        "summary": "围绕关键共性技术开展攻关，形成自主知识产权并实现产业化应用。",
        "goals": "申请发明专利 3 件，新增销售收入 2000 万元。",
    }
    app.budget = [
        {
            "category": c,
            "fiscal": f"{half * share:.2f}" if share else "",
            "own": f"{half * share * 2:.2f}" if share else "",
        }
        for c, share in zip(
            applications.CATEGORIES,
            (Decimal("0.4"), Decimal("0.3"), Decimal("0.2"), 0, 0, 0, Decimal("0.1"), 0, 0),
            strict=True,
        )
    ]
    fiscal, own = applications.budget_totals(app.budget)
    app.total_budget = fiscal + own
    app.team_person_ids = [p.pk for p in people][:3]
    app.leader_person_id = people[0].pk if people else None
    app.save()
    if not app.files.exists():
        ApplicationFile.objects.create(
            application=app, key="plan", file=ContentFile(b"%PDF-1.4 demo\n", name="plan.pdf"), name="项目申报书.pdf"
        )


def _apply(call, org, amount, co=None) -> Application:
    app = Application.objects.filter(call=call, applicant=org).first()
    if app:
        return app
    app = applications._create(actor=None, call=call, organization=org, title="", is_demo=True)
    _fill(app, amount, demo_people([org.pk]))
    if co is not None:
        app.co_applicants.create(organization=co, role="联合研发与人才培养", confirmed=True)
    return app


def _submit(app):
    return applications_submit.application_submit(actor=None, application=app, check_actor=False)


def _through_chain(app, users, *, until=None):
    """Walk an accepted application through its call's chain (stop before `until`)."""
    app.refresh_from_db()
    while app.status == "recommending" and app.chain_stage != until:
        stage = app.chain_stage
        park = Region.objects.get(pk=app.region_id).code
        city = "baiyin" if park.startswith("by") else "lanzhou"
        actor = users["office"] if stage == "province" else users[park if stage == "district" else city]
        recommendations.application_recommend(
            actor=actor, application=app, recommended=True, rank=app.pk % 50 + 1, note="同意推荐"
        )
        app.refresh_from_db()
    return app


def _activity(office, plan_calls, open_call, users) -> None:
    used: dict[int, set[int]] = {}
    for state, call in plan_calls.items():
        if state == "draft" or call.applications.exists():
            continue
        skip = used.setdefault(call.pk, set())
        apps = [
            _apply(call, org, 300000 + 50000 * i)
            for i, org in enumerate(_applicants(call, ("lzgx", "lzxq", "bygx"), 8, skip))
        ]
        for app in apps:
            _submit(app)
        if state == "closed":
            # every status of the formal check and the chain
            checks.application_check(
                actor=office,
                application=apps[0],
                outcome="return",
                missing=[
                    {"item": "营业执照副本", "note": "请上传加盖公章的扫描件"},
                    {"item": "经费预算说明", "note": "设备费须列明设备清单"},
                ],
            )
            checks.application_check(
                actor=office, application=apps[1], outcome="reject", reason="申报单位不具备独立法人资格（演示）"
            )
            for app in apps[2:7]:
                checks.application_check(actor=office, application=app, outcome="accept")
            _through_chain(apps[3], users, until="city")
            recommendations.application_recommend(
                actor=users[Region.objects.get(pk=apps[4].region_id).code],
                application=apps[4],
                recommended=False,
                note="技术成熟度不足，暂不推荐",
            )
            _through_chain(apps[5], users)
            # apps[6]: recommending at the district stage; apps[7]: submitted, awaiting the check
        else:
            for app in apps[:6]:
                checks.application_check(actor=office, application=app, outcome="accept")
                _through_chain(app, users)
            for app in apps[6:]:
                checks.application_check(
                    actor=office, application=app, outcome="reject", reason="申报材料不全且逾期未补正（演示）"
                )
            calls_stages.call_close(actor=office, call=call)
            calls_stages.call_start_review(actor=office, call=call)
    # the open 产学研 call: a draft, a submission, a return, a recommendation at the city stage
    if not open_call.applications.exists():
        universities = list(
            Organization.objects.filter(kind__in=("university", "institute"), registry_entry__isnull=False).order_by(
                "pk"
            )[:2]
        )
        skip = {o.pk for o in Organization.objects.filter(name="甘肃陇原新材料科技有限公司")}
        orgs = _applicants(open_call, ("lzgx", "lzxq", "bygx"), 4, skip)
        apps = [
            _apply(open_call, org, 200000 + 50000 * i, co=universities[i % len(universities)] if universities else None)
            for i, org in enumerate(orgs)
        ]
        for app in apps[1:]:
            _submit(app)
        checks.application_check(
            actor=office, application=apps[1], outcome="return", missing=[{"item": "合作协议", "note": "须由双方盖章"}]
        )
        checks.application_check(actor=office, application=apps[2], outcome="accept")


@transaction.atomic
def seed_part(*, with_activity: bool) -> str:
    office = _user("office")
    if office is None:
        return ""
    plan, coop = _programmes(office)
    plan_calls = {}
    for round_, state, opened, closes in PLAN_CALLS:
        chain = ["district", "city"]
        quotas = [{"stage": "city", "region": "lz", "quota": 8}, {"stage": "city", "region": "by", "quota": 5}]
        plan_calls[state] = _call(
            office,
            plan,
            round_=round_,
            title=f"关于组织申报{YEAR}年度{PLAN}（{STATE_NAMES[state]}）的通知",
            rules=PLAN_RULES,
            chain=chain if state != "draft" else ["city"],
            quotas=quotas if state != "draft" else [],
            budget="3000000" if state == "draft" else "2000000",
            opened=opened,
            closes=closes,
            max_amount="800000",
        )
    open_call = _call(
        office,
        coop,
        round_=1,
        title=f"关于组织申报{YEAR}年度{COOP}的通知",
        rules=COOP_RULES,
        chain=["city"],
        quotas=[{"stage": "city", "region": "lz", "quota": 6}, {"stage": "city", "region": "by", "quota": 3}],
        budget="2000000",
        opened=10,
        closes=30,
        max_amount="500000",
    )
    for call in [*[c for s, c in plan_calls.items() if s != "draft"], open_call]:
        if call.stage == "draft":
            calls_stages.call_open(actor=office, call=call)
    users = {name: _user(name) for name in ("office", "lanzhou", "baiyin", "lzgx", "lzxq", "bygx")}
    if with_activity and all(users.values()):
        _activity(office, plan_calls, open_call, users)
    # the dates of the past calls (they were open while the demo applied)
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for _round, state, _opened, closes in PLAN_CALLS:
        call = Call.objects.get(pk=plan_calls[state].pk)
        if closes < 0 and call.closes_at > today:
            Call.objects.filter(pk=call.pk).update(closes_at=today + dt.timedelta(days=closes))
            if call.stage == "open":
                Call.objects.filter(pk=call.pk).update(stage="closed")
    n_calls, n_apps = Call.objects.filter(is_demo=True).count(), Application.objects.filter(is_demo=True).count()
    return f"funds calls: 2 programmes, {n_calls} calls, {n_apps} applications"
