"""Forms of the registry pages. They only shape the input: every rule (USCC check character, money, figures'
consistency, who may change what) is the services' (`services/validation.py`), whose errors come back on
these forms through `core.web.add_errors_to_form`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Region

from .engine.identity import uscc_problem
from .models import AnnualFigures, Cultivation, Enterprise, KeyPerson, Qualification
from .services.validation import FIGURE_COUNTS, FIGURE_MONEY, FIGURE_REQUIRED

DATE = {"type": "date"}


def _date_input():
    """An <input type=date>: its value must be YYYY-MM-DD whatever the language (zh-hans formats dates as
    YYYY/MM/DD, which the browser drops, so saving the form would clear the date)."""
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def _regions():
    return Region.objects.exclude(kind__in=["province", "zone"]).order_by("code")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("名称、曾用名或统一社会信用代码"), required=False, max_length=200)
    region = forms.ModelChoiceField(
        label=_("地区/园区"), required=False, queryset=Region.objects.none(), empty_label=_("全部地区")
    )
    field = forms.ChoiceField(label=_("技术领域"), required=False)
    qualification = forms.ChoiceField(
        label=_("资质"), required=False, choices=[("", _("全部资质")), *Qualification.Kind.choices]
    )
    size = forms.ChoiceField(
        label=_("企业规模"), required=False, choices=[("", _("全部规模")), *Enterprise.Size.choices]
    )
    stage = forms.ChoiceField(
        label=_("培育阶段"), required=False, choices=[("", _("全部阶段")), *Cultivation.Stage.choices]
    )

    def __init__(self, *args, fields=(), region_ids=None, **kwargs):
        """`fields`: the technical fields to offer; `region_ids`: the regions the user sees (None: all)."""
        super().__init__(*args, **kwargs)
        regions = _regions()
        self.fields["region"].queryset = regions if region_ids is None else regions.filter(pk__in=region_ids)
        self.fields["field"].choices = [("", _("全部领域")), *((f, f) for f in fields)]

    def filters(self) -> dict:
        """The valid filters as `selectors.enterprise_search` keywords (invalid ones are ignored)."""
        self.is_valid()
        d = self.cleaned_data
        return {
            "q": d.get("q") or "",
            "region": d["region"].pk if d.get("region") else None,
            "field": d.get("field") or "",
            "qualification": d.get("qualification") or "",
            "size": d.get("size") or "",
            "stage": d.get("stage") or "",
        }


class ProfileForm(forms.Form):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("主体类型"), choices=Enterprise.Kind.choices, required=False)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    registered_on = forms.DateField(label=_("成立日期"), required=False, widget=_date_input())
    registered_capital = forms.CharField(label=_("注册资本（元）"), max_length=30, required=False)
    region = forms.ModelChoiceField(label=_("所在地区"), queryset=Region.objects.none())
    park = forms.ModelChoiceField(label=_("所在园区"), queryset=Region.objects.none(), required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    industry_code = forms.CharField(label=_("国民经济行业代码"), max_length=5, required=False)
    industry_name = forms.CharField(label=_("行业名称"), max_length=100, required=False)
    field = forms.CharField(label=_("技术领域"), max_length=30, required=False)
    ownership = forms.ChoiceField(
        label=_("登记注册类型"), choices=[("", "—"), *Enterprise.Ownership.choices], required=False
    )
    listed = forms.BooleanField(label=_("上市企业"), required=False)
    stock_code = forms.CharField(label=_("股票代码"), max_length=20, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    contact_email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    actual_controller = forms.CharField(label=_("实际控制人"), max_length=200, required=False)
    actual_controller_uscc = forms.CharField(
        label=_("实际控制人统一社会信用代码（单位）"), max_length=30, required=False
    )
    actual_controller_id = forms.CharField(
        label=_("实际控制人身份证号（自然人；不保存明文，仅用于判断关联关系）"), max_length=30, required=False
    )
    legal_representative_id = forms.CharField(
        label=_("法定代表人身份证号（不保存明文，仅用于判断关联关系）"), max_length=30, required=False
    )

    def __init__(self, *args, uscc_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions()
        self.fields["park"].queryset = Region.objects.filter(kind=Region.Kind.PARK).order_by("code")
        if uscc_locked:  # the identity: only the office corrects it (the service refuses it too)
            self.fields["uscc"].disabled = True

    @staticmethod
    def initial_for(enterprise: Enterprise) -> dict:
        keys = ("actual_controller_uscc", "actual_controller_id", "legal_representative_id")
        initial = {name: getattr(enterprise, name) for name in ProfileForm.base_fields if name not in keys}
        if enterprise.actual_controller_key.startswith("org:"):
            initial["actual_controller_uscc"] = enterprise.actual_controller_key[4:]
        initial["region"], initial["park"] = enterprise.region_id, enterprise.park_id
        return initial

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        if self.fields["uscc"].disabled:
            data.pop("uscc")
        return data


def _lines(text: str) -> list[list[str]]:
    out = []
    for line in (text or "").splitlines():
        if line.strip():
            out.append([part.strip() for part in line.replace("，", ",").split(",")])
    return out


class PartiesForm(forms.Form):
    """Shareholders and key people, one per line (comma-separated), replaced as a whole. A company holder's
    USCC is shown again; a person's ID number is kept only as a hash, so a person registered with one must be
    given it again (else the line is refused: the related-party checks would silently lose that person)."""

    shareholders = forms.CharField(
        label=_("股东（每行：名称, 持股比例%, 统一社会信用代码或身份证号）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    people = forms.CharField(
        label=_("主要人员（每行：姓名, 职务, 身份证号）"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise

    @staticmethod
    def initial_for(enterprise: Enterprise) -> dict:
        holders = []
        for s in enterprise.shareholders.all():
            code = s.holder_key[4:] if s.holder_key.startswith("org:") else ""
            holders.append(", ".join(filter(None, [s.name, f"{s.share.normalize():f}", code])))
        people = [f"{p.name}, {p.get_role_display()}" for p in enterprise.key_people.all()]
        return {"shareholders": "\n".join(holders), "people": "\n".join(people)}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        holders, people = self.parties()
        keyed_holders = {s.name for s in self.enterprise.shareholders.all() if s.holder_key.startswith("person:")}
        keyed_people = {p.name for p in self.enterprise.key_people.all() if p.person_key}
        for field, rows, keyed in (("shareholders", holders, keyed_holders), ("people", people, keyed_people)):
            for row in rows:
                if row["name"] in keyed and not row.get("id_number") and not row.get("uscc"):
                    message = _("“%(n)s”登记过身份证号（不保存明文），请重新填写") % {"n": row["name"]}
                    self.add_error(field, message)
        return data

    def parties(self) -> tuple[list[dict], list[dict]]:
        holders = []
        for parts in _lines(self.cleaned_data["shareholders"]):
            item = {"name": parts[0], "share": parts[1] if len(parts) > 1 else ""}
            ident = parts[2] if len(parts) > 2 else ""
            item["id_number" if uscc_problem(ident) else "uscc"] = ident
            holders.append(item)
        roles = {str(label): code for code, label in KeyPerson.Role.choices}
        people = []
        for parts in _lines(self.cleaned_data["people"]):
            role = parts[1] if len(parts) > 1 else ""
            people.append(
                {"name": parts[0], "role": roles.get(role, role), "id_number": parts[2] if len(parts) > 2 else ""}
            )
        return holders, people


class FiguresForm(forms.Form):
    year = forms.IntegerField(label=_("年度"))
    source = forms.ChoiceField(label=_("来源"), choices=AnnualFigures.Source.choices)

    def __init__(self, *args, office=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not office:
            self.fields["source"].choices = [(AnnualFigures.Source.SELF, AnnualFigures.Source.SELF.label)]
        for name in (*FIGURE_COUNTS, *FIGURE_MONEY):
            label = AnnualFigures._meta.get_field(name).verbose_name
            self.fields[name] = forms.CharField(label=label, max_length=30, required=name in FIGURE_REQUIRED)


class QualificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("资质"), choices=Qualification.Kind.choices)
    number = forms.CharField(label=_("证书编号/入库登记编号"), max_length=50)
    issued_on = forms.DateField(label=_("认定日期"), widget=_date_input())
    valid_until = forms.DateField(label=_("有效期至（留空按规定计算）"), required=False, widget=_date_input())
    hitech_field = forms.ChoiceField(
        label=_("技术领域（高新技术领域）"), required=False, choices=[("", "—"), *Qualification.Field.choices]
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    evidence = forms.FileField(label=_("证明文件"), required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=300)


class AdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("转到阶段"), choices=Cultivation.Stage.choices)
    batch_year = forms.CharField(label=_("申报批次（年度）"), max_length=4, required=False)
    note = forms.CharField(label=_("说明/未通过原因"), max_length=300, required=False)
    number = forms.CharField(label=_("高企证书编号"), max_length=50, required=False)
    issued_on = forms.CharField(label=_("认定日期"), required=False, widget=_date_input())
    hitech_field = forms.ChoiceField(
        label=_("高新技术领域"), required=False, choices=[("", "—"), *Qualification.Field.choices]
    )

    def __init__(self, *args, stages=None, **kwargs):
        """`stages`: the moves the pipeline allows from the current stage (the page offers only those)."""
        super().__init__(*args, **kwargs)
        if stages is not None:
            labels = dict(Cultivation.Stage.choices)
            self.fields["stage"].choices = [(s, labels[s]) for s in stages]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel（.xlsx）或 CSV 文件"))
