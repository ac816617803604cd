"""Build the default data from the seed documents. Safe to run twice: existing rows are kept."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from innozone.core.models import Organization, OrganizationAlias, Region, User

from . import services
from .models import Plan, Report
from .seed_data import __file__ as _seed_init
from .seed_data import lanbai_2020, pilot_city, units

SEED_DIR = __import__("pathlib").Path(_seed_init).parent


def _regions() -> dict[str, Region]:
    by_code = {}
    for code, name, short, kind, parent in units.REGIONS:
        region, _ = Region.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind, "parent": by_code.get(parent)},
        )
        by_code[code] = region
    return by_code


def _organizations(regions) -> dict[str, Organization]:
    orgs = {}
    for name, kind, region, aliases in units.ORGANIZATIONS:
        org, _ = Organization.objects.get_or_create(name=name, defaults={"kind": kind, "region": regions[region]})
        orgs[name] = org
        for alias in aliases:
            OrganizationAlias.objects.get_or_create(alias=alias, defaults={"organization": org})
    for group, members in units.GROUPS:
        orgs[group].members.add(*[orgs[m] for m in members])
    # 市科技局 sits under the city government.
    Organization.objects.filter(name="兰州市科学技术局", parent=None).update(parent=orgs["兰州市人民政府"])
    return orgs


def _office_group() -> Group:
    """Django-admin rights for the zone office: maintain units, regions, users and plans."""
    group, _ = Group.objects.get_or_create(name="自创区办公室")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=["core", "plans"]))
    return group


def _users(orgs) -> list[tuple[str, str, str]]:
    office_group = _office_group()
    created = []
    for username, display, role, org in units.USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                display_name=display,
                role=role,
                organization=orgs[org],
                is_staff=role == "office_admin",
            )
            user.set_password(units.DEMO_PASSWORD)
            user.save()
            if role == "office_admin":
                user.groups.add(office_group)
        created.append((username, user.get_role_display(), org))
    return created


def _plan(structure, source_file: str) -> Plan:
    existing = Plan.objects.filter(year=structure["year"], title=structure["title"]).first()
    if existing:
        return existing
    return services.plan_create_from_structure(
        actor=None, structure=structure, source_text=(SEED_DIR / source_file).read_text(encoding="utf-8")
    )


def _demo_reports(plan: Plan) -> None:
    """A few reports in every state so the dashboards are not empty. Only on a plan without reports."""
    if Report.objects.filter(task__plan=plan).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=["lzxq", "lzgx", "bygx", "lanzhou", "office"])}
    task6 = plan.tasks.get(number="6")
    ind = {i.name: i for i in task6.indicators.all()}
    _lz, _by = Region.objects.get(code="lz"), Region.objects.get(code="by")

    def q(name, value, region=None):
        return services.QuantityInput(ind[name].pk, Decimal(value), region.pk if region else None)

    r1 = services.report_submit(
        actor=users["lzxq"],
        task=task6,
        period="2020-Q1",
        progress="in_progress",
        narrative="新区一季度新开发新产品12个，新认定高新技术企业9家，新增省级创新平台4家。",
        quantities=[q("新产品", 12), q("高新技术企业", 9), q("创新平台", 4)],
    )
    services.report_accept(actor=users["lanzhou"], report=r1, comment="数据已核实。")
    r2 = services.report_submit(
        actor=users["lzgx"],
        task=task6,
        period="2020-Q1",
        progress="in_progress",
        narrative="高新区一季度完成重大科技成果15项，引进创新团队6个，开发新产品20个。",
        quantities=[q("重大科技成果", 15), q("创新团队", 6), q("新产品", 20)],
    )
    services.report_accept(actor=users["lanzhou"], report=r2)
    services.report_submit(
        actor=users["bygx"],
        task=task6,
        period="2020-Q1",
        progress="in_progress",
        narrative="白银高新区一季度开发新产品5个，培育高新技术企业3家。",
        quantities=[q("新产品", 5), q("高新技术企业", 3)],
    )
    r4 = services.report_submit(
        actor=users["lzxq"],
        task=plan.tasks.get(number="9"),
        period="2020-Q1",
        progress="in_progress",
        narrative="推行并联审批，工程建设项目审批时限压缩至80个工作日。",
    )
    services.report_return(actor=users["lanzhou"], report=r4, comment="请补充网上办事事项数量。")
    r5 = services.report_submit(
        actor=users["lzgx"],
        task=plan.tasks.get(number="7"),
        period="2020-Q1",
        progress="completed",
        narrative="兰洽会签约项目18个，引进上下游配套项目6个，全年招商任务已完成。",
    )
    services.report_accept(actor=users["office"], report=r5)


@transaction.atomic
def seed_demo(*, with_reports: bool = True) -> dict:
    regions = _regions()
    orgs = _organizations(regions)
    logins = _users(orgs)
    plan2020 = _plan(lanbai_2020.STRUCTURE, "lanbai_2020.txt")
    pilot = _plan(pilot_city.STRUCTURE, "pilot_city.txt")
    if with_reports:
        _demo_reports(plan2020)
    return {
        "plans": [plan2020, pilot],
        "logins": logins,
        "password": units.DEMO_PASSWORD,
        "at": timezone.now(),
        "today": dt.date.today(),
    }
