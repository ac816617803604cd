"""The talent pool (人才库), flexible introduction (柔性引进), the expert pool (专家库) with declared relations,
the expert committee, panel draws and review assignments.

Personal data kept to the minimum: a person's resident ID number is stored only encrypted (`id_encrypted`,
readable by the office) and as a keyed hash (`id_hash`, HMAC-SHA256 with the deployment's secret) used to
find the same person twice; it is validated with its GB 11643 check character before either is written.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization, Region

MONEY = {"max_digits": 16, "decimal_places": 2}


class Honour(models.Model):
    """A talent programme honour (陇原青年英才, 省领军人才, 国家级人才计划 …): a configurable list."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")

    name = models.CharField(_("名称"), max_length=60, unique=True)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    young = models.BooleanField(_("青年人才项目"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("人才称号")
        verbose_name_plural = _("人才称号")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class Education(models.TextChoices):
        DOCTOR = "doctor", _("博士研究生")
        MASTER = "master", _("硕士研究生")
        BACHELOR = "bachelor", _("大学本科")
        COLLEGE = "college", _("大专")
        OTHER = "other", _("其他")

    class Title(models.TextChoices):
        SENIOR = "senior", _("正高级")
        ASSOCIATE = "associate", _("副高级")
        INTERMEDIATE = "intermediate", _("中级")
        JUNIOR = "junior", _("初级")
        NONE = "none", _("无")

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    education = models.CharField(_("学历"), max_length=10, choices=Education.choices)
    title = models.CharField(_("职称"), max_length=15, choices=Title.choices, default=Title.NONE)
    field = models.CharField(_("专业领域"), max_length=30, db_index=True)
    employer = models.ForeignKey(
        Organization, verbose_name=_("工作单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    honours = models.ManyToManyField(Honour, through="PersonHonour", blank=True, related_name="people")
    #: ISO 3166-1 alpha-2; foreign experts (外籍专家) have another nationality and a work permit
    nationality = models.CharField(_("国籍"), max_length=2, default="CN", db_index=True)
    work_permit_no = models.CharField(_("外国人工作许可证号"), max_length=30, blank=True)
    work_permit_until = models.DateField(_("工作许可有效期至"), null=True, blank=True)
    id_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    id_encrypted = models.TextField(blank=True, editable=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("人才")
        verbose_name_plural = _("人才库")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(birth_year__gte=1900, birth_year__lte=2100), name="person_birth_year"),
        ]

    def __str__(self) -> str:
        return self.name


class PersonHonour(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="honour_rows")
    honour = models.ForeignKey(Honour, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("入选年度"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "honour"], name="person_honour_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.honour}"


class Introduction(models.Model):
    """Flexible introduction of talent (柔性引进): someone who keeps their employer and works for a host part
    time, by project, as an adviser or seasonally."""

    class Mode(models.TextChoices):
        PART_TIME = "part_time", _("兼职")
        PROJECT = "project", _("项目合作")
        ADVISER = "adviser", _("顾问指导")
        SEASONAL = "seasonal", _("候鸟式/周末工作")
        OTHER = "other", _("其他")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="introductions")
    host = models.ForeignKey(Organization, verbose_name=_("引进单位"), on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("引进方式"), max_length=12, choices=Mode.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    project = models.CharField(_("合作项目/内容"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("柔性引进")
        verbose_name_plural = _("柔性引进")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="introduction_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.host}"


class Expert(models.Model):
    """An expert of the pool: from the talent pool or from outside, several fields from the market's field list."""

    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("技术专家")
        FINANCIAL = "financial", _("财务专家")
        MANAGEMENT = "management", _("管理专家")
        LEGAL = "legal", _("法律专家")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在库")
        SUSPENDED = "suspended", _("暂停")
        REMOVED = "removed", _("出库")

    person = models.OneToOneField(
        Person, verbose_name=_("人才库人员"), null=True, blank=True, on_delete=models.PROTECT, related_name="expert"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    kind = models.CharField(_("专家类别"), max_length=12, choices=Kind.choices, default=Kind.TECHNICAL)
    title = models.CharField(_("职称"), max_length=15, choices=Person.Title.choices, default=Person.Title.SENIOR)
    employer = models.ForeignKey(
        Organization, verbose_name=_("工作单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employer_name = models.CharField(_("工作单位（库外）"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fields = models.ManyToManyField("market.Field", verbose_name=_("评审领域"), related_name="+")
    available = models.BooleanField(_("可参加评审"), default=True)
    unavailable_until = models.DateField(_("暂不可参加至"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("专家")
        verbose_name_plural = _("专家库")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def organization_name(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name


class Relation(models.Model):
    """A relation an expert declared (or the office recorded): employer history, a role in an organization,
    collaboration, family, students. Used by the draw to keep the expert off items it touches."""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", _("曾任职/任职")
        DIRECTOR = "director", _("董事")
        SUPERVISOR = "supervisor", _("监事")
        SHAREHOLDER = "shareholder", _("控股股东/实际控制人")
        COLLABORATION = "collaboration", _("合作（共同署名、合作项目）")
        FAMILY = "family", _("亲属关系")
        STUDENT = "student", _("师生关系")
        OTHER = "other", _("其他利害关系")

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("关系"), max_length=15, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("相关单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization_name = models.CharField(_("相关单位（库外）"), max_length=200, blank=True)
    person_name = models.CharField(_("相关人员"), max_length=50, blank=True)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("留空表示至今"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申报关系")
        verbose_name_plural = _("申报关系")
        ordering = ["expert", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | ~Q(organization_name="") | ~Q(person_name=""),
                name="relation_names_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.get_kind_display()}"


class Committee(models.Model):
    """The expert committee of the zone (seed 000 2.1(2)), or another standing group, with its term."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    term_start = models.DateField(_("本届起始"))
    term_end = models.DateField(_("本届届满"))
    duties = models.TextField(_("职责"), blank=True)

    class Meta:
        verbose_name = _("专家委员会")
        verbose_name_plural = _("专家委员会")
        constraints = [models.CheckConstraint(condition=Q(term_end__gt=models.F("term_start")), name="committee_term")]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("主任委员")
        VICE = "vice", _("副主任委员")
        MEMBER = "member", _("委员")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="committee_seats")
    role = models.CharField(_("职务"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("任期起始"))
    term_end = models.DateField(_("任期届满"))

    class Meta:
        ordering = ["committee", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "expert"], name="committee_seat_once")]

    def __str__(self) -> str:
        return f"{self.committee} · {self.expert}"


class Draw(models.Model):
    """One panel draw (专家抽取): its items, rules, seed, the digest of the pool it drew from and the result.
    Written once and sealed by a ledger event; replacements after the draw are ledger events too."""

    purpose = models.CharField(_("用途"), max_length=200)
    subject_type = models.CharField(max_length=100, blank=True)  # "platforms.Recognition" …
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    items = models.JSONField(default=list)
    rules = models.JSONField(default=dict)
    seed = models.CharField(_("随机种子"), max_length=64)
    pool_digest = models.CharField(_("专家库快照摘要"), max_length=64)
    pool_size = models.PositiveIntegerField(_("专家库人数"))
    result = models.JSONField(default=dict)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("专家抽取")
        verbose_name_plural = _("专家抽取")
        ordering = ["-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.purpose} #{self.pk}"


class Assignment(models.Model):
    """An expert's review of one item of a draw: accepted, declined for a conflict (replaced by a reserve),
    submitted with a score and opinion (late or on time), rated by the office."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("待评审")
        SUBMITTED = "submitted", _("已提交")
        DECLINED = "declined", _("回避")
        MISSED = "missed", _("未评审")

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    item_ref = models.CharField(_("评审对象"), max_length=100)
    item_title = models.CharField(_("评审事项"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    due_at = models.DateTimeField(_("评审截止"))
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=1, null=True, blank=True)
    recommend = models.BooleanField(_("建议通过"), null=True, blank=True)
    opinion = models.TextField(_("评审意见"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    declined_reason = models.CharField(_("回避理由"), max_length=300, blank=True)
    rating = models.PositiveSmallIntegerField(_("评审质量评价"), null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评审任务")
        verbose_name_plural = _("评审任务")
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="rating_1_5"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.item_ref}"

    @property
    def late(self) -> bool:
        return self.submitted_at is not None and self.submitted_at > self.due_at
