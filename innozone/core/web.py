"""Glue for thin views: domain errors become 403/404 pages, form errors or messages."""

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from .errors import Forbidden, NotFound


def domain_view(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Forbidden as e:
            raise PermissionDenied(str(e.message)) from e
        except NotFound as e:
            raise Http404(str(e.message)) from e

    return wrapper


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """An Excel workbook as a download."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def require(check) -> None:
    """Turn a permission check's (allowed, reason) into a 403 page showing the reason."""
    allowed, reason = check
    if not allowed:
        raise PermissionDenied(str(reason))


def flash_error(request, error) -> None:
    """A refused action on a page without a form: the message and every detail as one error message."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    details = _("；").join(str(d.get("message", "")) for d in error.detail)
    messages.error(request, f"{error.message} {details}".strip())


def add_errors_to_form(form, error) -> None:
    for item in error.detail:
        field = item.get("field")
        if field not in form.fields:
            field = None
        form.add_error(field, item["message"])
    if not error.detail:
        form.add_error(None, str(error.message))


def decide_from_post(
    request,
    decide,
    *,
    success=None,
    decision_field: str = "decision",
    approve_value: str = "approve",
    note_field: str = "note",
    note_kw: str = "note",
    **kwargs,
) -> bool:
    """The one approve/reject POST handler: `decide(actor=…, approve=…, <note_kw>=…, **kwargs)` from the
    form's decision and note fields; a refusal becomes an error message, success an optional message.
    Returns whether the decision was taken; the view redirects either way."""
    from django.contrib import messages

    from .errors import DomainError

    try:
        decide(
            actor=request.user,
            approve=request.POST.get(decision_field) == approve_value,
            **{note_kw: request.POST.get(note_field, "")},
            **kwargs,
        )
    except DomainError as e:
        flash_error(request, e)
        return False
    if success:
        messages.success(request, success)
    return True
