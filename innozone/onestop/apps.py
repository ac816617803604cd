from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "innozone.onestop"
    label = "onestop"
    verbose_name = _("一网通办")

    def ready(self):
        from .services import hooks

        hooks.register()
