from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "innozone.vouchers"
    label = "vouchers"
    verbose_name = _("科技创新券")

    def ready(self):
        from innozone.core.dossier import register_section
        from innozone.ledger.services import register_snapshot

        from . import selectors
        from .models import Order, Redemption, Scheme, SettlementBatch, Voucher
        from .services import register_approval_handlers
        from .services.events import batch_state, order_state, redemption_state, scheme_state, voucher_state

        register_approval_handlers()
        # the enterprise dossier shows the organization's vouchers and orders (core imports no app)
        register_section("vouchers", _("创新券"), selectors.dossier_vouchers, order=10)
        register_section("voucher_orders", _("创新券订单"), selectors.dossier_orders, order=11)
        # every record that carries money: `ledger verify` compares each with the state its last event recorded
        for model, state in [
            (Voucher, voucher_state),
            (Scheme, scheme_state),
            (Order, order_state),
            (Redemption, redemption_state),
            (SettlementBatch, batch_state),
        ]:
            register_snapshot(f"vouchers.{model.__name__}", _snapshot(model, state))


def _snapshot(model, state):
    return lambda: {record.pk: state(record) for record in model.objects.all()}
