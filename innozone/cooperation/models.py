"""International cooperation (国际科技合作): foreign partners (universities, institutes, companies; country or
region; Belt-and-Road flag), cooperation agreements, international technology-transfer and joint-research
projects (linked to a market listing where there is one), and the links of joint laboratories and 国际科技合作
基地 (platforms of those kinds) to their partners. Foreign experts live in the talent pool (nationality and
work-permit dates there).

Other apps' rows are referred to by id (`listing_id`, `platform_id`, `person_id`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization

MONEY = {"max_digits": 16, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class Partner(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("高校")
        INSTITUTE = "institute", _("科研机构")
        COMPANY = "company", _("企业")
        GOVERNMENT = "government", _("政府/国际组织")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=200)
    name_local = models.CharField(_("外文名称"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    country = models.CharField(_("国家/地区代码"), max_length=2)  # ISO 3166-1 alpha-2
    city = models.CharField(_("城市"), max_length=100, blank=True)
    belt_and_road = models.BooleanField(_("共建“一带一路”国家"), default=False)
    website = models.CharField(_("网址"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("国外合作伙伴")
        verbose_name_plural = _("国外合作伙伴")
        ordering = ["country", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="cooperation_partner_once")]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("执行中")
        EXPIRED = "expired", _("已到期")
        TERMINATED = "terminated", _("已终止")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements")
    organization = models.ForeignKey(
        Organization, verbose_name=_("我方单位"), on_delete=models.PROTECT, related_name="intl_agreements"
    )
    title = models.CharField(_("协议名称"), max_length=200)
    kind = models.CharField(_("协议类型"), max_length=50)  # 合作备忘录 / 框架协议 / 联合实验室协议 …
    signed_on = models.DateField(_("签署日期"))
    expires_on = models.DateField(_("到期日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    summary = models.TextField(_("主要内容"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["-signed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("signed_on")),
                name="cooperation_agreement_dates",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Project(models.Model):
    """An international technology-transfer or joint-research project."""

    class Kind(models.TextChoices):
        TRANSFER_IN = "transfer_in", _("技术引进")
        TRANSFER_OUT = "transfer_out", _("技术输出")
        JOINT = "joint", _("联合研发")
        TALENT = "talent", _("人才交流")

    class Status(models.TextChoices):
        PLANNED = "planned", _("洽谈中")
        ACTIVE = "active", _("执行中")
        DONE = "done", _("已完成")
        STOPPED = "stopped", _("已终止")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="projects")
    organization = models.ForeignKey(
        Organization, verbose_name=_("我方单位"), on_delete=models.PROTECT, related_name="+"
    )
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects")
    title = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    field = models.CharField(_("技术领域"), max_length=50, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    amount = models.DecimalField(_("合同/经费金额（元）"), null=True, blank=True, **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    #: the market listing of the transfer, when it is in the technology market
    listing_id = models.PositiveIntegerField(null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="cooperation_project_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class BasePartner(models.Model):
    """A joint laboratory or 国际科技合作基地 (a platform in `platforms`) and a foreign partner of it."""

    platform_id = models.PositiveIntegerField()
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="bases")
    since = models.DateField(_("合作起始"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform_id", "partner"], name="cooperation_base_partner_once")]

    def __str__(self) -> str:
        return f"{self.platform_id}: {self.partner_id}"
