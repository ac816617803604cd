from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "innozone.funds"
    label = "funds"
    verbose_name = _("专项资金")

    def ready(self):
        from .services import events, hooks

        events.register_snapshots()
        hooks.register()
