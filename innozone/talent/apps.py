from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "innozone.talent"
    label = "talent"
    verbose_name = _("人才与专家")

    def ready(self):
        from .services import draws

        draws.register_snapshots()
