"""科技大市场: listings (achievements, demands, services, instruments, experts), instrument bookings and
usage, and technology-contract registration (技术合同登记).

Search: each listing stores its jieba analysis (`search_title`, `search_body`, space-separated tokens);
SQLite indexes them in an FTS5 table, PostgreSQL in a GIN index over to_tsvector('simple', …) — the same
tokens in both (see market/search.py).  Bookings: approved bookings of one instrument never overlap —
an exclusion constraint on PostgreSQL (migration 0002), a serialised check on SQLite.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization, Region

MONEY = {"max_digits": 16, "decimal_places": 2}


class Field(models.Model):
    """A configurable classification of technology fields (新材料, 有色金属, 生物医药 …)."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("技术领域")
        verbose_name_plural = _("技术领域")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """An extra technical term for the Chinese tokenizer (admins extend the dictionary)."""

    word = models.CharField(_("词语"), max_length=40, unique=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("专业词汇")
        verbose_name_plural = _("专业词汇")

    def __str__(self) -> str:
        return self.word


class Listing(models.Model):
    class Kind(models.TextChoices):
        ACHIEVEMENT = "achievement", _("科技成果")
        DEMAND = "demand", _("技术需求")
        SERVICE = "service", _("技术服务")
        INSTRUMENT = "instrument", _("仪器设备")
        EXPERT = "expert", _("专家")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        PUBLISHED = "published", _("已发布")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已撤下")

    class TransferMode(models.TextChoices):
        ASSIGNMENT = "assignment", _("转让")
        LICENSE = "license", _("许可")
        EQUITY = "equity", _("作价入股")
        COOPERATION = "cooperation", _("合作开发")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("简介"))
    field = models.ForeignKey(Field, verbose_name=_("技术领域"), on_delete=models.PROTECT)
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), on_delete=models.PROTECT)
    owner = models.ForeignKey(
        Organization, verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="listings"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    price = models.DecimalField(_("价格/预算（元）"), null=True, blank=True, **MONEY)
    price_unit = models.CharField(_("计价单位"), max_length=20, blank=True)
    trl = models.PositiveSmallIntegerField(_("技术成熟度（TRL）"), null=True, blank=True)
    ip_form = models.CharField(_("知识产权形式"), max_length=60, blank=True)
    ip_numbers = models.CharField(_("专利号等"), max_length=300, blank=True)
    transfer_mode = models.CharField(_("转化方式"), max_length=12, choices=TransferMode.choices, blank=True)
    deadline = models.DateField(_("需求截止日期"), null=True, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    # instruments
    model_number = models.CharField(_("型号"), max_length=100, blank=True)
    category = models.CharField(_("仪器类别"), max_length=60, blank=True)
    location = models.CharField(_("放置地点"), max_length=200, blank=True)
    original_value = models.DecimalField(_("原值（元）"), null=True, blank=True, **MONEY)
    hours_offered_per_week = models.PositiveSmallIntegerField(_("每周开放机时"), default=0)
    booking_rules = models.TextField(_("预约规则"), blank=True)
    #: an international technology transfer (国际技术转移): with a foreign partner (see cooperation)
    international = models.BooleanField(_("国际技术转移"), default=False, db_index=True)
    service_item = models.ForeignKey(
        "vouchers.ServiceItem",
        verbose_name=_("创新券服务项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listings",
        help_text=_("关联后可用创新券支付"),
    )
    # search
    search_title = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("挂牌信息")
        verbose_name_plural = _("挂牌信息")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "kind", "field"]), models.Index(fields=["updated_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(trl__isnull=True) | Q(trl__gte=1, trl__lte=9), name="trl_1_to_9"),
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gte=0), name="price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title


class Booking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("待确认")
        APPROVED = "approved", _("已确认")
        REJECTED = "rejected", _("已拒绝")
        CANCELLED = "cancelled", _("已取消")
        COMPLETED = "completed", _("已完成")

    instrument = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="bookings")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"))
    purpose = models.CharField(_("用途"), max_length=300)
    samples = models.PositiveIntegerField(_("样品数"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    voucher = models.ForeignKey("vouchers.Voucher", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("仪器预约")
        verbose_name_plural = _("仪器预约")
        ordering = ["start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="booking_end_after_start")]

    def __str__(self) -> str:
        return f"{self.instrument} {self.start:%Y-%m-%d %H:%M}"


class Usage(models.Model):
    """What was used in a booking: hours, samples and the fee (part of it may be paid by voucher)."""

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="usage")
    hours = models.DecimalField(_("机时"), max_digits=8, decimal_places=2)
    samples = models.PositiveIntegerField(_("样品数"), default=0)
    fee = models.DecimalField(_("费用（元）"), **MONEY)
    voucher_order = models.OneToOneField(
        "vouchers.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="usage"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("使用记录")
        verbose_name_plural = _("使用记录")
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0) & Q(fee__gte=0), name="usage_positive")]

    def __str__(self) -> str:
        return f"{self.booking} {self.hours}h"


class TechContract(models.Model):
    """技术合同登记: the contract, its parties, amount and technology-transaction part, and the review."""

    class Type(models.TextChoices):
        DEVELOPMENT = "development", _("技术开发")
        TRANSFER = "transfer", _("技术转让")
        LICENSE = "license", _("技术许可")
        CONSULTING = "consulting", _("技术咨询")
        SERVICE = "service", _("技术服务")

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("待对方确认")
        DECLINED = "declined", _("对方不予确认")
        WITHDRAWN = "withdrawn", _("已撤回")
        SUBMITTED = "submitted", _("待登记")
        REGISTERED = "registered", _("已登记")
        REJECTED = "rejected", _("不予登记")

    contract_type = models.CharField(_("合同类型"), max_length=12, choices=Type.choices)
    title = models.CharField(_("合同名称"), max_length=200)
    seller = models.ForeignKey(
        Organization, verbose_name=_("卖方（技术方）"), on_delete=models.PROTECT, related_name="+"
    )
    buyer = models.ForeignKey(Organization, verbose_name=_("买方"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("合同金额（元）"), **MONEY)
    technology_amount = models.DecimalField(_("技术交易额（元）"), **MONEY)
    signed_on = models.DateField(_("签订日期"))
    field = models.ForeignKey(Field, verbose_name=_("技术领域"), on_delete=models.PROTECT)
    region = models.ForeignKey(Region, verbose_name=_("登记地区"), on_delete=models.PROTECT)
    listing = models.ForeignKey(Listing, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    registration_number = models.CharField(_("登记号"), max_length=40, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    # the counterparty's consent (对方确认): a party's submission names the other party, which confirms it
    # before the office may register it; none for contracts the office enters from signed paper
    counterparty = models.ForeignKey(
        Organization,
        verbose_name=_("待确认方"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    decline_reason = models.CharField(_("不予确认理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("技术合同")
        verbose_name_plural = _("技术合同")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contract_amount_positive"),
            models.CheckConstraint(
                condition=Q(technology_amount__gte=0) & Q(technology_amount__lte=models.F("amount")),
                name="technology_part_within_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["awaiting", "declined"]) | Q(counterparty__isnull=False),
                name="contract_consent_names_counterparty",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def registrant_party_id(self) -> int | None:
        """The party that submitted for registration when the other party's consent is asked (else None)."""
        if self.counterparty_id is None:
            return None
        return self.buyer_id if self.counterparty_id == self.seller_id else self.seller_id
