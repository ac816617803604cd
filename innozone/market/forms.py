from django import forms
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization, Region

from .models import Field, Listing, TechContract


class SearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *Listing.Kind.choices])
    field = forms.ModelChoiceField(
        label=_("技术领域"), required=False, queryset=Field.objects.all(), empty_label=_("全部领域")
    )
    region = forms.ModelChoiceField(
        label=_("地区"), required=False, queryset=Region.objects.all(), empty_label=_("全部地区")
    )
    price_max = forms.DecimalField(label=_("价格不高于（元）"), required=False, min_value=0)
    trl_min = forms.IntegerField(label=_("技术成熟度不低于"), required=False, min_value=1, max_value=9)
    international = forms.BooleanField(label=_("仅国际技术转移"), required=False)


class ListingForm(forms.ModelForm):
    class Meta:
        model = Listing
        fields = [
            "title",
            "description",
            "field",
            "region",
            "price",
            "price_unit",
            "trl",
            "ip_form",
            "ip_numbers",
            "transfer_mode",
            "deadline",
            "contact",
            "model_number",
            "category",
            "location",
            "original_value",
            "hours_offered_per_week",
            "booking_rules",
            "international",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    KIND_FIELDS = {
        "achievement": ["price", "price_unit", "trl", "ip_form", "ip_numbers", "transfer_mode", "contact"],
        "demand": ["price", "deadline", "contact"],
        "service": ["price", "price_unit", "contact"],
        "instrument": [
            "model_number",
            "category",
            "location",
            "original_value",
            "price",
            "price_unit",
            "hours_offered_per_week",
            "booking_rules",
            "contact",
        ],
        "expert": ["contact"],
    }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = {"title", "description", "field", "region", *self.KIND_FIELDS.get(kind, [])}
        if kind in ("achievement", "demand"):
            keep.add("international")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if kind == "demand":
            self.fields["price"].label = _("预算（元）")


class BookingForm(forms.Form):
    start = forms.DateTimeField(label=_("开始"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    end = forms.DateTimeField(label=_("结束"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    purpose = forms.CharField(label=_("用途"), max_length=300)
    samples = forms.IntegerField(label=_("样品数"), min_value=0, initial=0)
    voucher = forms.ModelChoiceField(label=_("用创新券支付（可选）"), required=False, queryset=None)

    def __init__(self, *args, vouchers, **kwargs):
        """`vouchers`: the ones the booking may be paid with (`selectors.vouchers_for_booking`)."""
        super().__init__(*args, **kwargs)
        self.fields["voucher"].queryset = vouchers


class UsageForm(forms.Form):
    hours = forms.DecimalField(label=_("机时"), max_digits=8, decimal_places=2, min_value=0.01)
    samples = forms.IntegerField(label=_("样品数"), min_value=0, initial=0)
    fee = forms.DecimalField(label=_("费用（元）"), max_digits=16, decimal_places=2, min_value=0)


class ContractForm(forms.Form):
    contract_type = forms.ChoiceField(label=_("合同类型"), choices=TechContract.Type.choices)
    title = forms.CharField(label=_("合同名称"), max_length=200)
    seller = forms.ModelChoiceField(label=_("卖方（技术方）"), queryset=Organization.objects.order_by("name"))
    buyer = forms.ModelChoiceField(label=_("买方"), queryset=Organization.objects.order_by("name"))
    amount = forms.DecimalField(label=_("合同金额（元）"), max_digits=16, decimal_places=2)
    technology_amount = forms.DecimalField(label=_("技术交易额（元）"), max_digits=16, decimal_places=2)
    signed_on = forms.DateField(label=_("签订日期"), widget=forms.DateInput(attrs={"type": "date"}))
    field = forms.ModelChoiceField(label=_("技术领域"), queryset=Field.objects.all())
    region = forms.ModelChoiceField(label=_("登记地区"), queryset=Region.objects.all())
