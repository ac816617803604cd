"""Registrations of the projects part (see hooks.py): the approval handlers of tranches (staff → finance) and
change requests, the live indicator source `funds:` and the enterprise dossier's section."""


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from innozone.core.dossier import register_section
    from innozone.core.sources import register_source

    from ..selectors import money
    from . import dossier, monitoring, tranches

    tranches.register_approval_handlers()
    monitoring.register_approval_handlers()
    register_source("funds", keys=money.live_keys, totals=money.live_totals, missing=money.live_missing)
    register_section("funds", _("专项资金"), dossier.dossier_section, order=60)
