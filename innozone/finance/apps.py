from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "innozone.finance"
    label = "finance"
    verbose_name = _("科技金融")

    def ready(self):
        from .services import claims, events

        events.register_snapshots()
        claims.register_approval_handlers()
