"""Innovation platforms (创新平台) and innovation teams (创新团队): their recognition through the approval
component (application → city recommendation → formal check → expert review → 公示 → recognition), their
history, yearly figures and the annual evaluation with grades and consequences.

Recognition conditions are data (`Condition`), each with the document it comes from and how sure that is,
because the rules differ by kind and level and change (incubators: 工信部科〔2025〕131号 replaced the 2018 办法).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import ApprovalRequest, Organization, Region

MONEY = {"max_digits": 16, "decimal_places": 2}


class Level(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区（县）级")


class Kind(models.Model):
    """A kind of platform (重点实验室, 科技企业孵化器 …): a configurable list."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    carrier = models.BooleanField(_("载体类（孵化器、众创空间等）"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("平台类型")
        verbose_name_plural = _("平台类型")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Condition(models.Model):
    """One recognition condition of a kind at a level (and tier): a figure compared with a threshold, with
    its source document and how sure that source is (V verified, P partly, U unverified)."""

    class Op(models.TextChoices):
        GE = ">=", "≥"
        LE = "<=", "≤"
        EQ = "=", "="

    kind = models.ForeignKey(Kind, on_delete=models.CASCADE, related_name="conditions")
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    tier = models.CharField(_("等级"), max_length=20, blank=True, help_text=_("如 标准级、卓越级；留空表示不分等级"))
    metric = models.CharField(_("指标"), max_length=40)
    label = models.CharField(_("条件"), max_length=200)
    op = models.CharField(_("比较"), max_length=2, choices=Op.choices, default=Op.GE)
    threshold = models.DecimalField(_("门槛值"), max_digits=16, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    source = models.CharField(_("依据"), max_length=200)
    certainty = models.CharField(_("核实程度"), max_length=1, choices=[("V", "V"), ("P", "P"), ("U", "U")])
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("认定条件")
        verbose_name_plural = _("认定条件")
        ordering = ["kind", "level", "tier", "id"]

    def __str__(self) -> str:
        return self.label


class Platform(models.Model):
    class Status(models.TextChoices):
        CULTIVATING = "cultivating", _("培育")
        RECOGNISED = "recognised", _("认定")
        OPERATING = "operating", _("运行")
        RECTIFYING = "rectifying", _("整改")
        REVOKED = "revoked", _("撤销")

    name = models.CharField(_("平台名称"), max_length=200)
    kind = models.ForeignKey(Kind, verbose_name=_("平台类型"), on_delete=models.PROTECT, related_name="platforms")
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    tier = models.CharField(_("等级"), max_length=20, blank=True)
    host = models.ForeignKey(
        Organization, verbose_name=_("依托单位"), on_delete=models.PROTECT, related_name="hosted_platforms"
    )
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("技术领域"), max_length=30, blank=True, db_index=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.CULTIVATING, db_index=True
    )
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    document_number = models.CharField(_("认定文号"), max_length=60, blank=True)
    description = models.TextField(_("简介"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("创新平台")
        verbose_name_plural = _("创新平台")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "host"], name="platform_name_per_host"),
            models.CheckConstraint(
                condition=~Q(status__in=["recognised", "operating", "rectifying"]) | Q(recognised_on__isnull=False),
                name="platform_recognised_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Status(models.TextChoices):
        CULTIVATING = "cultivating", _("培育")
        RECOGNISED = "recognised", _("认定")
        REVOKED = "revoked", _("撤销")

    name = models.CharField(_("团队名称"), max_length=200)
    leader = models.ForeignKey(
        "talent.Person", verbose_name=_("团队带头人"), on_delete=models.PROTECT, related_name="led_teams"
    )
    host = models.ForeignKey(Organization, verbose_name=_("依托单位"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("技术领域"), max_length=30, blank=True, db_index=True)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    introduced = models.BooleanField(_("引进团队"), default=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.CULTIVATING, db_index=True
    )
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    document_number = models.CharField(_("认定文号"), max_length=60, blank=True)
    description = models.TextField(_("研究方向"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("创新团队")
        verbose_name_plural = _("创新团队")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="recognised") | Q(recognised_on__isnull=False), name="team_recognised_has_date"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("talent.Person", on_delete=models.PROTECT, related_name="team_seats")
    role = models.CharField(_("团队分工"), max_length=60, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="team_member_once")]

    def __str__(self) -> str:
        return f"{self.team} · {self.person}"


class TeamFunding(models.Model):
    """Money a team received (a money record: every row is a ledger event)."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="funding")
    year = models.PositiveSmallIntegerField(_("年度"))
    source = models.CharField(_("资金来源"), max_length=100)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("团队资助")
        verbose_name_plural = _("团队资助")
        ordering = ["team", "year", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="team_funding_positive")]

    def __str__(self) -> str:
        return f"{self.team} · {self.year} · {self.amount}"


class TeamOutput(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", _("论文")
        PATENT = "patent", _("专利")
        ACHIEVEMENT = "achievement", _("科技成果")
        STANDARD = "standard", _("标准")
        PRODUCT = "product", _("新产品")
        AWARD = "award", _("科技奖励")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="outputs")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("成果类型"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    count = models.PositiveIntegerField(_("数量"), default=1)

    class Meta:
        verbose_name = _("团队成果")
        verbose_name_plural = _("团队成果")
        ordering = ["team", "-year", "id"]

    def __str__(self) -> str:
        return self.title


class Recognition(models.Model):
    """An application for recognition of a platform or a team, carried by an approval request."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING = "pending", _("审核中")
        RECOGNISED = "recognised", _("已认定")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已撤回")

    platform = models.ForeignKey(Platform, null=True, blank=True, on_delete=models.CASCADE, related_name="recognitions")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="recognitions")
    level = models.CharField(_("申请级别"), max_length=10, choices=Level.choices)
    tier = models.CharField(_("申请等级"), max_length=20, blank=True)
    statement = models.TextField(_("申报说明"))
    materials = models.FileField(_("申报材料"), upload_to="recognitions/%Y/", blank=True)
    figures = models.JSONField(_("申报数据"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PENDING)
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    draw_id = models.PositiveBigIntegerField(_("专家抽取"), null=True, blank=True)
    document_number = models.CharField(_("认定文号"), max_length=60, blank=True)
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("认定申请")
        verbose_name_plural = _("认定申请")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(platform__isnull=False) & Q(team__isnull=True))
                | (Q(platform__isnull=True) & Q(team__isnull=False)),
                name="recognition_of_platform_or_team",
            ),
            models.UniqueConstraint(
                fields=["document_number"], condition=~Q(document_number=""), name="recognition_document_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.get_level_display()}"

    @property
    def subject(self):
        return self.platform if self.platform_id else self.team


#: what each history entry (Event.action) means, as people read it
EVENT_ACTIONS = {
    "create": _("登记"),
    "update": _("修改信息"),
    "status": _("变更状态"),
    "apply": _("申请认定"),
    "draw": _("抽取评审专家"),
    "recognise": _("认定"),
    "reject": _("认定未通过"),
    "figures": _("填报年度数据"),
    "evaluation": _("年度评价"),
    "evaluation_absent": _("未参加年度评价"),
    "member_add": _("增加成员"),
    "member_remove": _("移除成员"),
    "funding": _("登记资助"),
    "revoke": _("撤销"),
    "restore": _("恢复培育"),
}


class Event(models.Model):
    """The history of a platform or a team: every status change, recognition, evaluation result."""

    platform = models.ForeignKey(Platform, null=True, blank=True, on_delete=models.CASCADE, related_name="history")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("事项"), max_length=30)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} · {self.at:%Y-%m-%d}"

    @property
    def label(self) -> str:
        return str(EVENT_ACTIONS.get(self.action, self.action))

    def _status_label(self, value: str) -> str:
        statuses = Platform.Status if self.platform_id else Team.Status
        return str(statuses(value).label) if value in statuses.values else value

    @property
    def from_label(self) -> str:
        return self._status_label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._status_label(self.to_status)


class YearFigures(models.Model):
    """A platform's yearly figures, filed by its host: the input of the annual evaluation."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("年度"))
    rd_staff = models.PositiveIntegerField(_("研发人员（人）"), default=0)
    projects = models.PositiveIntegerField(_("承担项目（项）"), default=0)
    rd_spend = models.DecimalField(_("研发投入（元）"), default=0, **MONEY)
    outputs = models.PositiveIntegerField(_("成果产出（项）"), default=0)
    patents = models.PositiveIntegerField(_("授权专利（件）"), default=0)
    services = models.PositiveIntegerField(_("对外服务（次）"), default=0)
    service_income = models.DecimalField(_("对外服务收入（元）"), default=0, **MONEY)
    tenants = models.PositiveIntegerField(_("在孵企业（家）"), null=True, blank=True)
    graduated = models.PositiveIntegerField(_("当年毕业企业（家）"), null=True, blank=True)
    area = models.DecimalField(_("孵化场地面积（㎡）"), max_digits=12, decimal_places=2, null=True, blank=True)
    occupancy = models.DecimalField(_("场地使用率（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("平台年度数据")
        verbose_name_plural = _("平台年度数据")
        ordering = ["platform", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year"], name="platform_figures_once_a_year"),
            models.CheckConstraint(
                condition=Q(occupancy__isnull=True) | Q(occupancy__gte=0, occupancy__lte=100),
                name="platform_occupancy_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} · {self.year}"


class Assessment(models.Model):
    """The annual evaluation of one platform for one year: score from the framework, grade, consequence."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        GOOD = "good", _("良好")
        PASS = "pass", _("合格")
        FAIL = "fail", _("不合格")

    class Consequence(models.TextChoices):
        NONE = "none", _("无")
        WARNING = "warning", _("警告并限期整改")
        REMOVAL = "removal", _("撤销认定")

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("排名"))
    grade = models.CharField(_("等级"), max_length=10, choices=Grade.choices)
    consequence = models.CharField(_("处理"), max_length=10, choices=Consequence.choices, default=Consequence.NONE)
    detail = models.JSONField(default=dict)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    run_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("年度评价")
        verbose_name_plural = _("年度评价")
        ordering = ["-year", "rank"]
        constraints = [models.UniqueConstraint(fields=["platform", "year"], name="platform_assessment_once_a_year")]

    def __str__(self) -> str:
        return f"{self.platform} · {self.year} · {self.get_grade_display()}"
