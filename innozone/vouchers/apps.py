from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "innozone.vouchers"
    label = "vouchers"
    verbose_name = _("科技创新券")

    def ready(self):
        from innozone.ledger.verify import register_snapshot

        from . import services  # registers the approval handlers
        from .models import Scheme, Voucher

        register_snapshot("vouchers.Voucher", lambda: {v.pk: services.voucher_state(v) for v in Voucher.objects.all()})
        register_snapshot("vouchers.Scheme", lambda: {s.pk: services.scheme_state(s) for s in Scheme.objects.all()})
