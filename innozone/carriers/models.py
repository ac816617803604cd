"""Carriers and space (载体): parks, incubators, maker spaces and buildings with their floor area and units,
tenants from the enterprise registry with lease periods, occupancy, incubator graduation, and the "virtual
space" of seed 000 2.4 — an enterprise registered in a zone park while it operates elsewhere."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization, Region

AREA = {"max_digits": 12, "decimal_places": 2}


class Carrier(models.Model):
    class Kind(models.TextChoices):
        PARK = "park", _("产业园区")
        INCUBATOR = "incubator", _("科技企业孵化器")
        MAKERSPACE = "makerspace", _("众创空间")
        ACCELERATOR = "accelerator", _("加速器")
        BUILDING = "building", _("楼宇/改造厂房")
        SCIENCE_PARK = "science_park", _("大学科技园")

    name = models.CharField(_("载体名称"), max_length=200, unique=True)
    kind = models.CharField(_("载体类型"), max_length=15, choices=Kind.choices)
    operator = models.ForeignKey(
        Organization, verbose_name=_("运营单位"), on_delete=models.PROTECT, related_name="operated_carriers"
    )
    region = models.ForeignKey(Region, verbose_name=_("所在园区/地区"), on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(
        "platforms.Platform",
        verbose_name=_("对应创新平台"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("孵化器、众创空间等已认定为创新平台的，关联其平台记录"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    land_area = models.DecimalField(_("占地面积（㎡）"), null=True, blank=True, **AREA)
    floor_area = models.DecimalField(_("建筑面积（㎡）"), **AREA)
    renovated = models.BooleanField(_("闲置厂房/楼宇改造"), default=False)
    opened_on = models.DateField(_("投入运营日期"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("载体")
        verbose_name_plural = _("载体")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(floor_area__gt=0), name="carrier_floor_area_positive")]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A rentable unit: a room, a floor part, a workstation block."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="units")
    building = models.CharField(_("楼栋"), max_length=40, blank=True)
    floor = models.SmallIntegerField(_("楼层"), default=1)
    number = models.CharField(_("房间号"), max_length=40)
    area = models.DecimalField(_("面积（㎡）"), **AREA)
    workstations = models.PositiveIntegerField(_("工位数"), default=0)
    public = models.BooleanField(_("公共服务空间"), default=False)

    class Meta:
        verbose_name = _("房间/单元")
        verbose_name_plural = _("房间/单元")
        ordering = ["carrier", "building", "floor", "number"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "building", "number"], name="unit_number_once"),
            models.CheckConstraint(condition=Q(area__gt=0), name="unit_area_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.building}{self.number}" if self.building else self.number


class Lease(models.Model):
    """A tenant (an organization from the registry) in a unit for a period. Periods of one unit never overlap
    (checked by the service before writing)."""

    class Kind(models.TextChoices):
        INCUBATING = "incubating", _("在孵企业")
        TEAM = "team", _("创业团队")
        RESIDENT = "resident", _("入驻企业")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="leases")
    tenant = models.ForeignKey(Organization, verbose_name=_("入驻单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("入驻类型"), max_length=12, choices=Kind.choices, default=Kind.RESIDENT)
    starts_on = models.DateField(_("起租日期"))
    ends_on = models.DateField(_("到期日期"))
    moved_out_on = models.DateField(_("实际退租日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("入驻/租约")
        verbose_name_plural = _("入驻/租约")
        ordering = ["unit", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="lease_period"),
            models.CheckConstraint(
                condition=Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=models.F("starts_on")),
                name="lease_moved_out_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenant} · {self.unit}"


class Graduation(models.Model):
    """An incubated enterprise that graduated (毕业), by one of the criteria of the incubator rules."""

    class Criterion(models.TextChoices):
        HNTE = "hnte", _("获得高新技术企业认定")
        FINANCING = "financing", _("累计获得天使或风险投资 500 万元以上")
        REVENUE = "revenue", _("连续 2 年营业收入累计超过 1,000 万元")
        MERGED = "merged", _("被兼并、收购或在资本市场挂牌上市")

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="graduations")
    tenant = models.ForeignKey(Organization, verbose_name=_("毕业企业"), on_delete=models.PROTECT, related_name="+")
    graduated_on = models.DateField(_("毕业日期"))
    criterion = models.CharField(_("毕业条件"), max_length=12, choices=Criterion.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("毕业企业")
        verbose_name_plural = _("毕业企业")
        ordering = ["-graduated_on"]
        constraints = [models.UniqueConstraint(fields=["carrier", "tenant"], name="graduation_once")]

    def __str__(self) -> str:
        return f"{self.tenant} · {self.graduated_on}"


class VirtualRegistration(models.Model):
    """虚拟空间: an enterprise registered at a zone carrier's address while operating elsewhere."""

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="virtual_tenants")
    tenant = models.ForeignKey(Organization, verbose_name=_("注册企业"), on_delete=models.PROTECT, related_name="+")
    registered_address = models.CharField(_("注册地址"), max_length=200)
    operating_address = models.CharField(_("实际经营地址"), max_length=200)
    operating_region = models.ForeignKey(
        Region, verbose_name=_("实际经营地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("虚拟入驻")
        verbose_name_plural = _("虚拟入驻")
        ordering = ["carrier", "starts_on"]
        constraints = [models.UniqueConstraint(fields=["carrier", "tenant", "starts_on"], name="virtual_once")]

    def __str__(self) -> str:
        return f"{self.tenant} · {self.carrier}"
