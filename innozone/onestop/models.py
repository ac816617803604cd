"""One-stop service (一网通办): the service catalogue (事项清单) with each item's department, legal basis,
materials (which may be supplied later under 容缺受理), steps, statutory and promised time limits in working
days and its clock rules; the responsibility list (权责清单) and the negative list (负面清单); cases (办件)
with acceptance (受理 / 不予受理 / 补正 with a one-time complete list), parallel branches across departments
through the approval component (并联审批), a legal clock in working days on the official calendar that stops
during 补正, expert review and 公示, the result document and the applicant's rating (好差评).

Other apps' rows are referred to by id; organizations and approvals (core) are foreign keys.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innozone.core.models import ApprovalRequest, Organization, Region

USER = settings.AUTH_USER_MODEL


class ServiceItem(models.Model):
    """A service item (政务服务事项) of the catalogue."""

    class Type(models.TextChoices):
        LICENCE = "XK", _("行政许可")
        CONFIRMATION = "QR", _("行政确认")
        REWARD = "JL", _("行政奖励")
        PAYMENT = "JF", _("行政给付")
        PUBLIC = "GG", _("公共服务")
        OTHER = "QT", _("其他行政权力")

    class Clock(models.TextChoices):
        #: 行政许可法: 5-day one-time notice, 20 + 10 working days, 45 + 15 for joint handling; expert review,
        #: hearings, tests not counted (第四十五条)
        LICENCE = "licence", _("行政许可法时限")
        #: the item's own calendar (most S&T items): the promised/statutory days as configured
        OWN = "own", _("事项自定时限")

    class Channel(models.TextChoices):
        ONLINE = "online", _("全程网办")
        WINDOW = "window", _("窗口办理")
        BOTH = "both", _("网上申请、窗口领取")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        SUSPENDED = "suspended", _("暂停办理")

    code = models.CharField(_("事项编码"), max_length=40, unique=True)  # 62000000KJ-QR-0001
    name = models.CharField(_("事项名称"), max_length=200)
    type = models.CharField(_("事项类型"), max_length=2, choices=Type.choices)
    department = models.ForeignKey(
        Organization, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="service_items"
    )
    implementer = models.CharField(_("实施主体"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("行使层级/地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.TextField(_("设定依据"), blank=True)
    conditions = models.TextField(_("受理条件"), blank=True)
    #: [{"name": "受理", "text": "..."}, ...]
    steps = models.JSONField(_("办理流程"), default=list, blank=True)
    clock = models.CharField(_("时限规则"), max_length=10, choices=Clock.choices, default=Clock.OWN)
    statutory_days = models.PositiveSmallIntegerField(_("法定办结时限（工作日）"))
    promised_days = models.PositiveSmallIntegerField(_("承诺办结时限（工作日）"))
    extension_days = models.PositiveSmallIntegerField(_("可延长（工作日）"), default=0)
    acceptance_days = models.PositiveSmallIntegerField(_("受理/补正告知时限（工作日）"), default=5)
    #: what the clock does not count (engine.clock.PAUSE_REASONS)
    pauses_allowed = models.JSONField(_("不计入时限的环节"), default=list, blank=True)
    warn_days = models.PositiveSmallIntegerField(_("黄灯预警（剩余工作日）"), default=3)
    fees = models.CharField(_("收费标准"), max_length=200, default="不收费")
    channel = models.CharField(_("办理渠道"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    allows_deferral = models.BooleanField(_("可容缺受理"), default=True)
    #: the platform's own flow that takes this item (a URL name, e.g. "vouchers:apply"): the catalogue links
    #: there instead of opening a generic case
    flow_url = models.CharField(_("平台内办理入口"), max_length=100, blank=True)
    flow_note = models.CharField(_("办理入口说明"), max_length=200, blank=True)
    #: the departments handling in parallel (并联审批); empty: the item's department alone
    branch_departments = models.ManyToManyField(
        Organization, verbose_name=_("并联审批部门"), blank=True, related_name="parallel_items"
    )
    branch_days = models.PositiveSmallIntegerField(_("并联环节时限（工作日）"), default=10)
    result_name = models.CharField(_("办理结果名称"), max_length=100, blank=True)
    contact = models.CharField(_("咨询电话"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ItemMaterial(models.Model):
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必须提交"), default=True)
    may_defer = models.BooleanField(_("可容缺后补"), default=False)
    copies = models.CharField(_("份数/形式"), max_length=50, default="电子件1份")
    note = models.CharField(_("说明"), max_length=300, blank=True)
    template = models.FileField(_("空白模板"), upload_to="onestop/templates/", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item_id", "order", "pk"]

    def __str__(self) -> str:
        return str(self.name)


class PowerEntry(models.Model):
    """A line of the responsibility list (权责清单)."""

    department = models.ForeignKey(Organization, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("职权名称"), max_length=200)
    type = models.CharField(_("职权类型"), max_length=20)
    basis = models.TextField(_("设定依据"), blank=True)
    responsibility = models.TextField(_("责任事项"), blank=True)
    accountability = models.TextField(_("追责情形"), blank=True)
    item = models.ForeignKey(ServiceItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="powers")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["department_id", "order", "pk"]

    def __str__(self) -> str:
        return str(self.name)


class NegativeEntry(models.Model):
    """A line of the negative list (负面清单): what the zone does not permit or support."""

    class Category(models.TextChoices):
        FORBIDDEN = "forbidden", _("禁止准入")
        RESTRICTED = "restricted", _("许可准入")
        NOT_SUPPORTED = "not_supported", _("不予支持")

    category = models.CharField(_("类别"), max_length=15, choices=Category.choices)
    text = models.TextField(_("内容"))
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["category", "order", "pk"]

    def __str__(self) -> str:
        return str(self.text[:50])


class Case(models.Model):
    """A case (办件): one application for a service item."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")
        CORRECTING = "correcting", _("补正中")
        REFUSED = "refused", _("不予受理")
        ACCEPTED = "accepted", _("已受理")
        BRANCHES = "branches", _("并联审批中")
        PAUSED = "paused", _("暂停计时")  # expert review, hearing, 公示 …
        APPROVED = "approved", _("准予办理")
        DENIED = "denied", _("不予办理")
        WITHDRAWN = "withdrawn", _("已撤回")

    number = models.CharField(_("办件编号"), max_length=30, unique=True)  # BJ2026-000123
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="cases")
    applicant = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="service_cases")
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("申请事项"), max_length=200)
    #: the applicant's form: {"contact": ..., "phone": ..., "description": ...}
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    #: 容缺受理: materials promised later and by when (working days counted by the clock)
    deferred = models.BooleanField(_("容缺受理"), default=False)
    deferred_until = models.DateField(_("容缺材料补齐期限"), null=True, blank=True)
    deferred_done_at = models.DateTimeField(null=True, blank=True)
    #: the clock: limit in working days from acceptance (statutory, or statutory + extension)
    limit_days = models.PositiveSmallIntegerField(_("办结时限（工作日）"), default=0)
    extended = models.BooleanField(_("已延长"), default=False)
    extension_reason = models.CharField(_("延长理由"), max_length=300, blank=True)
    due_on = models.DateField(_("办结期限"), null=True, blank=True, db_index=True)
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decision_note = models.TextField(_("办理意见"), blank=True)
    result_number = models.CharField(_("结果文书编号"), max_length=50, blank=True)
    #: working days used when finished (the clock's count, pauses excluded)
    used_days = models.PositiveSmallIntegerField(_("实际用时（工作日）"), null=True, blank=True)
    #: another app's record this case is about ("funds.Application:12"), when the item's flow lives there
    subject_ref = models.CharField(max_length=60, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.number


class CaseMaterial(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(ItemMaterial, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="onestop/cases/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    correction = models.ForeignKey(
        "Correction", null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.name)


class Correction(models.Model):
    """补正: the one-time complete list (一次性告知) of what to correct; the clock stops until it is answered."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="corrections")
    #: [{"material": "营业执照", "problem": "复印件不清晰"}, ...] — everything at once
    items = models.JSONField(_("补正内容"))
    issued_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField(_("补正说明"), blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(f"{self.case_id} 补正 #{self.pk}")


class ClockPause(models.Model):
    """A period the clock does not count (补正, expert review, hearing, 公示 …)."""

    class Reason(models.TextChoices):
        CORRECTION = "correction", _("补正材料")
        EXPERT = "expert", _("专家评审")
        HEARING = "hearing", _("听证")
        TEST = "test", _("检验检测")
        PUBLICITY = "publicity", _("公示")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(_("原因"), max_length=12, choices=Reason.choices)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return str(f"{self.get_reason_display()} {self.started_on}")


class CaseEvent(models.Model):
    """The case's timeline as the applicant sees it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    text = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return str(f"{self.action} {self.at}")


class Rating(models.Model):
    """好差评 of a case (一事一评), five levels; a bad review is rectified within 15 working days."""

    class Level(models.IntegerChoices):
        VERY_SATISFIED = 5, _("非常满意")
        SATISFIED = 4, _("满意")
        BASIC = 3, _("基本满意")
        DISSATISFIED = 2, _("不满意")
        VERY_DISSATISFIED = 1, _("非常不满意")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rating")
    level = models.PositiveSmallIntegerField(_("总体评价"), choices=Level.choices)
    #: {"efficiency": 5, "guide": 4, "convenience": 5, "usability": 4}
    dimensions = models.JSONField(_("分项评价"), default=dict, blank=True)
    comment = models.TextField(_("评价内容"), blank=True)
    department = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    rated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rated_at = models.DateTimeField(auto_now_add=True)
    rectify_due = models.DateField(_("整改期限"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("整改时间"), null=True, blank=True)
    reply = models.TextField(_("整改回复"), blank=True)

    class Meta:
        ordering = ["-rated_at"]

    def __str__(self) -> str:
        return str(f"{self.case_id}: {self.get_level_display()}")
