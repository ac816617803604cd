from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "innozone.evaluation"
    label = "evaluation"
    verbose_name = _("创新评价")
