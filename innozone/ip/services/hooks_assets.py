"""Start-up registrations of the assets part: pledges (ip.Transaction of kind pledge) compared by `ledger
verify` with their last `ip.pledge` event; the enterprise dossier's IP section."""

from django.utils.translation import gettext_lazy as _

from innozone.core.dossier import register_section
from innozone.ledger.services import register_snapshot

from ..selectors.assets import dossier_assets, pledge_states


def register() -> None:
    register_snapshot("ip.Transaction", pledge_states)
    register_section("ip", _("知识产权"), dossier_assets, order=70)
