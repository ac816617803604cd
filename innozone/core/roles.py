"""The roles a user can hold. Permission rules live in each app's `permissions.py`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("自创区办公室管理员")
    COORDINATOR = "coordinator", _("市/园区/部门协调员")
    REPORTER = "reporter", _("单位填报员")
    ENTERPRISE = "enterprise", _("企业用户")
    PROVIDER = "provider", _("服务机构用户")
    EXPERT = "expert", _("专家")
    FINANCE = "finance", _("财务审核")
    BANK = "bank", _("合作银行")
    LEADER = "leader", _("领导（只读）")
    AUDITOR = "auditor", _("审计员")


#: Roles that work inside government supervision (plans, reports, dashboards).
GOVERNMENT_ROLES = frozenset({Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REPORTER, Role.LEADER, Role.AUDITOR})
#: Roles that may read everything but change nothing.
READ_ONLY_ROLES = frozenset({Role.LEADER, Role.AUDITOR})
