from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "innozone.core"
    label = "core"
    verbose_name = _("基础数据")

    def ready(self):
        from . import signals  # noqa: F401  (audit of sign-in and of the Django admin)
