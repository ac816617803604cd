"""The carriers' forms: the list's filters, a carrier, units, and the tenant actions on the detail page.
Every form only parses; the services validate (their errors are shown on the form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Carrier, Graduation, Lease

DATE = forms.DateInput(attrs={"type": "date"})


class SearchForm(forms.Form):
    q = forms.CharField(label=_("名称或运营单位"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("载体类型"), required=False, choices=[("", _("全部类型")), *Carrier.Kind.choices])
    region = forms.ModelChoiceField(label=_("地区/园区"), required=False, queryset=None, empty_label=_("全部地区"))

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def filters(self) -> dict:
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return {
            "q": d.get("q") or "",
            "kind": d.get("kind") or "",
            "region": d["region"].pk if d.get("region") else None,
        }


class CarrierForm(forms.Form):
    name = forms.CharField(label=_("载体名称"), max_length=200)
    kind = forms.ChoiceField(label=_("载体类型"), choices=Carrier.Kind.choices)
    operator = forms.CharField(label=_("运营单位"), max_length=200, help_text=_("单位名称或统一社会信用代码"))
    region = forms.ModelChoiceField(label=_("所在园区/地区"), queryset=None)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    land_area = forms.DecimalField(label=_("占地面积（㎡）"), required=False, max_digits=12, decimal_places=2)
    floor_area = forms.DecimalField(label=_("建筑面积（㎡）"), max_digits=12, decimal_places=2)
    renovated = forms.BooleanField(label=_("闲置厂房/楼宇改造"), required=False)
    opened_on = forms.DateField(label=_("投入运营日期"), required=False, widget=DATE)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    @staticmethod
    def initial_for(carrier: Carrier) -> dict:
        return {
            "name": carrier.name,
            "kind": carrier.kind,
            "operator": carrier.operator.name,
            "region": carrier.region_id,
            "address": carrier.address,
            "land_area": carrier.land_area,
            "floor_area": carrier.floor_area,
            "renovated": carrier.renovated,
            "opened_on": carrier.opened_on,
        }


class UnitsForm(forms.Form):
    lines = forms.CharField(
        label=_("房间（每行一个：楼栋,楼层,房间号,面积,工位数）"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "A,3,301,120.5,10"}),
        max_length=20000,
    )
    public = forms.BooleanField(label=_("公共服务空间（不出租）"), required=False)


class LeaseForm(forms.Form):
    unit = forms.ChoiceField(label=_("房间"))
    tenant = forms.CharField(label=_("入驻单位"), max_length=200, help_text=_("企业库中的名称或统一社会信用代码"))
    kind = forms.ChoiceField(label=_("入驻类型"), choices=Lease.Kind.choices, initial=Lease.Kind.INCUBATING)
    starts_on = forms.DateField(label=_("起租日期"), widget=DATE)
    ends_on = forms.DateField(label=_("到期日期"), widget=DATE)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, f"{u}（{u.area}㎡）") for u in units if not u.public]


class MoveOutForm(forms.Form):
    moved_out_on = forms.DateField(label=_("实际退租日期"), widget=DATE)


class GraduationForm(forms.Form):
    tenant = forms.ChoiceField(label=_("毕业企业"))
    graduated_on = forms.DateField(label=_("毕业日期"), widget=DATE)
    criterion = forms.ChoiceField(label=_("毕业条件"), choices=Graduation.Criterion.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, tenants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenant"].choices = [(org.pk, org.name) for org in tenants]


class VirtualForm(forms.Form):
    tenant = forms.CharField(label=_("注册企业"), max_length=200, help_text=_("企业库中的名称或统一社会信用代码"))
    registered_address = forms.CharField(label=_("注册地址"), max_length=200, required=False)
    operating_address = forms.CharField(label=_("实际经营地址"), max_length=200)
    operating_region = forms.ModelChoiceField(label=_("实际经营地区"), queryset=None, required=False)
    starts_on = forms.DateField(label=_("起始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE, required=False)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operating_region"].queryset = regions


class VirtualEndForm(forms.Form):
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)
