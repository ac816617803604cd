"""Technology finance (科技金融): cooperating banks, loans to innovative SMEs, interest subsidies (贴息), the
risk-compensation pool (风险补偿资金池) with its share rules by loan type and its ledger-backed balance,
default claims with their working-day clocks, and guided-fund (引导基金) investments with exits.

Every money row (pool movement, subsidy paid, compensation paid, investment, exit) is a ledger event.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import ApprovalRequest, Organization, Region

MONEY = {"max_digits": 16, "decimal_places": 2}
SHARE = {"max_digits": 5, "decimal_places": 4}
USER = settings.AUTH_USER_MODEL


class LoanType(models.TextChoices):
    CREDIT = "credit", _("信用贷款")
    IP_PLEDGE = "ip_pledge", _("知识产权质押贷款")
    RECEIVABLES = "receivables", _("应收账款质押贷款")
    GUARANTEED = "guaranteed", _("担保贷款")
    COLLATERAL = "collateral", _("抵押贷款")


class Bank(models.Model):
    """A cooperating bank (合作银行) or guarantor: an organization of the platform."""

    class Kind(models.TextChoices):
        BANK = "bank", _("银行")
        GUARANTOR = "guarantor", _("融资担保机构")

    organization = models.OneToOneField(Organization, on_delete=models.PROTECT, related_name="finance_bank")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.BANK)
    since = models.DateField(_("合作开始"), null=True, blank=True)
    contact = models.CharField(_("联系人"), max_length=100, blank=True)
    active = models.BooleanField(_("合作中"), default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("合作金融机构")
        verbose_name_plural = _("合作金融机构")
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return self.organization.name


class Pool(models.Model):
    """A risk-compensation pool (风险补偿资金池). Its balance is the sum of its movements."""

    name = models.CharField(_("资金池名称"), max_length=200, unique=True)
    region = models.ForeignKey(Region, verbose_name=_("设立地区"), on_delete=models.PROTECT)
    trustee = models.CharField(_("受托管理机构"), max_length=200, blank=True)
    per_firm_cap = models.DecimalField(_("单户年度贷款上限（元）"), null=True, blank=True, **MONEY)
    max_term_months = models.PositiveSmallIntegerField(_("贷款期限上限（月）"), null=True, blank=True)
    check_days = models.PositiveSmallIntegerField(_("受托机构初审时限（工作日）"), default=5)
    approve_days = models.PositiveSmallIntegerField(_("审批时限（工作日）"), default=25)
    active = models.BooleanField(_("运行中"), default=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("风险补偿资金池")
        verbose_name_plural = _("风险补偿资金池")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoolRule(models.Model):
    """How much of a principal loss the pool covers for a loan type: `share` of the loss, plus `bonus` for a
    firm's first bank loan, at most `cap_of_exposure` of what the bank itself bears (e.g. Anhui: 30 %, +5 pp,
    ≤ 80 %; guaranteed loans 20 %)."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="rules")
    loan_type = models.CharField(_("贷款类型"), max_length=12, choices=LoanType.choices)
    share = models.DecimalField(_("补偿比例"), **SHARE)
    bonus_first_loan = models.DecimalField(_("首贷加计比例"), default=0, **SHARE)
    cap_of_exposure = models.DecimalField(_("不超过银行实际损失的比例"), default=1, **SHARE)

    class Meta:
        verbose_name = _("补偿规则")
        verbose_name_plural = _("补偿规则")
        constraints = [
            models.UniqueConstraint(fields=["pool", "loan_type"], name="finance_pool_rule_unique"),
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=1), name="finance_pool_rule_share"),
            models.CheckConstraint(
                condition=Q(bonus_first_loan__gte=0) & Q(bonus_first_loan__lte=1), name="finance_pool_rule_bonus"
            ),
            models.CheckConstraint(
                condition=Q(cap_of_exposure__gt=0) & Q(cap_of_exposure__lte=1), name="finance_pool_rule_cap"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pool_id} · {self.loan_type}"


class Loan(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("正常")
        REPAID = "repaid", _("已结清")
        DEFAULT = "default", _("逾期/不良")
        COMPENSATED = "compensated", _("已补偿")

    bank = models.ForeignKey(Bank, verbose_name=_("贷款银行"), on_delete=models.PROTECT, related_name="loans")
    enterprise = models.ForeignKey(Organization, verbose_name=_("借款企业"), on_delete=models.PROTECT, related_name="+")
    pool = models.ForeignKey(
        Pool, verbose_name=_("纳入资金池"), null=True, blank=True, on_delete=models.PROTECT, related_name="loans"
    )
    loan_type = models.CharField(_("贷款类型"), max_length=12, choices=LoanType.choices)
    contract_no = models.CharField(_("借款合同号"), max_length=60)
    amount = models.DecimalField(_("贷款金额（元）"), **MONEY)
    rate = models.DecimalField(_("年利率（%）"), max_digits=6, decimal_places=3)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"))
    starts_on = models.DateField(_("放款日期"))
    guarantee = models.CharField(_("担保方式"), max_length=200, blank=True)
    guarantor = models.ForeignKey(
        Bank, verbose_name=_("担保机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="guaranteed"
    )
    first_loan = models.BooleanField(_("首贷"), default=False)
    pledged_patents = models.CharField(_("质押专利号"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("科技贷款")
        verbose_name_plural = _("科技贷款")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "contract_no"], name="finance_loan_unique_contract"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_loan_positive"),
            models.CheckConstraint(condition=Q(rate__gte=0) & Q(rate__lt=36), name="finance_loan_rate"),
            models.CheckConstraint(condition=Q(term_months__gte=1), name="finance_loan_term"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_no} · {self.enterprise}"


class Subsidy(models.Model):
    """An interest subsidy (贴息) on a loan for a year."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待支付")
        PAID = "paid", _("已支付")

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="subsidies")
    year = models.PositiveSmallIntegerField(_("年度"))
    interest_paid = models.DecimalField(_("已付利息（元）"), **MONEY)
    share = models.DecimalField(_("贴息比例"), **SHARE)
    amount = models.DecimalField(_("贴息金额（元）"), **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    paid_on = models.DateField(_("支付日期"), null=True, blank=True)
    reference = models.CharField(_("凭证号"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("贷款贴息")
        verbose_name_plural = _("贷款贴息")
        constraints = [
            models.UniqueConstraint(fields=["loan", "year"], name="finance_subsidy_unique_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_subsidy_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} · {self.year}"


class Claim(models.Model):
    """A bank's claim on the pool after a default: checked by the trustee, approved, paid."""

    class Status(models.TextChoices):
        FILED = "filed", _("已申请")
        CHECKED = "checked", _("受托机构已初审")
        APPROVED = "approved", _("已批准")
        PAID = "paid", _("已补偿")
        REJECTED = "rejected", _("不予补偿")

    loan = models.OneToOneField(Loan, on_delete=models.PROTECT, related_name="claim")
    default_on = models.DateField(_("逾期日期"))
    principal_loss = models.DecimalField(_("本金损失（元）"), **MONEY)
    bank_exposure = models.DecimalField(_("银行实际承担损失（元）"), **MONEY)
    computed = models.DecimalField(_("核定补偿（元）"), **MONEY)
    detail = models.JSONField(_("计算过程"), default=dict)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.FILED)
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField(_("申请日期"))
    check_due = models.DateField(_("初审期限"))
    approve_due = models.DateField(_("审批期限"))
    paid_on = models.DateField(_("补偿日期"), null=True, blank=True)
    recovered = models.DecimalField(_("事后追回（元）"), default=0, **MONEY)
    filed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("风险补偿申请")
        verbose_name_plural = _("风险补偿申请")
        ordering = ["-filed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(principal_loss__gt=0), name="finance_claim_loss_positive"),
            models.CheckConstraint(condition=Q(computed__gte=0), name="finance_claim_computed"),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} · {self.default_on}"

    @property
    def open_stage(self) -> int | None:
        """The approval's running stage (1 the trustee's check, 2 the finance office), None once decided. The
        approval is the source of truth: a stage decided from the approvals inbox moves it without the claim."""
        request = self.approval
        return request.stage if request is not None and request.status == "pending" else None

    @property
    def status_label(self) -> str:
        if self.status == self.Status.FILED and self.open_stage == 2:
            return str(self.Status.CHECKED.label)
        return self.get_status_display()


class PoolMovement(models.Model):
    """Money in or out of a pool: a contribution (by a funder), a compensation paid, a recovery returned.
    Every row is a ledger event (finance.pool)."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("注资")
        COMPENSATION = "compensation", _("补偿支出")
        RECOVERY = "recovery", _("追回")

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)  # positive in, negative out
    funder = models.CharField(_("出资方"), max_length=200, blank=True)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="movements")
    on = models.DateField(_("日期"))
    reference = models.CharField(_("凭证号"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("资金池变动")
        verbose_name_plural = _("资金池变动")
        ordering = ["pool", "on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="compensation") & Q(amount__lt=0)) | (~Q(kind="compensation") & Q(amount__gt=0)),
                name="finance_movement_sign",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pool_id} · {self.kind} · {self.amount}"


class GuidedFund(models.Model):
    """A government guided fund (引导基金): 产业投资类 or 创业投资类."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("产业投资类")
        VENTURE = "venture", _("创业投资类")

    name = models.CharField(_("基金名称"), max_length=200, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    manager = models.CharField(_("管理机构"), max_length=200)
    size = models.DecimalField(_("认缴规模（元）"), **MONEY)
    government_share = models.DecimalField(_("财政出资（元）"), **MONEY)
    region = models.ForeignKey(Region, verbose_name=_("设立地区"), on_delete=models.PROTECT)
    established_on = models.DateField(_("设立日期"))
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("引导基金")
        verbose_name_plural = _("引导基金")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Investment(models.Model):
    fund = models.ForeignKey(GuidedFund, on_delete=models.PROTECT, related_name="investments")
    enterprise = models.ForeignKey(Organization, verbose_name=_("被投企业"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("投资金额（元）"), **MONEY)
    stake = models.DecimalField(_("持股比例（%）"), max_digits=6, decimal_places=3, null=True, blank=True)
    invested_on = models.DateField(_("投资日期"))
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    exit_amount = models.DecimalField(_("退出回收（元）"), null=True, blank=True, **MONEY)
    exit_kind = models.CharField(_("退出方式"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("基金投资")
        verbose_name_plural = _("基金投资")
        ordering = ["-invested_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_investment_positive")]

    def __str__(self) -> str:
        return f"{self.fund_id} · {self.enterprise_id}"
