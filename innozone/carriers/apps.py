from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarriersConfig(AppConfig):
    name = "innozone.carriers"
    label = "carriers"
    verbose_name = _("载体与空间")
