from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "innozone.cooperation"
    label = "cooperation"
    verbose_name = _("国际合作")

    def ready(self):
        from .services import hooks

        hooks.register()
