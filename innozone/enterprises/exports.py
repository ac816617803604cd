"""Workbooks of the registry: the filtered list, and the import template (the two sheets `read_workbook`
reads, row 1 = the column codes; a third sheet 说明 — which the import ignores — gives each code's meaning)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.comments import Comment
from openpyxl.styles import Font

from innozone.core.exports import new_workbook, workbook_bytes

from .models import AnnualFigures
from .services.importing import FIGURE_COLUMNS, PROFILE_COLUMNS
from .services.validation import FIGURE_REQUIRED


def _bold_header(ws) -> None:
    for cell in ws[1]:
        cell.font = Font(bold=True)


def registry_workbook(enterprises) -> bytes:
    """One row per entry, as the list shows it (registered capital in yuan as a number)."""
    wb = new_workbook()
    ws = wb.active
    ws.title = _("企业库")
    ws.append(
        [
            _("统一社会信用代码"),
            _("名称"),
            _("主体类型"),
            _("所在地区"),
            _("所在园区"),
            _("技术领域"),
            _("企业规模"),
            _("国民经济行业代码"),
            _("成立日期"),
            _("注册资本（元）"),
            _("法定代表人"),
            _("有效资质"),
            _("培育阶段"),
        ]
    )
    _bold_header(ws)
    for e in enterprises:
        cultivation = getattr(e, "cultivation", None)
        ws.append(
            [
                e.uscc,
                e.name,
                e.get_kind_display(),
                e.region.name,
                e.park.name if e.park else "",
                e.field,
                e.get_size_display(),
                e.industry_code,
                e.registered_on,
                e.registered_capital,
                e.legal_representative,
                "、".join(q.get_kind_display() for q in e.qualifications.all()),
                cultivation.get_stage_display() if cultivation else "",
            ]
        )
    for col, width in zip("ABCDEFGHIJKLM", [22, 36, 10, 14, 20, 14, 8, 10, 12, 16, 10, 30, 12], strict=True):
        ws.column_dimensions[col].width = width
    return workbook_bytes(wb)


PROFILE_LABELS = {
    "uscc": gettext_lazy("统一社会信用代码（必填）"),
    "name": gettext_lazy("名称（必填）"),
    "kind": gettext_lazy("主体类型：企业/高校/科研院所/其他机构"),
    "region": gettext_lazy("所在地区（必填，如 城关区）"),
    "park": gettext_lazy("所在园区（如 兰州高新区）"),
    "legal_representative": gettext_lazy("法定代表人"),
    "registered_on": gettext_lazy("成立日期 YYYY-MM-DD"),
    "registered_capital": gettext_lazy("注册资本（元）"),
    "industry_code": gettext_lazy("国民经济行业代码，如 C3562"),
    "industry_name": gettext_lazy("行业名称"),
    "field": gettext_lazy("技术领域"),
    "ownership": gettext_lazy("登记注册类型"),
    "listed": gettext_lazy("上市企业：是/否"),
    "stock_code": gettext_lazy("股票代码"),
    "address": gettext_lazy("地址"),
    "contact_name": gettext_lazy("联系人"),
    "contact_phone": gettext_lazy("联系电话"),
    "contact_email": gettext_lazy("电子邮箱"),
    "actual_controller": gettext_lazy("实际控制人"),
    "actual_controller_uscc": gettext_lazy("实际控制人统一社会信用代码（单位）"),
}


def _figure_label(code: str) -> str:
    if code == "uscc":
        return str(PROFILE_LABELS["uscc"])
    if code == "source":
        return _("来源：企业自报/统计部门/税务部门（留空为企业自报）")
    label = str(AnnualFigures._meta.get_field(code).verbose_name)
    return label + (_("（必填）") if code in FIGURE_REQUIRED or code == "year" else "")


def import_template() -> bytes:
    """The workbook to fill for an import: sheets 企业 and 年度数据 with the column codes on row 1 (each code's
    meaning as a cell comment), and a 说明 sheet listing every code with its meaning."""
    wb = new_workbook()
    people = wb.active
    people.title = "企业"  # the names read_workbook looks for (also "enterprises" / "figures")
    people.append(PROFILE_COLUMNS)
    figures = wb.create_sheet("年度数据")
    figures.append(FIGURE_COLUMNS)
    notes = wb.create_sheet("说明")
    notes.append([_("工作表"), _("列代码"), _("含义")])
    for ws, labels in (
        (people, {c: str(PROFILE_LABELS[c]) for c in PROFILE_COLUMNS}),
        (figures, {c: _figure_label(c) for c in FIGURE_COLUMNS}),
    ):
        _bold_header(ws)
        for cell in ws[1]:
            cell.comment = Comment(labels[cell.value], "InnoZone")
            ws.column_dimensions[cell.column_letter].width = max(12, len(cell.value) + 4)
            notes.append([ws.title, cell.value, labels[cell.value]])
    notes.append([])
    notes.append([_("第 1 行为列代码，请勿修改；从第 2 行起每行一条。金额单位为元。任何一行有误则整个文件不导入。")])
    _bold_header(notes)
    notes.column_dimensions["B"].width = 24
    notes.column_dimensions["C"].width = 50
    return workbook_bytes(wb)
