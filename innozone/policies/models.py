"""Policy library (政策库): policy documents in the "1+N" system (framework policies and the implementing
rules that hang off them), split into clauses (条款) that give a benefit, each with an amount rule and its
eligibility conditions written as JSON Logic over the enterprise registry (see docs/policies.md for the
variables). A clause passes a fair-competition review (公平竞争审查) before publication when it favours
particular enterprises. Matching (政策计算器) is computed from the registry on demand; what is stored is what
a person decided: 免申即享 lists (the office's approved list of eligible enterprises, each entry with the
determination's trace and id) and the grants (money records, ledger events `policy.grant`).

Other apps' rows are referred to by id and read through their selectors; only organizations, regions and
approvals (core) are foreign keys.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innozone.core.models import ApprovalRequest, Organization

MONEY = {"max_digits": 16, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class Policy(models.Model):
    """A policy document (政策文件)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        ZONE = "zone", _("自创区")
        PARK = "park", _("园区/县区")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEW = "review", _("公平竞争审查中")
        PUBLISHED = "published", _("已发布")
        EXPIRED = "expired", _("已失效")
        WITHDRAWN = "withdrawn", _("已废止")

    title = models.CharField(_("政策名称"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices, default=Level.ZONE)
    #: the "1+N" relation: an implementing rule (N) points at its framework policy (1)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属框架政策"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_framework = models.BooleanField(_("框架政策（“1”）"), default=False)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    effective_until = models.DateField(_("有效期至"), null=True, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    full_text = models.TextField(_("全文"), blank=True)
    source_url = models.CharField(_("原文链接"), max_length=300, blank=True)
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    #: jieba tokens of title + summary + full text + clause texts (space-joined, the market's analysis)
    search_tokens = models.TextField(blank=True, editable=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class PolicyAttachment(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("附件名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="policies/%Y/")
    uploaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.name)


class Clause(models.Model):
    """A clause (条款) that gives a benefit, with its amount rule and eligibility conditions."""

    class Kind(models.TextChoices):
        REWARD = "reward", _("奖励")
        SUBSIDY = "subsidy", _("补助")
        INTEREST = "interest", _("贴息")
        REDUCTION = "reduction", _("减免")
        RECOGNITION = "recognition", _("认定")
        SERVICE = "service", _("服务")
        TALENT = "talent", _("人才待遇")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEW = "review", _("公平竞争审查中")
        PUBLISHED = "published", _("已发布")
        RETIRED = "retired", _("已停用")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="clauses")
    number = models.CharField(_("条款号"), max_length=30, blank=True)  # 第五条 / （三）
    title = models.CharField(_("条款名称"), max_length=200)
    text = models.TextField(_("条款原文"), blank=True)
    kind = models.CharField(_("支持方式"), max_length=12, choices=Kind.choices)
    #: the amount rule (engine.amounts): {"type": "none"} | {"type": "fixed", "amount": "100000"} |
    #: {"type": "ratio", "figure": "rd_total", "rate": "0.10", "cap": "500000"} |
    #: {"type": "tiered", "figure": "revenue", "tiers": [{"min": "0", "amount": "50000"}, {"min": "1e8", ...}]}
    amount_rule = models.JSONField(_("金额规则"), default=dict, blank=True)
    #: the eligibility conditions as JSON Logic over the registry's variables (engine.rules)
    condition = models.JSONField(_("申享条件"), default=dict, blank=True)
    #: the condition in words as last published (engine.rules.describe), for readers and the audit trail
    condition_text = models.TextField(_("条件说明"), blank=True)
    #: 免申即享: granted from an approved list, without an application
    no_application = models.BooleanField(_("免申即享"), default=False)
    #: where an application is needed: the one-stop service item that takes it (onestop.ServiceItem id)
    service_item_id = models.PositiveIntegerField(_("办理事项"), null=True, blank=True)
    #: the clause gives a selective benefit to particular enterprises (公平竞争审查条例 applies)
    favours_specific = models.BooleanField(_("涉及特定经营者的优惠"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政策条款")
        verbose_name_plural = _("政策条款")
        ordering = ["policy_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class FairReview(models.Model):
    """The fair-competition review (公平竞争审查) of a policy before publication: the checklist of the
    条例's prohibited measures answered item by item, a conclusion and the approval that carries it."""

    class Conclusion(models.TextChoices):
        PENDING = "pending", _("审查中")
        PASSED = "passed", _("通过：不含排除、限制竞争内容")
        EXCEPTION = "exception", _("通过：符合例外规定")
        REVISE = "revise", _("不通过：需修改")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="fair_reviews")
    #: {"item code": {"answer": "no" | "yes", "note": "..."}} over engine.fairness.CHECKLIST
    checklist = models.JSONField(_("审查清单"), default=dict, blank=True)
    conclusion = models.CharField(_("审查结论"), max_length=10, choices=Conclusion.choices, default=Conclusion.PENDING)
    basis = models.TextField(_("例外依据/修改意见"), blank=True)
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return str(f"{self.policy_id}: {self.get_conclusion_display()}")


class GrantList(models.Model):
    """A 免申即享 list for one clause: the eligible enterprises on a date, confirmed by the department
    (approval) and granted without an application."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待提交")
        CONFIRMING = "confirming", _("部门确认中")
        APPROVED = "approved", _("已批准")
        GRANTED = "granted", _("已兑现")
        REJECTED = "rejected", _("已退回")

    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="grant_lists")
    as_of = models.DateField(_("比对日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    total = models.DecimalField(_("合计金额（元）"), default=0, **MONEY)
    #: the rule as compared (its version and JSON), so a later edit does not change what was approved
    rule_version = models.PositiveIntegerField(default=1)
    rule_snapshot = models.JSONField(default=dict, blank=True)
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    granted_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return str(f"{self.clause_id} @ {self.as_of}")


class GrantEntry(models.Model):
    """One enterprise on a 免申即享 list, with the evidence: the facts compared, the outcome of every
    condition and a determination id (hash of rule version + facts)."""

    class Status(models.TextChoices):
        LISTED = "listed", _("已列入")
        EXCLUDED = "excluded", _("已剔除")
        GRANTED = "granted", _("已兑现")
        DECLINED = "declined", _("企业放弃")

    grant_list = models.ForeignKey(GrantList, on_delete=models.CASCADE, related_name="entries")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="policy_grants")
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    trace = models.JSONField(_("比对依据"), default=dict, blank=True)
    determination_id = models.CharField(_("判定编号"), max_length=64)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.LISTED)
    excluded_reason = models.CharField(_("剔除原因"), max_length=300, blank=True)
    granted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["grant_list", "organization"], name="policies_grant_entry_once")]

    def __str__(self) -> str:
        return str(f"{self.grant_list_id}: {self.organization_id}")


class Grant(models.Model):
    """A benefit granted (兑现) — a money record: every change is a ledger event `policy.grant`."""

    class Status(models.TextChoices):
        GRANTED = "granted", _("已兑现")
        PAID = "paid", _("已拨付")
        REVOKED = "revoked", _("已撤销")

    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="grants")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    entry = models.OneToOneField(GrantEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="grant")
    #: a grant through an application (a one-stop case) instead of a list
    case_id = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.GRANTED)
    payment_ref = models.CharField(_("拨付凭证号"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return str(f"{self.clause_id}: {self.organization_id} {self.amount}")


class MatchNotice(models.Model):
    """That an enterprise was told a newly published policy matches it (once per clause version)."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    near = models.BooleanField(default=False)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clause", "organization", "version"], name="policies_match_notice_once")
        ]

    def __str__(self) -> str:
        return str(f"{self.clause_id} v{self.version}: {self.organization_id}")
