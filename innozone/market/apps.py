from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# market:技术合同成交额 = registered technology-transaction amount (万元) signed that year in the region
LIVE_INDICATORS = ("技术合同成交额", "技术交易额")


class MarketConfig(AppConfig):
    name = "innozone.market"
    label = "market"
    verbose_name = _("科技大市场")

    def ready(self):
        from innozone.core.dossier import register_section
        from innozone.core.sources import register_source

        from . import selectors

        register_source(
            "market",
            keys=lambda year: LIVE_INDICATORS,
            totals=lambda key, year: selectors.contract_totals_by_region(year),
        )
        # the enterprise dossier shows the organization's listings, bookings and contracts
        register_section("market_listings", _("科技大市场发布"), selectors.dossier_listings, order=20)
        register_section("market_bookings", _("仪器预约"), selectors.dossier_bookings, order=21)
        register_section("market_contracts", _("技术合同"), selectors.dossier_contracts, order=22)
