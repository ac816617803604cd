from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "innozone.vouchers"
    label = "vouchers"
    verbose_name = _("科技创新券")

    def ready(self):
        from innozone.ledger.services import register_snapshot

        from .models import Scheme, Voucher
        from .services import register_approval_handlers
        from .services.events import scheme_state, voucher_state

        register_approval_handlers()
        register_snapshot("vouchers.Voucher", lambda: {v.pk: voucher_state(v) for v in Voucher.objects.all()})
        register_snapshot("vouchers.Scheme", lambda: {s.pk: scheme_state(s) for s in Scheme.objects.all()})
