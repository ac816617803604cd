"""Intellectual property (知识产权): the enterprises' patents, trademarks, software copyrights, plant varieties and
IC layouts through their life (application → grant → maintenance fees → lapse or expiry), the fees due with
their grace periods, transactions (transfer, licence, pledge — a pledge linked to a technology-finance loan and a
money record, ledger event `ip.pledge`), and the imports of patent-search exports.

Other apps' rows are referred to by id (`loan_id`, `listing_id`) and read through their selectors.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization

MONEY = {"max_digits": 16, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class Asset(models.Model):
    """An IP right or application."""

    class Kind(models.TextChoices):
        INVENTION = "invention", _("发明专利")
        UTILITY = "utility", _("实用新型专利")
        DESIGN = "design", _("外观设计专利")
        TRADEMARK = "trademark", _("商标")
        SOFTWARE = "software", _("软件著作权")
        PLANT = "plant", _("植物新品种")
        LAYOUT = "layout", _("集成电路布图设计")

    class Status(models.TextChoices):
        FILED = "filed", _("申请中")
        GRANTED = "granted", _("有效")
        GRACE = "grace", _("缴费宽限期")
        LAPSED = "lapsed", _("未缴费终止")
        EXPIRED = "expired", _("期限届满")
        REJECTED = "rejected", _("驳回/撤回")
        INVALIDATED = "invalidated", _("宣告无效")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, db_index=True)
    number = models.CharField(_("申请号/登记号"), max_length=40)
    title = models.CharField(_("名称"), max_length=300)
    owner = models.ForeignKey(
        Organization, verbose_name=_("权利人"), on_delete=models.PROTECT, related_name="ip_assets"
    )
    co_owners = models.CharField(_("共同权利人"), max_length=300, blank=True)
    filed_on = models.DateField(_("申请日"))
    granted_on = models.DateField(_("授权/登记日"), null=True, blank=True)
    expires_on = models.DateField(_("期限届满日"), null=True, blank=True)
    status = models.CharField(_("法律状态"), max_length=12, choices=Status.choices, default=Status.FILED, db_index=True)
    classification = models.CharField(_("分类号（IPC/尼斯分类）"), max_length=100, blank=True)
    inventors = models.CharField(_("发明人/设计人"), max_length=300, blank=True)
    #: the next maintenance fee (engine.fees): due date and year number
    next_fee_due = models.DateField(_("下次年费缴纳期限"), null=True, blank=True, db_index=True)
    next_fee_year = models.PositiveSmallIntegerField(_("年费年度"), null=True, blank=True)
    fees_paid_through = models.PositiveSmallIntegerField(_("已缴年费至第几年"), default=0)
    lapsed_on = models.DateField(_("终止日"), null=True, blank=True)
    #: used for a 高企 application (a Class II right may be used once)
    used_for_hnte = models.BooleanField(_("已用于高企认定"), default=False)
    source = models.CharField(_("来源"), max_length=10, default="manual")  # manual / import / api
    is_demo = models.BooleanField(_("演示数据"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("知识产权")
        verbose_name_plural = _("知识产权")
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="ip_asset_number_once"),
            models.CheckConstraint(
                condition=Q(granted_on__isnull=True) | Q(granted_on__gte=F("filed_on")),
                name="ip_asset_granted_after_filed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class FeePayment(models.Model):
    """A maintenance (annual) fee paid for a year of a patent, with the late surcharge if any."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="fee_payments")
    year_no = models.PositiveSmallIntegerField(_("年度（第几年）"))
    due_on = models.DateField(_("缴纳期限"))
    paid_on = models.DateField(_("缴纳日期"))
    amount = models.DecimalField(_("年费（元）"), **MONEY)
    surcharge = models.DecimalField(_("滞纳金（元）"), default=0, **MONEY)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["asset_id", "year_no"]
        constraints = [models.UniqueConstraint(fields=["asset", "year_no"], name="ip_fee_once_a_year")]

    def __str__(self) -> str:
        return f"{self.asset_id} #{self.year_no}"


class Transaction(models.Model):
    """A transfer, licence or pledge of an IP right."""

    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("转让")
        LICENCE = "licence", _("许可")
        PLEDGE = "pledge", _("质押")

    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        RELEASED = "released", _("已解除")

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    counterpart = models.CharField(_("相对方"), max_length=200)
    counterpart_org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    contract_no = models.CharField(_("合同编号"), max_length=60, blank=True)
    signed_on = models.DateField(_("签订日期"))
    registered_on = models.DateField(_("备案/登记日期"), null=True, blank=True)
    amount = models.DecimalField(_("金额（元）"), null=True, blank=True, **MONEY)  # price, fee or secured amount
    ends_on = models.DateField(_("到期日"), null=True, blank=True)
    #: a pledge's loan in technology finance (finance.Loan id)
    loan_id = models.PositiveIntegerField(_("关联贷款"), null=True, blank=True)
    #: a transfer or licence registered as a technology contract in the market (market contract id)
    contract_id = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="ip_transaction_amount"),
            models.CheckConstraint(condition=~Q(kind="pledge") | Q(amount__isnull=False), name="ip_pledge_has_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.asset_id}"


class ImportBatch(models.Model):
    """An import of a patent-search export (all rows or none)."""

    file_name = models.CharField(_("文件"), max_length=200)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unmatched = models.JSONField(_("未匹配的权利人"), default=list, blank=True)
    imported_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.file_name
