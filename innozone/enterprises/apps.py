import datetime as dt
from decimal import Decimal

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: enterprises:<key> — the registry's live indicators (core.sources), by the region of the enterprise:
#:   高新技术企业      enterprises newly recognised as 高企 that year (a renewal is not new)
#:   高新技术企业数    高企 valid on 31 December of that year
#:   科技型中小企业    科小 valid on 31 December of that year (its registration number runs to the year's end)
#:   研发经费          R&D expense of that year (万元; one source per enterprise-year: tax, statistics, self)
#:   研发经费投入强度  R&D expense / sales revenue of that year (%), per region
LIVE_INDICATORS = ("高新技术企业", "高新技术企业数", "科技型中小企业", "研发经费", "研发经费投入强度")

WAN = Decimal(10000)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _intensity(rd: dict[int, Decimal], revenue: dict[int, Decimal]) -> dict[int, Decimal]:
    """R&D over revenue in % per region (regions without revenue are left out: no ratio to give).
    A ratio per region: exact for a unit that is the enterprises' own region (county or park)."""
    return {
        region: (rd.get(region, Decimal(0)) * 100 / total).quantize(Decimal("0.01"))
        for region, total in revenue.items()
        if total > 0
    }


def live_totals(key: str, year: int) -> dict[int, Decimal]:
    from . import selectors

    if key == "高新技术企业":
        return selectors.hnte_recognised_by_region(year)
    if key == "高新技术企业数":
        return selectors.qualification_counts_by_region("hnte", _year_end(year))
    if key == "科技型中小企业":
        return selectors.qualification_counts_by_region("tsme", _year_end(year))
    if key == "研发经费":
        return {r: v / WAN for r, v in selectors.figure_totals_by_region(year, "rd_total").items()}
    if key == "研发经费投入强度":
        return _intensity(
            selectors.figure_totals_by_region(year, "rd_total"), selectors.figure_totals_by_region(year, "revenue")
        )
    return {}


class EnterprisesConfig(AppConfig):
    name = "innozone.enterprises"
    label = "enterprises"
    verbose_name = _("企业库")

    def ready(self):
        from django.utils.translation import gettext

        from innozone.core.sources import register_source

        register_source(
            "enterprises",
            keys=lambda year: LIVE_INDICATORS,
            totals=live_totals,
            missing=lambda key, year: (
                gettext("企业库没有指标“%(k)s”（可用：%(keys)s）") % {"k": key, "keys": "、".join(LIVE_INDICATORS)}
            ),
        )
