"""The public notice (公示) of an approval stage and the objections to it (`core.publicity`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import ApprovalRequest, User


class Publicity(models.Model):
    """A public notice (公示) of an approval request: published when a publicity stage opens, open to
    objections until `ends_at`; the stage can pass only after it ended and every objection was answered."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="publicities")
    stage = models.PositiveSmallIntegerField()
    title = models.CharField(_("公示标题"), max_length=200)
    body = models.TextField(_("公示内容"))
    starts_at = models.DateTimeField(_("公示开始"))
    ends_at = models.DateTimeField(_("公示截止"))
    days = models.PositiveSmallIntegerField(_("公示天数"))
    withdrawn = models.BooleanField(_("已撤回"), default=False)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "stage"], name="publicity_one_per_stage"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="publicity_ends_after"),
        ]

    def __str__(self) -> str:
        return self.title


class Objection(models.Model):
    """An objection (异议) filed during a notice by anyone, with a real name and a contact (as notices ask);
    the office answers it before the decision."""

    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="objections")
    name = models.CharField(_("提出人（单位）"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("异议内容"), max_length=4000)
    filed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("答复"), blank=True)
    upheld = models.BooleanField(_("异议成立"), null=True, blank=True)
    answered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["filed_at", "id"]

    def __str__(self) -> str:
        return f"{self.publicity} · {self.name}"
