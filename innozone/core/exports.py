from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font


def audit_workbook(events) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("审计记录")
    ws.append([_("时间"), _("操作人"), _("单位"), _("操作"), _("对象"), _("摘要"), _("变更前"), _("变更后")])
    for c in ws[1]:
        c.font = Font(bold=True)
    for e in events:
        ws.append(
            [
                e.at.strftime("%Y-%m-%d %H:%M:%S"),
                str(e.actor or ""),
                str(e.organization or ""),
                e.action,
                f"{e.object_type}#{e.object_id}",
                e.summary,
                str(e.before or ""),
                str(e.after or ""),
            ]
        )
    for col, width in zip("ABCDEFGH", [20, 16, 24, 22, 18, 40, 40, 40], strict=True):
        ws.column_dimensions[col].width = width
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
