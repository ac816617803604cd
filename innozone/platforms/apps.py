from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "innozone.platforms"
    label = "platforms"
    verbose_name = _("创新平台与团队")
