"""The enterprise registry: one identity per 统一社会信用代码, linked 1:1 to the organization every other app
already uses (vouchers, market, evaluation keep their foreign keys to `core.Organization`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization, Region


class Enterprise(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        UNIVERSITY = "university", _("高校")
        INSTITUTE = "institute", _("科研院所")
        OTHER = "other", _("其他机构")

    class Size(models.TextChoices):
        LARGE = "large", _("大型")
        MEDIUM = "medium", _("中型")
        SMALL = "small", _("小型")
        MICRO = "micro", _("微型")

    class Ownership(models.TextChoices):
        STATE = "state", _("国有")
        COLLECTIVE = "collective", _("集体")
        PRIVATE = "private", _("民营")
        MIXED = "mixed", _("混合所有制")
        FOREIGN = "foreign", _("外商投资")
        HMT = "hmt", _("港澳台投资")
        PUBLIC = "public", _("事业单位")

    class Status(models.TextChoices):
        ACTIVE = "active", _("存续")
        CLOSED = "closed", _("注销/吊销")

    organization = models.OneToOneField(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="registry_entry"
    )
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    kind = models.CharField(_("主体类型"), max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    legal_representative_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    registered_on = models.DateField(_("成立日期"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("注册资本（元）"), max_digits=17, decimal_places=2, null=True, blank=True
    )
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    park = models.ForeignKey(
        Region, verbose_name=_("所在园区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    industry_code = models.CharField(_("国民经济行业代码"), max_length=5, blank=True)
    industry_name = models.CharField(_("行业名称"), max_length=100, blank=True)
    field = models.CharField(_("技术领域"), max_length=30, blank=True, db_index=True)
    size = models.CharField(_("企业规模"), max_length=10, choices=Size.choices, blank=True, db_index=True)
    size_reason = models.CharField(_("规模判定依据"), max_length=300, blank=True)
    ownership = models.CharField(_("登记注册类型"), max_length=20, choices=Ownership.choices, blank=True)
    listed = models.BooleanField(_("上市企业"), default=False)
    stock_code = models.CharField(_("股票代码"), max_length=20, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    actual_controller = models.CharField(_("实际控制人"), max_length=200, blank=True)
    # "org:<USCC>" for a company, "person:<sha256 of the ID number>" for a person (no ID numbers in clear)
    actual_controller_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    status = models.CharField(_("经营状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("企业（机构）")
        verbose_name_plural = _("企业库")
        ordering = ["id"]
        indexes = [models.Index(fields=["region", "id"]), models.Index(fields=["park", "id"])]

    def __str__(self) -> str:
        return self.name


class FormerName(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("曾用名"), max_length=200, db_index=True)
    until = models.DateField(_("使用至"), null=True, blank=True)

    class Meta:
        verbose_name = _("曾用名")
        verbose_name_plural = _("曾用名")
        ordering = ["-until", "id"]

    def __str__(self) -> str:
        return self.name


class KeyPerson(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("董事长")
        DIRECTOR = "director", _("董事")
        SUPERVISOR = "supervisor", _("监事")
        MANAGER = "manager", _("总经理")
        CTO = "cto", _("技术负责人")
        CFO = "cfo", _("财务负责人")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="key_people")
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职务"), max_length=20, choices=Role.choices)
    person_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("主要人员")
        verbose_name_plural = _("主要人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class Shareholder(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="shareholders")
    name = models.CharField(_("股东"), max_length=200)
    holder_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    share = models.DecimalField(_("持股比例（%）"), max_digits=7, decimal_places=4)

    class Meta:
        verbose_name = _("股东")
        verbose_name_plural = _("股东")
        constraints = [models.CheckConstraint(condition=Q(share__gt=0, share__lte=100), name="shareholder_share_range")]

    def __str__(self) -> str:
        return f"{self.name} {self.share}%"


class EnterpriseGroup(models.Model):
    """A declared group (集团, 一致行动人…): its members count as related parties."""

    name = models.CharField(_("名称"), max_length=200)
    members = models.ManyToManyField(Enterprise, related_name="groups", verbose_name=_("成员企业"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("申报的企业集团")
        verbose_name_plural = _("申报的企业集团")

    def __str__(self) -> str:
        return self.name


class AnnualFigures(models.Model):
    """One enterprise's figures for one year from one source (the enterprise, the statistics bureau, tax)."""

    class Source(models.TextChoices):
        SELF = "self", _("企业自报")
        STATS = "stats", _("统计部门")
        TAX = "tax", _("税务部门")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("年度"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.SELF)
    employees = models.PositiveIntegerField(_("职工总数"))
    sci_staff = models.PositiveIntegerField(_("科技人员数"))
    revenue = models.DecimalField(_("销售收入（元）"), max_digits=17, decimal_places=2)
    total_income = models.DecimalField(_("总收入（元）"), max_digits=17, decimal_places=2)
    hitech_income = models.DecimalField(_("高新技术产品（服务）收入（元）"), max_digits=17, decimal_places=2, default=0)
    total_assets = models.DecimalField(_("资产总额（元）"), max_digits=17, decimal_places=2)
    rd_total = models.DecimalField(_("研究开发费用（元）"), max_digits=17, decimal_places=2)
    rd_domestic = models.DecimalField(_("境内研究开发费用（元）"), max_digits=17, decimal_places=2)
    export_value = models.DecimalField(_("出口额（元）"), max_digits=17, decimal_places=2, default=0)
    invention_patents = models.PositiveIntegerField(_("发明专利"), default=0)
    plant_varieties = models.PositiveIntegerField(_("植物新品种"), default=0)
    ic_layouts = models.PositiveIntegerField(_("集成电路布图设计"), default=0)
    new_drugs = models.PositiveIntegerField(_("国家新药及一级中药保护品种"), default=0)
    utility_models = models.PositiveIntegerField(_("实用新型专利"), default=0)
    designs = models.PositiveIntegerField(_("外观设计专利"), default=0)
    software_copyrights = models.PositiveIntegerField(_("软件著作权"), default=0)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now=True)

    CLASS1 = ("invention_patents", "plant_varieties", "ic_layouts", "new_drugs")
    CLASS2 = ("utility_models", "designs", "software_copyrights")

    class Meta:
        verbose_name = _("年度经营数据")
        verbose_name_plural = _("年度经营数据")
        ordering = ["enterprise_id", "-year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "source"], name="figures_once_per_source"),
            models.CheckConstraint(condition=Q(sci_staff__lte=models.F("employees")), name="figures_sci_le_staff"),
            models.CheckConstraint(condition=Q(rd_domestic__lte=models.F("rd_total")), name="figures_domestic_le_rd"),
            models.CheckConstraint(
                condition=Q(revenue__gte=0, total_income__gte=0, hitech_income__gte=0, total_assets__gte=0)
                & Q(rd_total__gte=0, rd_domestic__gte=0, export_value__gte=0),
                name="figures_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year} {self.source}"

    @property
    def ip_class1(self) -> int:
        return sum(getattr(self, f) for f in self.CLASS1)

    @property
    def ip_class2(self) -> int:
        return sum(getattr(self, f) for f in self.CLASS2)


class Qualification(models.Model):
    class Kind(models.TextChoices):
        HNTE = "hnte", _("高新技术企业")
        TSME = "tsme", _("科技型中小企业")
        LITTLE_GIANT = "little_giant", _("专精特新“小巨人”企业")
        SRDI = "srdi", _("省级专精特新中小企业")
        GAZELLE = "gazelle", _("瞪羚企业")
        UNICORN = "unicorn", _("独角兽企业")
        TASE = "tase", _("技术先进型服务企业")

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        EXPIRED = "expired", _("已过期")
        REVOKED = "revoked", _("已撤销")

    class Field(models.TextChoices):
        """《国家重点支持的高新技术领域》"""

        ELECTRONICS = "electronics", _("电子信息")
        BIOMED = "biomed", _("生物与新医药")
        AEROSPACE = "aerospace", _("航空航天")
        MATERIALS = "materials", _("新材料")
        SERVICES = "services", _("高技术服务")
        ENERGY = "energy", _("新能源与节能")
        ENVIRONMENT = "environment", _("资源与环境")
        MANUFACTURING = "manufacturing", _("先进制造与自动化")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("资质"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("证书编号/入库登记编号"), max_length=50)
    issued_on = models.DateField(_("认定日期"))
    valid_until = models.DateField(_("有效期至"))
    hitech_field = models.CharField(_("技术领域（高新技术领域）"), max_length=20, choices=Field.choices, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.VALID, db_index=True)
    evidence = models.FileField(_("证明文件"), upload_to="qualifications/%Y/", blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    reminded = models.JSONField(default=list, blank=True, editable=False)  # months-before already sent: [6, 3]
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("资质")
        verbose_name_plural = _("资质")
        ordering = ["-issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="qualification_number_once"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("issued_on")), name="qualification_dates"),
        ]
        indexes = [models.Index(fields=["kind", "status", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class QualificationEvent(models.Model):
    """The history of a qualification: recorded, renewed, expired, revoked, evidence replaced."""

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("操作"), max_length=20)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.qualification_id} {self.action}"


class Cultivation(models.Model):
    """The high-tech enterprise cultivation pipeline (高企培育库): one record per enterprise."""

    class Stage(models.TextChoices):
        ENTERED = "entered", _("入库")
        COACHING = "coaching", _("辅导")
        APPLIED = "applied", _("申报")
        RECOGNISED = "recognised", _("认定")
        REJECTED = "rejected", _("未通过")
        RENEWAL = "renewal", _("到期重新认定")

    enterprise = models.OneToOneField(Enterprise, on_delete=models.CASCADE, related_name="cultivation")
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.ENTERED, db_index=True)
    recommended_by = models.ForeignKey(
        Organization, verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+"
    )
    batch_year = models.PositiveSmallIntegerField(_("申报批次（年度）"), null=True, blank=True)
    reason = models.CharField(_("未通过原因"), max_length=300, blank=True)
    entered_on = models.DateField(_("入库日期"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("高企培育")
        verbose_name_plural = _("高企培育库")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.stage}"


class CultivationStep(models.Model):
    cultivation = models.ForeignKey(Cultivation, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("阶段"), max_length=20, choices=Cultivation.Stage.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.cultivation_id} {self.stage}"
