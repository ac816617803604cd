from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "innozone.policies"
    label = "policies"
    verbose_name = _("政策库")

    def ready(self):
        from .services import hooks

        hooks.register()
