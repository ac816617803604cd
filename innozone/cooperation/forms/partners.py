"""Forms of the cooperation pages. They only shape the input: the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..engine import countries
from ..models import Agreement, Partner, Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BRI = [("", _("全部")), ("1", _("共建“一带一路”国家")), ("0", _("其他国家和地区"))]


def _blank(label, choices):
    return [("", label), *choices]


class PartnerSearchForm(forms.Form):
    q = forms.CharField(label=_("名称"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("国家/地区"), required=False)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=_blank(_("全部类型"), Partner.Kind.choices))
    belt_and_road = forms.ChoiceField(label=_("一带一路"), required=False, choices=BRI)

    def __init__(self, *args, present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _blank(_("全部国家和地区"), [(c, f"{n}（{c}）") for c, n in present])

    def filters(self) -> dict:
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return {k: d.get(k) or "" for k in ("q", "country", "kind", "belt_and_road")}


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    name_local = forms.CharField(label=_("外文名称"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=Partner.Kind.choices)
    country = forms.ChoiceField(label=_("国家/地区"), choices=())
    city = forms.CharField(label=_("城市"), max_length=100, required=False)
    belt_and_road = forms.ChoiceField(
        label=_("共建“一带一路”国家"),
        required=False,
        choices=[("", _("按国家默认判断")), ("1", _("是")), ("0", _("否"))],
    )
    website = forms.CharField(label=_("网址"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        from django.utils.translation import get_language

        super().__init__(*args, **kwargs)
        self.fields["country"].choices = countries.choices(language=get_language() or "zh")


class AgreementSearchForm(forms.Form):
    q = forms.CharField(label=_("协议、伙伴或单位"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_blank(_("全部"), Agreement.Status.choices))
    expiring = forms.BooleanField(label=_("仅即将到期"), required=False)

    def filters(self) -> dict:
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return {"q": d.get("q") or "", "status": d.get("status") or "", "expiring": bool(d.get("expiring"))}


class AgreementForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("合作伙伴"), queryset=Partner.objects.all())
    organization = forms.ModelChoiceField(label=_("我方单位"), queryset=None)
    title = forms.CharField(label=_("协议名称"), max_length=200)
    kind = forms.CharField(label=_("协议类型"), max_length=50, help_text=_("如：合作备忘录、框架协议、联合实验室协议"))
    signed_on = forms.DateField(label=_("签署日期"), widget=DATE)
    expires_on = forms.DateField(label=_("到期日期"), widget=DATE, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=Agreement.Status.choices)
    summary = forms.CharField(label=_("主要内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class ProjectSearchForm(forms.Form):
    q = forms.CharField(label=_("项目或伙伴"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=_blank(_("全部类型"), Project.Kind.choices))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_blank(_("全部"), Project.Status.choices))

    def filters(self) -> dict:
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return {k: d.get(k) or "" for k in ("q", "kind", "status")}


class ProjectForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("合作伙伴"), queryset=Partner.objects.all())
    organization = forms.ModelChoiceField(label=_("我方单位"), queryset=None)
    agreement = forms.ModelChoiceField(label=_("依据协议"), queryset=Agreement.objects.none(), required=False)
    title = forms.CharField(label=_("项目名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=Project.Kind.choices)
    field = forms.CharField(label=_("技术领域"), max_length=50, required=False)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE, required=False)
    amount = forms.CharField(label=_("合同/经费金额（元）"), required=False, max_length=30)
    status = forms.ChoiceField(label=_("状态"), choices=Project.Status.choices)
    listing_id = forms.IntegerField(
        label=_("技术市场挂牌编号"),
        required=False,
        help_text=_("技术引进/输出项目在技术市场挂牌时填写（须标记为国际技术转移）"),
    )

    def __init__(self, *args, organizations, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["agreement"].queryset = agreements


class BasePartnerForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("合作伙伴"), queryset=Partner.objects.all())
    since = forms.DateField(label=_("合作起始"), widget=DATE, required=False)


def form_data(form) -> dict:
    """The cleaned data as the services take it (ids for rows)."""
    out = {}
    for k, v in form.cleaned_data.items():
        out[k] = v.pk if hasattr(v, "pk") else v
    return out
