from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: platforms:<key> — live indicators (core.sources) by the region of the platform or team:
#:   创新平台  platforms newly recognised in that year (the 六个一百 indicator of seed 001 task 6)
#:   创新团队  teams newly recognised in that year
LIVE_INDICATORS = ("创新平台", "创新团队")


def live_totals(key: str, year: int):
    from .selectors import platforms, teams

    if key == "创新平台":
        return platforms.platforms_recognised_by_region(year)
    if key == "创新团队":
        return teams.teams_recognised_by_region(year)
    return {}


class PlatformsConfig(AppConfig):
    name = "innozone.platforms"
    label = "platforms"
    verbose_name = _("创新平台与团队")

    def ready(self):
        from django.utils.translation import gettext

        from innozone.core.sources import register_source

        from .services import recognition, teams

        recognition.register_approval_handlers()
        teams.register_snapshots()
        register_source(
            "platforms",
            keys=lambda year: LIVE_INDICATORS,
            totals=live_totals,
            missing=lambda key, year: (
                gettext("创新平台库没有指标“%(k)s”（可用：%(keys)s）") % {"k": key, "keys": "、".join(LIVE_INDICATORS)}
            ),
        )
