from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "innozone.vouchers"
    label = "vouchers"
    verbose_name = _("科技创新券")
