from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..roles import Role


class Region(models.Model):
    """A node of the administrative tree: 甘肃省 → 兰州市 → 城关区, plus zones and parks."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市（州）")
        DISTRICT = "district", _("区")
        COUNTY = "county", _("县")
        ZONE = "zone", _("示范区/试验区")
        PARK = "park", _("新区/园区")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    code = models.SlugField(_("代码"), max_length=50, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("行政区/园区")
        verbose_name_plural = _("行政区/园区")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def ancestors(self) -> list["Region"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def city(self) -> "Region | None":
        """The city (地级市) this region lies in, or None for the province and province-wide zones."""
        for node in [self, *self.ancestors()]:
            if node.kind == Region.Kind.CITY:
                return node
        return None


class Organization(models.Model):
    """A unit that can hold responsibilities: a department, a committee, an enterprise, a group…"""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        DEPARTMENT = "department", _("政府部门")
        COMMITTEE = "committee", _("管委会")
        ENTERPRISE = "enterprise", _("企业")
        UNIVERSITY = "university", _("高校")
        INSTITUTE = "institute", _("科研院所")
        PROVIDER = "provider", _("服务机构")
        FINANCIAL = "financial", _("金融机构")
        INTERMEDIARY = "intermediary", _("中介机构")
        LEADING_GROUP = "leading_group", _("领导小组")
        LEADING_GROUP_OFFICE = "leading_group_office", _("领导小组办公室")
        GROUP = "group", _("单位组（成员单位）")

    name = models.CharField(_("名称"), max_length=200, unique=True)
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    members = models.ManyToManyField(
        "self",
        verbose_name=_("成员单位"),
        symmetrical=False,
        blank=True,
        related_name="member_of",
        help_text=_("仅用于单位组与领导小组：其成员单位"),
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    flags = models.JSONField(
        _("资质标记"), default=list, blank=True, help_text=_("如 科技型中小企业、高新技术企业、规模以上企业")
    )
    employees = models.PositiveIntegerField(_("从业人数"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_group(self) -> bool:
        return self.kind in (self.Kind.GROUP, self.Kind.LEADING_GROUP)


class OrganizationAlias(models.Model):
    """Another name a document may use for an organization (省科技厅 = 甘肃省科学技术厅)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("别名"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")

    def __str__(self) -> str:
        return f"{self.alias} → {self.organization.name}"


class User(AbstractUser):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("下次登录须修改密码"), default=False, help_text=_("办公室重置密码后设置，用户修改密码后清除")
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class AuditEvent(models.Model):
    """Who changed what, when, with the record before and after. Written by services only."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("操作单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80)
    object_id = models.CharField(_("对象编号"), max_length=64)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    @property
    def action_label(self) -> str:
        """The action in words, for the actions of accounts and the admin ('' for the others)."""
        return ACCOUNT_ACTION_LABELS.get(self.action, "")


#: labels of the audit actions written by sign-in, account management and the Django admin
ACCOUNT_ACTION_LABELS = {
    "core.login": _("登录"),
    "core.logout": _("退出登录"),
    "core.login_failed": _("登录失败"),
    "core.user.unlock": _("解除登录锁定"),
    "core.user.password_reset": _("重置密码"),
    "core.user.password_change": _("修改密码"),
    "core.user.set_role": _("修改角色"),
    "admin.add": _("后台新增"),
    "admin.change": _("后台修改"),
    "admin.delete": _("后台删除"),
}


class Notice(models.Model):
    """A message in a user's in-platform inbox (站内信)."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notices")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notice_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)
    read_only = models.BooleanField(_("只读"), default=False, help_text=_("只读令牌只能查询（GET/HEAD）"))

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotentRequest(models.Model):
    """A write made through the API with an Idempotency-Key: a retry returns the stored response
    instead of doing the write again (so a retried redemption cannot spend twice)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE)
    key = models.CharField(max_length=200)
    endpoint = models.CharField(max_length=200)
    request_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class ApprovalFlow(models.Model):
    """A configurable approval path: stages run one after another; the steps of one stage run in
    parallel (并联审批) and the stage passes when all of them, or any one of them, approve."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("审批流程")
        verbose_name_plural = _("审批流程")

    def __str__(self) -> str:
        return self.name


class ApprovalStep(models.Model):
    class Mode(models.TextChoices):
        ALL = "all", _("全部同意")
        ANY = "any", _("任一同意")

    flow = models.ForeignKey(ApprovalFlow, on_delete=models.CASCADE, related_name="steps")
    stage = models.PositiveSmallIntegerField(_("阶段"))
    mode = models.CharField(_("并联方式"), max_length=3, choices=Mode.choices, default=Mode.ALL)
    approver = models.ForeignKey(
        Organization,
        verbose_name=_("审批单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("留空表示由申请对象所在城市的科技主管部门审批"),
    )
    approver_is_city = models.BooleanField(_("由申请单位所在市审批"), default=False)
    deadline_days = models.PositiveSmallIntegerField(_("办理时限（天）"), default=5)
    publicity_days = models.PositiveSmallIntegerField(
        _("公示天数"),
        default=0,
        help_text=_("大于 0 时该环节为公示：环节开始即发布公示，公示期满且异议均已答复后方可办理"),
    )

    class Meta:
        verbose_name = _("审批步骤")
        verbose_name_plural = _("审批步骤")
        ordering = ["flow", "stage", "id"]

    def __str__(self) -> str:
        return f"{self.flow} #{self.stage}"


class ApprovalRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("审批中")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已撤回")

    flow = models.ForeignKey(ApprovalFlow, on_delete=models.PROTECT, related_name="requests")
    subject_type = models.CharField(max_length=100)  # "vouchers.Application"
    subject_id = models.PositiveBigIntegerField()
    title = models.CharField(_("事项"), max_length=200)
    applicant = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="approval_requests")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    stage = models.PositiveSmallIntegerField(_("当前阶段"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = _("审批事项")
        ordering = ["-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return self.title


class ApprovalTask(models.Model):
    """One approver's decision on one stage of a request."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("未开始")
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("同意")
        REJECTED = "rejected", _("不同意")
        SKIPPED = "skipped", _("无需办理")

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="tasks")
    step = models.ForeignKey(ApprovalStep, on_delete=models.PROTECT)
    stage = models.PositiveSmallIntegerField()
    approver = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="approval_tasks")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    due_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["request", "stage", "id"]
        indexes = [models.Index(fields=["approver", "status"])]

    def __str__(self) -> str:
        return f"{self.request} #{self.stage} {self.approver}"


from .calendar import WorkdayOverride  # noqa: E402, F401  (the official calendar’s local additions)
from .publicity import Objection, Publicity  # noqa: E402, F401  (the 公示 models live in their own module)
