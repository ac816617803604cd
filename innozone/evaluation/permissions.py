from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import can_use_supervision, is_office_admin
from innozone.core.roles import Role


def can_view_evaluation(user):
    return can_use_supervision(user)


def can_manage_evaluation(user):
    """Importing frameworks and data, running and publishing evaluations: the zone office."""
    if is_office_admin(user):
        return True, ""
    return False, _("只有自创区办公室可以导入数据、计算和发布评价结果")


def can_view_run(user, run):
    allowed, reason = can_view_evaluation(user)
    if not allowed:
        return allowed, reason
    if run.published or is_office_admin(user) or user.role == Role.AUDITOR:
        return True, ""
    return False, _("该评价结果尚未发布")
