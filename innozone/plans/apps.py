from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "innozone.plans"
    label = "plans"
    verbose_name = _("工作计划督办")

    def ready(self):
        from django.utils.translation import gettext

        from innozone.core.sources import register_source

        from . import selectors

        # plans:<indicator> = accepted quantities of that plan indicator reported that year in the region
        register_source(
            "plans",
            keys=selectors.plan_indicator_names,
            totals=selectors.accepted_totals_by_region,
            missing=lambda key, year: gettext("%(y)s年的工作计划中没有指标“%(k)s”") % {"y": year, "k": key},
        )
