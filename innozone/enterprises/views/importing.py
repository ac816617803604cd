"""The office's bulk import: upload a workbook (or CSV), check it without saving (every bad row listed with
its sheet and row), then import it — all or nothing — and the template workbook to fill."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innozone.core.errors import DomainError
from innozone.core.web import domain_view, require, xlsx_response

from .. import exports, services
from ..forms import ImportForm
from ..permissions import can_import

SESSION_KEY = "enterprises_import"
#: a checked file is kept in the session for the confirmation up to this size (larger: upload it again)
KEEP_BYTES = 5 * 1024 * 1024
SHEET_LABELS = {"enterprises": gettext_lazy("企业"), "figures": gettext_lazy("年度数据")}


def _run(user, data: bytes, name: str, *, dry_run: bool) -> dict:
    return services.enterprises_import(actor=user, sheets=services.read_workbook(data, name), dry_run=dry_run)


def _problems(error: DomainError) -> list[dict]:
    rows = []
    for item in error.detail:
        sheet = item.get("sheet", "")
        rows.append({**item, "sheet_label": SHEET_LABELS.get(sheet, sheet)})
    return rows


@login_required
@domain_view
def import_page(request):
    user = request.user
    require(can_import(user))
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "problems": None, "preview": None, "error": None}
    action = request.POST.get("action", "check")
    if request.method == "POST" and action == "confirm":
        kept = request.session.pop(SESSION_KEY, None)
        if kept is None:
            messages.error(request, _("请重新上传文件"))
            return redirect("enterprises:import")
        data, name = base64.b64decode(kept["data"]), kept["name"]
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, name = upload.read(), upload.name
    else:
        return render(request, "enterprises/import.html", context)
    dry_run = action == "check"
    try:
        result = _run(user, data, name, dry_run=dry_run)
    except DomainError as e:
        context.update(error=str(e.message), problems=_problems(e))
        return render(request, "enterprises/import.html", context)
    if not dry_run:
        messages.success(
            request,
            _("已导入：新增企业 %(c)s 家，更新 %(u)s 家，年度数据 %(f)s 条")
            % {"c": result["created"], "u": result["updated"], "f": result["figures"]},
        )
        return redirect("enterprises:list")
    if len(data) <= KEEP_BYTES:
        request.session[SESSION_KEY] = {"data": base64.b64encode(data).decode(), "name": name}
    context.update(preview=result, kept=len(data) <= KEEP_BYTES, name=name)
    return render(request, "enterprises/import.html", context)


@login_required
@domain_view
def import_template(request):
    require(can_import(request.user))
    return xlsx_response(exports.import_template(), "enterprises-import-template.xlsx")
