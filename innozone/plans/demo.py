"""The plans of the seed documents (the 2020 work plan, the pilot-city measures) and demo progress reports.
Safe to run twice: existing rows are kept."""

from decimal import Decimal

from django.db import transaction

from innozone.core import demo as core_demo
from innozone.core.models import Region, User

from . import services
from .models import Plan, Report
from .seed_data import __file__ as _seed_init
from .seed_data import lanbai_2020, pilot_city

ORDER = 10  # after core (units and logins)

SEED_DIR = __import__("pathlib").Path(_seed_init).parent


def _plan(structure, source_file: str) -> Plan:
    existing = Plan.objects.filter(year=structure["year"], title=structure["title"]).first()
    if existing:
        _live_sources(existing, structure)
        return existing
    return services.plan_create_from_structure(
        actor=None, structure=structure, source_text=(SEED_DIR / source_file).read_text(encoding="utf-8")
    )


def _live_sources(plan: Plan, structure) -> None:
    """A plan seeded before indicators had live sources gets the seed's (a source already set is kept)."""
    for ind in structure.get("indicators", []):
        if ind.get("source"):
            plan.indicators.filter(name=ind["name"], source="").update(
                source=ind["source"], authoritative=ind.get("authoritative", "reported")
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
def seed(*, with_activity: bool = True) -> str:
    """The two plans of the seed documents, and demo progress reports when `with_activity`."""
    plan2020 = _plan(lanbai_2020.STRUCTURE, "lanbai_2020.txt")
    pilot = _plan(pilot_city.STRUCTURE, "pilot_city.txt")
    if with_activity:
        _demo_reports(plan2020)
    return "; ".join(f"plan: {p.year} {p.title} ({p.tasks.count()} tasks)" for p in (plan2020, pilot))


def seed_demo(*, with_reports: bool = True) -> None:
    """Units, logins and plans (what a plans test or benchmark needs), without the other apps' demo."""
    core_demo.seed(with_activity=with_reports)
    seed(with_activity=with_reports)
