"""Industrial chains and investment attraction (产业链招商): the leading industries' chain maps (links up-, mid-
and downstream, nested, with GB/T 4754 industry codes), the registry's enterprises placed on links with their
output value, the target list of outside companies per link (招商目标库); investment projects from lead to
full production (线索 → 洽谈 → 签约 → 注册落地 → 开工 → 投产 → 达产) with their funds in place (到位资金) by month
(money events in the ledger), and the fairs (节会: 兰洽会, 科博会) with their signed projects.

Other apps' rows are referred to by id and read through their selectors; organizations and regions (core) are
foreign keys.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization, Region

MONEY = {"max_digits": 16, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class Chain(models.Model):
    """A leading industry's chain (产业链)."""

    code = models.CharField(_("编码"), max_length=30, unique=True)
    name = models.CharField(_("产业链"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    #: the chain leader's unit (链长制牵头单位)
    lead = models.ForeignKey(
        Organization, verbose_name=_("牵头单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_leading = models.BooleanField(_("主导产业"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Link(models.Model):
    """A link (环节) of a chain, nested: a segment up-, mid- or downstream and its sub-links."""

    class Segment(models.TextChoices):
        UP = "up", _("上游")
        MID = "mid", _("中游")
        DOWN = "down", _("下游")

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="links")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级环节"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    segment = models.CharField(_("链位"), max_length=4, choices=Segment.choices)
    name = models.CharField(_("环节"), max_length=100)
    #: GB/T 4754 industry codes whose enterprises belong here (suggestions for placing registry entries)
    industry_codes = models.JSONField(_("国民经济行业代码"), default=list, blank=True)
    #: a link is weak below these (gap rules: engine.gaps)
    min_enterprises = models.PositiveSmallIntegerField(_("最少企业数"), default=1)
    min_output = models.DecimalField(_("最低产值（元）"), null=True, blank=True, **MONEY)
    is_key = models.BooleanField(_("关键环节"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("产业链环节")
        verbose_name_plural = _("产业链环节")
        ordering = ["chain_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="investment_link_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    """A registry enterprise placed on a link, with its output value in a year (产值)."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="placements")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="chain_placements")
    year = models.PositiveSmallIntegerField(_("年度"))
    output_value = models.DecimalField(_("产值（元）"), default=0, **MONEY)
    products = models.CharField(_("主要产品"), max_length=200, blank=True)
    is_leader = models.BooleanField(_("链主企业"), default=False)

    class Meta:
        ordering = ["link_id", "-output_value", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["link", "organization", "year"], name="investment_placement_once"),
            models.CheckConstraint(condition=Q(output_value__gte=0), name="investment_placement_output_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.link_id}: {self.organization_id} {self.year}"


class Target(models.Model):
    """An outside company to attract for a link (招商目标库)."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("待对接")
        CONTACTED = "contacted", _("已对接")
        LEAD = "lead", _("已形成线索")
        SIGNED = "signed", _("已签约")
        DROPPED = "dropped", _("已放弃")

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="targets")
    company = models.CharField(_("目标企业"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    location = models.CharField(_("所在地"), max_length=100, blank=True)
    ranking = models.CharField(_("企业类别"), max_length=100, blank=True)  # 世界500强 / 中国500强 / 民营500强 / 链主
    reason = models.TextField(_("招引理由"), blank=True)
    priority = models.PositiveSmallIntegerField(_("优先级"), default=2)  # 1 high … 3 low
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.IDENTIFIED)
    project = models.ForeignKey("Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="targets")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.company


class Fair(models.Model):
    """A fair or promotion event (节会)."""

    class Kind(models.TextChoices):
        LANQIA = "lanqia", _("兰洽会")
        KEBO = "kebo", _("兰州科技成果博览会")
        OTHER = "other", _("其他节会/推介会")

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    location = models.CharField(_("地点"), max_length=100, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="investment_fair_dates")]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """An investment project (招商项目) from lead to full production."""

    class Stage(models.TextChoices):
        LEAD = "lead", _("线索")
        NEGOTIATING = "negotiating", _("洽谈")
        SIGNED = "signed", _("签约")
        REGISTERED = "registered", _("注册落地")
        STARTED = "started", _("开工")
        PRODUCING = "producing", _("投产")
        FULL = "full", _("达产")

    class Source(models.TextChoices):
        LANQIA = "lanqia", _("兰洽会")
        KEBO = "kebo", _("科博会")
        CHAIN = "chain", _("产业链招商")
        BUSINESS = "business", _("以商招商")
        OVERSEAS = "overseas", _("驻外招商")
        ONLINE = "online", _("线上招商")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        ACTIVE = "active", _("推进中")
        DROPPED = "dropped", _("已终止")

    code = models.CharField(_("项目编号"), max_length=30, unique=True)  # ZS2026-0001
    name = models.CharField(_("项目名称"), max_length=200)
    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices, default=Stage.LEAD, db_index=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    fair = models.ForeignKey(Fair, null=True, blank=True, on_delete=models.PROTECT, related_name="projects")
    link = models.ForeignKey(
        Link, verbose_name=_("补链环节"), null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    park = models.ForeignKey(Region, verbose_name=_("落地园区/县区"), on_delete=models.PROTECT, related_name="+")
    responsible = models.ForeignKey(
        Organization, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="investment_projects"
    )
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    investor = models.CharField(_("投资方"), max_length=200)
    investor_location = models.CharField(_("投资方所在地"), max_length=100, blank=True)
    industry_code = models.CharField(_("国民经济行业代码"), max_length=5, blank=True)
    planned_investment = models.DecimalField(_("计划总投资（元）"), **MONEY)
    description = models.TextField(_("项目简介"), blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    contract_no = models.CharField(_("合同编号"), max_length=60, blank=True)
    signed_investment = models.DecimalField(_("签约投资额（元）"), null=True, blank=True, **MONEY)
    #: the new enterprise in the registry (落地 = its USCC registered in the zone)
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("落地企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField(_("注册日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    producing_on = models.DateField(_("投产日期"), null=True, blank=True)
    full_on = models.DateField(_("达产日期"), null=True, blank=True)
    last_progress_on = models.DateField(_("最近进展日期"))
    dropped_reason = models.CharField(_("终止原因"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("招商项目")
        verbose_name_plural = _("招商项目")
        ordering = ["-last_progress_on", "-pk"]
        indexes = [models.Index(fields=["park", "stage"]), models.Index(fields=["responsible", "stage"])]
        constraints = [
            # the stage rules (engine.stages) as constraints: a later stage has the dates of every earlier one,
            # in order; no 开工 without 签约
            models.CheckConstraint(
                condition=Q(stage__in=["lead", "negotiating"]) | Q(signed_on__isnull=False),
                name="investment_project_signed_date",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=["lead", "negotiating", "signed"])
                | Q(registered_on__isnull=False, enterprise__isnull=False),
                name="investment_project_registered",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=["lead", "negotiating", "signed", "registered"]) | Q(started_on__isnull=False),
                name="investment_project_started_date",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=["lead", "negotiating", "signed", "registered", "started"])
                | Q(producing_on__isnull=False),
                name="investment_project_producing_date",
            ),
            models.CheckConstraint(
                condition=~Q(stage="full") | Q(full_on__isnull=False), name="investment_project_full_date"
            ),
            models.CheckConstraint(
                condition=Q(registered_on__isnull=True) | Q(registered_on__gte=F("signed_on")),
                name="investment_project_registered_after_signed",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(started_on__gte=F("signed_on")),
                name="investment_project_started_after_signed",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(registered_on__isnull=True)
                | Q(started_on__gte=F("registered_on")),
                name="investment_project_started_after_registered",
            ),
            models.CheckConstraint(
                condition=Q(producing_on__isnull=True) | Q(producing_on__gte=F("started_on")),
                name="investment_project_producing_after_started",
            ),
            models.CheckConstraint(
                condition=Q(full_on__isnull=True) | Q(full_on__gte=F("producing_on")),
                name="investment_project_full_after_producing",
            ),
            models.CheckConstraint(condition=Q(planned_investment__gte=0), name="investment_project_planned_nonneg"),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectEvent(models.Model):
    """The project's timeline: stage moves and progress notes (跟踪记录)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(_("阶段"), max_length=12, choices=Project.Stage.choices)
    on = models.DateField(_("日期"))
    note = models.CharField(_("进展/问题"), max_length=500, blank=True)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.stage} {self.on}"


class FundsInPlace(models.Model):
    """Funds in place (到位资金) of a project in a month: a money record (ledger event `investment.funds`)."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("固定资产投资")
        WORKING = "working", _("流动资金")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="funds")
    month = models.DateField(_("月份"))  # the first day of the month
    kind = models.CharField(_("构成"), max_length=8, choices=Kind.choices, default=Kind.FIXED)
    amount = models.DecimalField(_("到位资金（元）"), **MONEY)
    origin = models.CharField(_("资金来源地"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    reported_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project_id", "month", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month", "kind"], name="investment_funds_once_a_month"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="investment_funds_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.month:%Y-%m} {self.amount}"
