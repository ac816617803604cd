"""科技创新券: schemes and their budgets, providers and their catalogues, applications, vouchers,
service orders, redemptions and settlement batches.

Invariants held by the database, not only by Python:
- a scheme's committed amount never exceeds its budget (CheckConstraint; issuance is a conditional
  UPDATE that cannot pass the limit even under concurrency);
- a voucher's redeemed amount never exceeds its amount (CheckConstraint);
- an order is redeemed at most once (unique redemption per order);
- one voucher per application; voucher numbers unique.
"""

import os
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization, Region

MONEY = {"max_digits": 14, "decimal_places": 2}


class ServiceCategory(models.Model):
    """Instrument sharing and testing, commissioned R&D, IP services, technology transfer, … (configurable)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("服务类别")
        verbose_name_plural = _("服务类别")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Scheme(models.Model):
    """A year's voucher scheme of one issuing body, with its budget and rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("受理中")
        CLOSED = "closed", _("已结束")

    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=120)
    issuer = models.ForeignKey(Organization, verbose_name=_("发放单位"), on_delete=models.PROTECT, related_name="+")
    budget = models.DecimalField(_("总预算（元）"), **MONEY)
    committed = models.DecimalField(_("已占用（元）"), default=Decimal("0"), **MONEY)
    per_enterprise_cap = models.DecimalField(_("每家企业年度上限（元）"), **MONEY)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期止"))
    voucher_days = models.PositiveSmallIntegerField(_("券有效天数"), default=180)
    eligible_regions = models.ManyToManyField(
        Region, verbose_name=_("申领地区"), blank=True, related_name="+", help_text=_("留空表示不限")
    )
    required_flags = models.JSONField(_("申领资质"), default=list, blank=True, help_text=_("如 科技型中小企业"))
    max_employees = models.PositiveIntegerField(_("从业人数上限"), null=True, blank=True)
    cross_region = models.BooleanField(_("通用通兑（可跨地区使用）"), default=False)
    spend_regions = models.ManyToManyField(
        Region, verbose_name=_("使用地区"), blank=True, related_name="+", help_text=_("不通用通兑时的服务机构所在地区")
    )
    approval_flow = models.ForeignKey(
        "core.ApprovalFlow", verbose_name=_("审批流程"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("创新券方案")
        verbose_name_plural = _("创新券方案")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(committed__gte=0), name="scheme_committed_not_negative"),
            models.CheckConstraint(condition=Q(committed__lte=F("budget")), name="scheme_never_overspent"),
            models.CheckConstraint(condition=Q(valid_until__gte=F("valid_from")), name="scheme_valid_period"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    @property
    def available(self) -> Decimal:
        return self.budget - self.committed


class CategoryRate(models.Model):
    """What share of a service's price a voucher may pay, per category."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="rates")
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, related_name="+")
    subsidy_ratio = models.DecimalField(_("补贴比例"), max_digits=4, decimal_places=3)

    class Meta:
        verbose_name = _("补贴比例")
        verbose_name_plural = _("补贴比例")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "category"], name="one_rate_per_category"),
            models.CheckConstraint(condition=Q(subsidy_ratio__gt=0, subsidy_ratio__lte=1), name="ratio_in_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.subsidy_ratio}"


class Provider(models.Model):
    """A registered service provider (服务机构): approved by the zone office, can be suspended."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已入库")
        REJECTED = "rejected", _("未通过")
        SUSPENDED = "suspended", _("已暂停")

    organization = models.OneToOneField(Organization, verbose_name=_("机构"), on_delete=models.PROTECT)
    qualifications = models.TextField(_("资质说明"))
    categories = models.ManyToManyField(ServiceCategory, verbose_name=_("服务类别"), related_name="providers")
    contact = models.CharField(_("联系人及电话"), max_length=100)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    status_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("服务机构")
        verbose_name_plural = _("服务机构")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.organization.name


class ServiceItem(models.Model):
    """One priced service in a provider's catalogue (shared with the technology market)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(ServiceCategory, verbose_name=_("类别"), on_delete=models.PROTECT)
    name = models.CharField(_("服务名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    price = models.DecimalField(_("价格（元）"), **MONEY)
    price_unit = models.CharField(_("计价单位"), max_length=20, default="次")
    active = models.BooleanField(_("上架"), default=True)

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")
        ordering = ["provider", "id"]
        constraints = [models.CheckConstraint(condition=Q(price__gt=0), name="service_price_positive")]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("审批中")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")
        WITHDRAWN = "withdrawn", _("已撤回")

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications")
    enterprise = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="voucher_applications")
    amount = models.DecimalField(_("申请金额（元）"), **MONEY)
    purpose = models.TextField(_("用途"))
    category = models.ForeignKey(ServiceCategory, verbose_name=_("拟用服务类别"), on_delete=models.PROTECT)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    approval = models.OneToOneField("core.ApprovalRequest", null=True, blank=True, on_delete=models.PROTECT)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申领申请")
        verbose_name_plural = _("申领申请")
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="application_amount_positive")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.amount}"


class Voucher(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("可使用")
        USED = "used", _("已用完")
        CANCELLED = "cancelled", _("已作废")
        EXPIRED = "expired", _("已过期")

    number = models.CharField(_("券号"), max_length=30, unique=True)
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="vouchers")
    enterprise = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="vouchers")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, null=True, blank=True)
    amount = models.DecimalField(_("面额（元）"), **MONEY)
    redeemed = models.DecimalField(_("已兑付（元）"), default=Decimal("0"), **MONEY)
    reserved = models.DecimalField(_("订单占用（元）"), default=Decimal("0"), **MONEY)
    released = models.DecimalField(_("退回预算（元）"), default=Decimal("0"), **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    issued_at = models.DateTimeField(_("发放时间"))
    expires_on = models.DateField(_("有效期至"))

    class Meta:
        verbose_name = _("创新券")
        verbose_name_plural = _("创新券")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="voucher_amount_positive"),
            models.CheckConstraint(condition=Q(redeemed__gte=0), name="voucher_redeemed_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="voucher_reserved_not_negative"),
            models.CheckConstraint(
                condition=Q(redeemed__lte=F("amount") - F("released")), name="voucher_never_over_redeemed"
            ),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("amount") - F("released")), name="voucher_never_over_reserved"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def remaining(self) -> Decimal:
        """What new orders may still use."""
        return self.amount - self.released - self.reserved


class Order(models.Model):
    """A service order paid partly by a voucher: the voucher part is reserved when the order is placed."""

    class Status(models.TextChoices):
        PLACED = "placed", _("已下单")
        DELIVERED = "delivered", _("已交付")
        CONFIRMED = "confirmed", _("企业已确认")
        REDEEMED = "redeemed", _("已申请兑付")
        REVIEWED = "reviewed", _("已审核")
        SETTLED = "settled", _("已结算")
        CANCELLED = "cancelled", _("已取消")
        REFUSED = "refused", _("兑付被驳回")

    number = models.CharField(_("订单号"), max_length=30, unique=True)
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="orders")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="orders")
    item = models.ForeignKey(ServiceItem, verbose_name=_("服务项目"), on_delete=models.PROTECT)
    quantity = models.DecimalField(_("数量"), max_digits=10, decimal_places=2, default=Decimal("1"))
    price_total = models.DecimalField(_("服务总价（元）"), **MONEY)
    voucher_amount = models.DecimalField(_("创新券支付（元）"), **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLACED)
    note = models.TextField(_("需求说明"), blank=True)
    placed_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("服务订单")
        verbose_name_plural = _("服务订单")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(voucher_amount__gt=0), name="order_voucher_amount_positive"),
            models.CheckConstraint(
                condition=Q(voucher_amount__lte=F("price_total")), name="order_voucher_not_above_price"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Evidence(models.Model):
    class Kind(models.TextChoices):
        CONTRACT = "contract", _("合同")
        INVOICE = "invoice", _("发票")
        REPORT = "report", _("服务报告")
        OTHER = "other", _("其他")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="vouchers/evidence/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("交付凭证")
        verbose_name_plural = _("交付凭证")

    def __str__(self) -> str:
        """The name it was uploaded under (files kept before names were: the stored file's own name)."""
        return self.original_name or os.path.basename(self.file.name)


class SettlementBatch(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("待拨付")
        PAID = "paid", _("已拨付")

    number = models.CharField(_("批次号"), max_length=30, unique=True)
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="batches")
    total = models.DecimalField(_("合计（元）"), **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("结算批次")
        verbose_name_plural = _("结算批次")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.number


class Redemption(models.Model):
    """The provider's claim for an order's voucher part. One per order, ever."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("审核通过")
        REFUSED = "refused", _("驳回")
        SETTLED = "settled", _("已结算")

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="redemption")
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="redemptions")
    amount = models.DecimalField(_("兑付金额（元）"), **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    # who claimed and who reviewed: separation of duties (permissions.can_review_redemption, can_settle)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("兑付申请人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(SettlementBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("兑付")
        verbose_name_plural = _("兑付")
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="redemption_amount_positive")]

    def __str__(self) -> str:
        return f"{self.order} {self.amount}"


class Complaint(models.Model):
    """An enterprise's complaint about a provider's order (kept on the provider's record)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="complaints")
    text = models.TextField(_("投诉内容"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(_("已处理"), default=False)

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")

    def __str__(self) -> str:
        return self.text[:30]
