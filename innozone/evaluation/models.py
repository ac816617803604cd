from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    """An index framework (指标体系) in COINr's iMeta shape, kept as its rows so any run can be reproduced."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    description = models.TextField(_("说明"), blank=True)
    meta = models.JSONField(_("指标元数据（iMeta）"))
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评价指标体系")
        verbose_name_plural = _("评价指标体系")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class DataSet(models.Model):
    """Indicator data (iData rows) for the units of one framework, e.g. Lanzhou's districts in 2024."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="datasets")
    name = models.CharField(_("名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"), null=True, blank=True)
    rows = models.JSONField(_("指标数据（iData）"))
    source_name = models.CharField(_("来源文件"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评价数据集")
        verbose_name_plural = _("评价数据集")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["framework", "name"], name="dataset_unique_name")]

    def __str__(self) -> str:
        return self.name


class Run(models.Model):
    """One evaluation: its assumptions, the engine version and every result, stored so it can be reproduced."""

    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="runs")
    title = models.CharField(_("标题"), max_length=200)
    settings = models.JSONField(_("参数"))
    engine_version = models.CharField(_("引擎版本"), max_length=20)
    input_digest = models.CharField(_("输入摘要（SHA-256）"), max_length=64)
    results = models.JSONField(_("结果"))  # {"columns": [...], "rows": [[...], ...]}
    scores = models.JSONField(_("各级得分"))
    uncertainty = models.JSONField(_("不确定性分析"), null=True, blank=True)
    sensitivity = models.JSONField(_("敏感性分析"), null=True, blank=True)
    records = models.JSONField(_("处理记录"), default=dict)
    published = models.BooleanField(_("已发布"), default=False)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评价结果")
        verbose_name_plural = _("评价结果")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
