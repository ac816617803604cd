"""Workbooks of the talent pool and the expert pool. ID numbers are never exported in clear: the office's
export may carry the masked number, nobody else's carries any."""

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from innozone.core.exports import new_workbook, workbook_bytes

from . import identity


def _header(ws, titles) -> None:
    ws.append(titles)
    for cell in ws[1]:
        cell.font = Font(bold=True)


def people_workbook(people, *, masked_id: bool = False) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = _("人才库")
    titles = [_("姓名"), _("性别"), _("出生年份"), _("学历"), _("职称"), _("专业领域"), _("工作单位"), _("所在地区")]
    titles += [_("人才称号"), _("国籍"), _("外国人工作许可证号"), _("工作许可有效期至")]
    if masked_id:
        titles.append(_("身份证号码（脱敏）"))
    _header(ws, titles)
    for p in people:
        row = [
            p.name,
            p.get_gender_display(),
            p.birth_year,
            p.get_education_display(),
            p.get_title_display(),
            p.field,
            p.employer.name if p.employer_id else "",
            p.region.name if p.region_id else "",
            "、".join(f"{r.honour.name}{f'（{r.year}）' if r.year else ''}" for r in p.honour_rows.all()),
            p.nationality,
            p.work_permit_no,
            p.work_permit_until,
        ]
        if masked_id:
            row.append(identity.id_number_masked(p))
        ws.append(row)
    return workbook_bytes(wb)


def experts_workbook(experts, credits: dict | None = None) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = _("专家库")
    titles = [_("姓名"), _("专家类别"), _("职称"), _("工作单位"), _("所在地区"), _("评审领域"), _("可参加评审")]
    titles += [_("状态"), _("信用分")]
    _header(ws, titles)
    credits = credits or {}
    for e in experts:
        ws.append(
            [
                e.name,
                e.get_kind_display(),
                e.get_title_display(),
                e.organization_name,
                e.region.name if e.region_id else "",
                "、".join(f.name for f in e.fields.all()),
                _("是") if e.available else _("否"),
                e.get_status_display(),
                credits.get(e.pk, ""),
            ]
        )
    return workbook_bytes(wb)
