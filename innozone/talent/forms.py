"""Forms of the talent and expert pool pages. They only shape the input: the rules are the services'
(their ValidationFailed comes back on these forms through `core.web.add_errors_to_form`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Region

from .models import CommitteeMember, Expert, Honour, Introduction, Person, Relation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _regions(region_ids=None):
    qs = Region.objects.exclude(kind__in=["province", "zone"]).order_by("code")
    return qs if region_ids is None else qs.filter(pk__in=region_ids)


def _choices(blank, choices):
    return [("", blank), *choices]


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("姓名或单位"), required=False, max_length=100)
    field = forms.ChoiceField(label=_("专业领域"), required=False)
    honour = forms.ModelChoiceField(
        label=_("人才称号"), required=False, queryset=Honour.objects.none(), empty_label=_("全部称号")
    )
    region = forms.ModelChoiceField(
        label=_("地区"), required=False, queryset=Region.objects.none(), empty_label=_("全部地区")
    )
    young = forms.BooleanField(label=_("仅青年人才"), required=False)
    foreign = forms.BooleanField(label=_("仅外籍专家"), required=False)
    permit_expiring = forms.BooleanField(label=_("工作许可 90 天内到期"), required=False)

    def __init__(self, *args, fields=(), honours=None, region_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = _choices(_("全部领域"), [(f, f) for f in fields])
        self.fields["honour"].queryset = honours if honours is not None else Honour.objects.all()
        self.fields["region"].queryset = _regions(region_ids)

    def filters(self) -> dict:
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return {
            "q": d.get("q") or "",
            "field": d.get("field") or "",
            "honour": d["honour"].pk if d.get("honour") else None,
            "region": d["region"].pk if d.get("region") else None,
            "young": bool(d.get("young")),
            "foreign": bool(d.get("foreign")),
            "permit_expiring": bool(d.get("permit_expiring")),
        }


class PersonForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Person.Gender.choices)
    birth_year = forms.IntegerField(label=_("出生年份"))
    education = forms.ChoiceField(label=_("学历"), choices=Person.Education.choices)
    title = forms.ChoiceField(label=_("职称"), choices=Person.Title.choices)
    field = forms.CharField(label=_("专业领域"), max_length=30)
    employer = forms.ModelChoiceField(label=_("工作单位"), queryset=None, required=False, empty_label=_("（无）"))
    region = forms.ModelChoiceField(label=_("所在地区"), queryset=None, required=False, empty_label=_("（同工作单位）"))
    honours = forms.ModelMultipleChoiceField(
        label=_("人才称号"), queryset=Honour.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    honour_year = forms.IntegerField(label=_("入选年度（新增称号）"), required=False)
    id_number = forms.CharField(label=_("身份证号码"), max_length=30, required=False)
    nationality = forms.CharField(
        label=_("国籍"), max_length=2, initial="CN", help_text=_("两位字母的国家代码（ISO 3166-1），外籍专家填写其国籍")
    )
    work_permit_no = forms.CharField(label=_("外国人工作许可证号"), max_length=30, required=False)
    work_permit_until = forms.DateField(label=_("工作许可有效期至"), widget=DATE, required=False)

    def __init__(self, *args, employers, honours, new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["region"].queryset = _regions()
        self.fields["honours"].queryset = honours
        self.fields["id_number"].required = False
        if new:
            self.fields["id_number"].help_text = _("中国籍人员必填")
        if not new:
            self.fields["id_number"].help_text = _("留空表示不修改")

    def data_for_service(self, years: dict | None = None) -> dict:
        d = self.cleaned_data
        years = years or {}
        honours = [(h.pk, years.get(h.pk, d.get("honour_year"))) for h in d.get("honours") or []]
        out = {
            k: d.get(k)
            for k in (
                "name",
                "gender",
                "birth_year",
                "education",
                "title",
                "field",
                "employer",
                "region",
                "nationality",
                "work_permit_no",
                "work_permit_until",
            )
        }
        out["honours"] = honours
        if d.get("id_number"):
            out["id_number"] = d["id_number"]
        return out


class IntroductionForm(forms.Form):
    host = forms.ModelChoiceField(label=_("引进单位"), queryset=None)
    mode = forms.ChoiceField(label=_("引进方式"), choices=Introduction.Mode.choices)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE, required=False)
    project = forms.CharField(label=_("合作项目/内容"), max_length=200, required=False)

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts


class ExpertSearchForm(forms.Form):
    q = forms.CharField(label=_("姓名或单位"), required=False, max_length=100)
    field = forms.ModelChoiceField(label=_("评审领域"), required=False, queryset=None, empty_label=_("全部领域"))
    kind = forms.ChoiceField(label=_("专家类别"), required=False, choices=_choices(_("全部类别"), Expert.Kind.choices))
    region = forms.ModelChoiceField(label=_("地区"), required=False, queryset=None, empty_label=_("全部地区"))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_choices(_("全部状态"), Expert.Status.choices))
    available = forms.ChoiceField(
        label=_("可参加评审"), required=False, choices=[("", _("不限")), ("1", _("是")), ("0", _("否"))]
    )

    def __init__(self, *args, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = fields
        self.fields["region"].queryset = _regions()

    def filters(self) -> dict:
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        available = d.get("available")
        return {
            "q": d.get("q") or "",
            "field": d["field"].pk if d.get("field") else None,
            "kind": d.get("kind") or "",
            "region": d["region"].pk if d.get("region") else None,
            "status": d.get("status") or "",
            "available": None if available in (None, "") else available == "1",
        }


class ExpertForm(forms.Form):
    person = forms.IntegerField(label=_("人才库人员编号"), required=False, help_text=_("从人才库选入时填写"))
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    kind = forms.ChoiceField(label=_("专家类别"), choices=Expert.Kind.choices)
    title = forms.ChoiceField(label=_("职称"), choices=Person.Title.choices)
    employer = forms.ModelChoiceField(label=_("工作单位"), queryset=None, required=False, empty_label=_("（库外单位）"))
    employer_name = forms.CharField(label=_("工作单位（库外）"), max_length=200, required=False)
    region = forms.ModelChoiceField(label=_("所在地区"), queryset=None, required=False)
    fields = forms.ModelMultipleChoiceField(label=_("评审领域"), queryset=None, widget=forms.CheckboxSelectMultiple)
    available = forms.BooleanField(label=_("可参加评审"), required=False, initial=True)
    unavailable_until = forms.DateField(label=_("暂不可参加至"), widget=DATE, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def __init__(self, *args, employers, fields, new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["region"].queryset = _regions()
        self.fields["fields"].queryset = fields
        if not new:
            del self.fields["person"]

    def data_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        d["fields"] = [f.pk for f in d.get("fields") or []]
        return {k: v for k, v in d.items() if not (k == "person" and v is None)}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=Expert.Status.choices)
    reason = forms.CharField(label=_("理由"), max_length=300, required=False)


class AvailabilityForm(forms.Form):
    available = forms.BooleanField(label=_("可参加评审"), required=False)
    unavailable_until = forms.DateField(label=_("暂不可参加至"), widget=DATE, required=False)


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("关系"), choices=Relation.Kind.choices)
    organization = forms.ModelChoiceField(
        label=_("相关单位"), queryset=None, required=False, empty_label=_("（库外单位或个人）")
    )
    organization_name = forms.CharField(label=_("相关单位（库外）"), max_length=200, required=False)
    person_name = forms.CharField(label=_("相关人员"), max_length=50, required=False)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE, required=False, help_text=_("留空表示至今"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class CommitteeMemberForm(forms.Form):
    expert = forms.IntegerField(label=_("专家编号"))
    role = forms.ChoiceField(label=_("职务"), choices=CommitteeMember.Role.choices)
    term_start = forms.DateField(label=_("任期起始"), widget=DATE, required=False)
    term_end = forms.DateField(label=_("任期届满"), widget=DATE, required=False)
