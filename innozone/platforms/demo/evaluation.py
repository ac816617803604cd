"""Demo part of the annual evaluation: two years of figures for every recognised demo platform (deterministic,
plausible numbers by kind), and with activity the evaluation of the earlier year. Called by the platforms
demo (`demo/__init__.py`) after the platforms exist; idempotent."""

from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from innozone.core.models import User

from ..models import Assessment, Platform, YearFigures
from ..services.evaluation import assessment_run

STATUSES = (Platform.Status.RECOGNISED, Platform.Status.OPERATING, Platform.Status.RECTIFYING)


def _figures(p: Platform, year: int, n: int) -> dict:
    """Numbers from the platform's position and the year: spread enough that grades differ."""
    k = (p.pk * 7 + n * 13) % 10 + 1  # 1..10
    growth = 1 + (year % 2) * Decimal("0.1")
    out = {
        "rd_staff": 8 + 4 * k,
        "projects": 1 + k,
        "rd_spend": (Decimal(300000) * k * growth).quantize(Decimal("0.01")),
        "outputs": k,
        "patents": k // 2,
        "services": 6 * k,
        "service_income": (Decimal(20000) * k).quantize(Decimal("0.01")),
    }
    if p.kind.carrier:
        area = Decimal(2000 + 800 * k)
        out.update(tenants=10 + 4 * k, graduated=k // 3, area=area, occupancy=Decimal(55 + 4 * k))
    return out


def seed_part(*, with_activity: bool) -> str:
    year = timezone.localdate().year - 1
    years = (year - 1, year)
    platforms = list(
        Platform.objects.filter(is_demo=True)
        .filter(Q(status__in=STATUSES) | Q(assessments__isnull=False))
        .select_related("kind")
        .distinct()
        .order_by("id")
    )
    made = 0
    for n, p in enumerate(platforms):
        if n % 9 == 8:
            continue  # one in nine files nothing: listed as not taking part
        for y in years:
            _, created = YearFigures.objects.get_or_create(platform=p, year=y, defaults=_figures(p, y, n))
            made += created
    assessed = 0
    if with_activity and not Assessment.objects.filter(year=years[0], platform__is_demo=True).exists():
        office = User.objects.filter(username="office").first() or User.objects.filter(is_superuser=True).first()
        if office is not None and platforms:
            assessed = len(assessment_run(actor=office, year=years[0])["results"])
    return f"平台年度数据 {made} 条，年度评价 {assessed} 个平台"
