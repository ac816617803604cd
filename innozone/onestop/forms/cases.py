"""The case application form: the applicant's fields (materials are file inputs per item material, read by the
view; services/cases.py checks them)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CaseForm(forms.Form):
    title = forms.CharField(label=_("申请事项"), max_length=200)
    contact = forms.CharField(label=_("联系人"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), max_length=30)
    description = forms.CharField(
        label=_("申请说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    promise = forms.BooleanField(
        label=_("本单位承诺在补齐日期前提交容缺材料，逾期未补齐的，同意按不予办理处理"), required=False
    )
    deferred_until = forms.DateField(
        label=_("容缺材料补齐日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
