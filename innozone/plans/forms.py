from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    """The report form; the rules are checked by services.report_submit, which owns them."""

    period = forms.ChoiceField(label=_("报送期"))
    progress = forms.ChoiceField(label=_("进展情况"), choices=Report.Progress.choices)
    narrative = forms.CharField(label=_("工作进展"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    attachments = MultipleFileField(label=_("附件"), required=False)

    def __init__(self, *args, periods=(), indicators=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods
        self.indicators = list(indicators)
        for ind in self.indicators:
            self.fields[f"quantity_{ind.pk}"] = forms.DecimalField(
                label=f"{ind.name}（{ind.unit}）",
                required=False,
                min_value=0,
                max_digits=18,
                decimal_places=4,
            )
            if ind.splits.all():
                self.fields[f"region_{ind.pk}"] = forms.ChoiceField(
                    label=_("计入地区"),
                    required=False,
                    choices=[("", _("按本单位所在市")), *[(s.region_id, s.label) for s in ind.splits.all()]],
                )

    def quantity_fields(self):
        for ind in self.indicators:
            region = self[f"region_{ind.pk}"] if f"region_{ind.pk}" in self.fields else None
            yield ind, self[f"quantity_{ind.pk}"], region


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("通过")), ("return", _("退回"))])
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
