from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpConfig(AppConfig):
    name = "innozone.ip"
    label = "ip"
    verbose_name = _("知识产权")

    def ready(self):
        from .services import hooks

        hooks.register()
