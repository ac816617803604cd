from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Evidence, Provider, Scheme, ServiceCategory, ServiceItem


class ApplicationForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("方案"), queryset=Scheme.objects.none())
    category = forms.ModelChoiceField(label=_("拟用服务类别"), queryset=ServiceCategory.objects.all())
    amount = forms.DecimalField(label=_("申请金额（元）"), max_digits=14, decimal_places=2, min_value=0.01)
    purpose = forms.CharField(label=_("用途"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)

    def __init__(self, *args, schemes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes if schemes is not None else Scheme.objects.none()


class OrderForm(forms.Form):
    item = forms.ModelChoiceField(label=_("服务项目"), queryset=ServiceItem.objects.none())
    quantity = forms.DecimalField(label=_("数量"), max_digits=10, decimal_places=2, min_value=0.01, initial=1)
    note = forms.CharField(label=_("需求说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = (
            ServiceItem.objects.filter(active=True, provider__status=Provider.Status.APPROVED)
            .select_related("provider__organization", "category")
            .order_by("provider_id", "id")
        )
        self.fields["item"].label_from_instance = lambda i: (
            _("%(p)s · %(n)s · %(price)s 元/%(u)s")
            % {"p": i.provider, "n": i.name, "price": i.price, "u": i.price_unit}
        )


class DeliverForm(forms.Form):
    contract = forms.FileField(label=_("合同"), required=False)
    invoice = forms.FileField(label=_("发票"), required=False)
    report = forms.FileField(label=_("服务报告"))

    def files_with_kinds(self):
        return [
            (kind, self.cleaned_data[kind])
            for kind in (Evidence.Kind.CONTRACT, Evidence.Kind.INVOICE, Evidence.Kind.REPORT)
            if self.cleaned_data.get(kind)
        ]


class ProviderForm(forms.Form):
    qualifications = forms.CharField(label=_("资质说明"), widget=forms.Textarea(attrs={"rows": 4}))
    contact = forms.CharField(label=_("联系人及电话"), max_length=100)
    categories = forms.ModelMultipleChoiceField(
        label=_("服务类别"), queryset=ServiceCategory.objects.all(), widget=forms.CheckboxSelectMultiple
    )


class ServiceItemForm(forms.ModelForm):
    class Meta:
        model = ServiceItem
        fields = ["category", "name", "description", "price", "price_unit"]
