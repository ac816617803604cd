from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "innozone.investment"
    label = "investment"
    verbose_name = _("产业链招商")

    def ready(self):
        from .services import hooks

        hooks.register()
