from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    name = forms.CharField(label=_("指标体系名称"), max_length=200)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    meta_file = forms.FileField(label=_("指标元数据 iMeta（Excel 或 CSV）"))
    data_file = forms.FileField(label=_("指标数据 iData（Excel 或 CSV）"))
    dataset_name = forms.CharField(label=_("数据集名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1949, max_value=2200)


class DatasetForm(forms.Form):
    dataset_name = forms.CharField(label=_("数据集名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1949, max_value=2200)
    data_file = forms.FileField(label=_("指标数据 iData（Excel 或 CSV）"))


class RunForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    denominate = forms.BooleanField(label=_("按分母指标折算"), required=False)
    screen = forms.FloatField(label=_("数据完整度下限（0–1，留空不筛选）"), required=False, min_value=0, max_value=1)
    impute = forms.CharField(
        label=_("缺失值插补"),
        initial="group-mean:Group",
        help_text=_("none、mean、median、group-mean:分组列、group-median:分组列"),
    )
    treat = forms.ChoiceField(
        label=_("异常值处理"), choices=[("winsorise", _("缩尾（COINr 默认规则）")), ("none", _("不处理"))]
    )
    normalise = forms.ChoiceField(
        label=_("标准化方法"),
        choices=[
            ("minmax", _("极差标准化")),
            ("zscore", _("Z 分数")),
            ("rank", _("排序")),
            ("dist2targ", _("距目标值")),
        ],
    )
    range_min = forms.FloatField(label=_("极差标准化下限"), initial=0)
    range_max = forms.FloatField(label=_("极差标准化上限"), initial=100)
    aggregate = forms.ChoiceField(
        label=_("合成方法"),
        choices=[("amean", _("加权算术平均")), ("gmean", _("加权几何平均")), ("hmean", _("加权调和平均"))],
    )
    weighting = forms.ChoiceField(
        label=_("权重"),
        required=False,
        initial="manual",
        choices=[("manual", _("指标体系中的权重")), ("equal", _("等权")), ("pca", _("主成分分析权重"))],
    )
    uncertainty_runs = forms.IntegerField(label=_("不确定性分析模拟次数"), initial=1000, min_value=0, max_value=20000)
    sensitivity_runs = forms.IntegerField(
        label=_("敏感性分析样本数（2 的幂，0 为不做）"), initial=128, min_value=0, max_value=4096
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("range_min") is not None
            and data.get("range_max") is not None
            and data["range_min"] >= data["range_max"]
        ):
            self.add_error("range_max", _("上限必须大于下限"))
        n = data.get("sensitivity_runs") or 0
        if n and n & (n - 1):
            self.add_error("sensitivity_runs", _("请填写 2 的幂，例如 64、128、256"))
        return data
