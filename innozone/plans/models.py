from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization, Region

from .periods import Frequency


class Plan(models.Model):
    """An annual work plan (工作要点 / 实施方案) with its source text."""

    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.ForeignKey(
        Organization,
        verbose_name=_("印发单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_text = models.TextField(_("原文"), blank=True)
    report_frequency = models.CharField(
        _("报送周期"),
        max_length=10,
        choices=[(Frequency.MONTHLY.value, _("按月")), (Frequency.QUARTERLY.value, _("按季度"))],
        default=Frequency.QUARTERLY.value,
    )
    report_grace_days = models.PositiveSmallIntegerField(
        _("报送宽限天数"), default=10, help_text=_("周期结束后多少天内报送不算逾期")
    )
    is_active = models.BooleanField(_("督办中"), default=True, help_text=_("关闭后不再提醒逾期报送"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工作计划")
        verbose_name_plural = _("工作计划")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "title"], name="plan_unique_year_title")]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("标题"), max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("章节")
        verbose_name_plural = _("章节")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return f"{self.number}{self.title}"


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    number = models.CharField(_("序号"), max_length=20)
    text = models.TextField(_("任务内容"))
    deadline = models.DateField(_("完成时限"), null=True, blank=True, help_text=_("留空表示计划年度年底"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="task_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class Responsibility(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        IMPLEMENTING = "implementing", _("实施单位")
        COOPERATING = "cooperating", _("配合单位")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="responsibilities")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="responsibilities")
    role = models.CharField(_("职责"), max_length=20, choices=Role.choices)
    name_as_written = models.CharField(_("原文名称"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("责任分工")
        verbose_name_plural = _("责任分工")
        ordering = ["task", "role", "order"]
        constraints = [models.UniqueConstraint(fields=["task", "organization", "role"], name="responsibility_unique")]

    def __str__(self) -> str:
        return f"{self.task.number} {self.get_role_display()} {self.name_as_written}"


class Indicator(models.Model):
    """A quantified target such as 开发100个以上新产品 (兰州80、白银20)."""

    class Comparator(models.TextChoices):
        GTE = ">=", _("不少于")
        GT = ">", _("超过")
        EQ = "=", _("达到")
        LTE = "<=", _("不超过")

    class Authoritative(models.TextChoices):
        REPORTED = "reported", _("报送数")
        SOURCE = "source", _("平台数据")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators")
    name = models.CharField(_("指标"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20)
    comparator = models.CharField(_("比较"), max_length=2, choices=Comparator.choices, default=Comparator.GTE)
    target = models.DecimalField(_("目标值"), max_digits=18, decimal_places=4, validators=[MinValueValidator(0)])
    order = models.PositiveSmallIntegerField(default=0)
    # A live source of the platform (core.sources, "<kind>:<key>", e.g. "enterprises:高新技术企业") counted for
    # the plan's year beside the reported quantities; `authoritative` says which of the two the plan counts.
    source = models.CharField(_("平台数据来源"), max_length=60, blank=True, default="")
    authoritative = models.CharField(
        _("以何为准"), max_length=10, choices=Authoritative.choices, default=Authoritative.REPORTED
    )

    class Meta:
        verbose_name = _("量化指标")
        verbose_name_plural = _("量化指标")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="indicator_unique_name"),
            models.CheckConstraint(
                condition=~models.Q(authoritative="source") | ~models.Q(source=""),
                name="indicator_source_when_authoritative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_met(self, total: Decimal) -> bool:
        return {
            ">=": total >= self.target,
            ">": total > self.target,
            "=": total >= self.target,
            "<=": total <= self.target,
        }[self.comparator]


class IndicatorSplit(models.Model):
    """The part of a target assigned to one city or park (兰州80)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="splits")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("原文名称"), max_length=50)
    target = models.DecimalField(_("目标值"), max_digits=18, decimal_places=4, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("指标分解")
        verbose_name_plural = _("指标分解")
        ordering = ["indicator", "id"]
        constraints = [models.UniqueConstraint(fields=["indicator", "region"], name="split_unique_region")]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.label}"


class Report(models.Model):
    """One unit's progress report on one task for one reporting period."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        ACCEPTED = "accepted", _("已通过")
        RETURNED = "returned", _("已退回")

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("尚未启动")
        IN_PROGRESS = "in_progress", _("正在推进")
        COMPLETED = "completed", _("已完成")
        BLOCKED = "blocked", _("遇到困难")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey(
        Organization, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="plan_reports"
    )
    period = models.CharField(_("报送期"), max_length=10)
    status = models.CharField(_("审核状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    progress = models.CharField(_("进展情况"), max_length=12, choices=Progress.choices)
    narrative = models.TextField(_("工作进展"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("报送时间"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-period", "-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "organization", "period"], name="report_once_per_period")
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            # covers the one-pass roll-up in selectors.plan_progress (group by task, unit, status, progress)
            models.Index(fields=["task", "organization", "status", "progress", "period"], name="report_rollup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task.number} {self.organization.name} {self.period}"


class ReportQuantity(models.Model):
    """A quantity achieved in the period, counted towards an indicator once the report is accepted."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="quantities")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="quantities")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("本期完成"), max_digits=18, decimal_places=4, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("完成数量")
        verbose_name_plural = _("完成数量")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="quantity_once_per_indicator"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="quantity_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.value}"


def _attachment_path(instance, filename):
    return f"reports/{instance.report.task.plan_id}/{instance.report_id}/{filename}"


class ReportAttachment(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("文档")
        SPREADSHEET = "spreadsheet", _("表格")
        IMAGE = "image", _("图片")
        ARCHIVE = "archive", _("压缩包")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name


class ReportReview(models.Model):
    """Each accept/return decision, kept as history even after the report is resubmitted."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(_("结论"), max_length=12, choices=Report.Status.choices)
    comment = models.TextField(_("意见"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.at:%Y-%m-%d}"
