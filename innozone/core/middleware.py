"""Request checks that run before any view: a password the office set must be changed first, and input no
view should ever see is refused in one place.

Text with a NUL character or a lone UTF-16 surrogate (`\\u0000`, `\\ud800` in JSON, `%00` in a form or a
query string) can be stored by no column: PostgreSQL refuses NUL in text and any database driver fails to
encode a surrogate, so each would be a 500 after the view has done half its work. No person types either,
so rather than a rule in every form, schema and service, this middleware answers 400 before the view runs.
A body over `DATA_UPLOAD_MAX_MEMORY_SIZE` (Django's `RequestDataTooBig`) answers 413. API requests get the
API's `{code, message, detail}` body; pages a short HTML page with the same message.
"""

from __future__ import annotations

import json

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _unstorable(text: str) -> bool:
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _bad_in_json(value, path: str = "") -> str | None:
    """The dotted path of the first string (key or value) that cannot be stored, or None."""
    if isinstance(value, str):
        return path or "body" if _unstorable(value) else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        where = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and _unstorable(key):
            return where
        found = _bad_in_json(item, where)
        if found:
            return found
    return None


def _bad_in_query(query) -> str | None:
    for key, values in query.lists():
        if _unstorable(key) or any(_unstorable(v) for v in values):
            return key
    return None


def unstorable_field(request) -> str | None:
    """The field of the request (query string, form or JSON body) holding unstorable text, or None."""
    found = _bad_in_query(request.GET)
    if found or request.method not in ("POST", "PUT", "PATCH"):
        return found
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return _bad_in_query(request.POST)
    if content_type.endswith("json"):
        body = request.body
        if b"\\u" not in body:  # NUL and surrogates can only arrive escaped: valid JSON has neither raw
            return None
        try:
            return _bad_in_json(json.loads(body))
        except (ValueError, RecursionError):
            return None  # not JSON (or nested beyond reason): the API answers that itself
    return None


def _refusal(request, status: int, code: str, message: str, detail: list) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"code": code, "message": message, "detail": detail}, status=status)
    back = _("请返回上一页修改后重试")
    page = format_html("<!doctype html><title>{}</title><h1>{}</h1><p>{}</p>", status, message, back)
    return HttpResponse(page, status=status)


class HostileInputMiddleware:
    """Refuses unstorable text (400 `invalid_text`) and oversized bodies (413 `too_large`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            field = unstorable_field(request)
        except (RequestDataTooBig, TooManyFieldsSent):
            return _refusal(request, 413, "too_large", _("提交的数据过大"), [])
        except MultiPartParserError:  # e.g. multipart/form-data without its boundary
            return _refusal(request, 400, "bad_request", _("提交的表单数据格式有误"), [])
        if field is not None:
            message = _("文本含有无法保存的字符（如 NUL 或孤立的代理字符）")
            return _refusal(request, 400, "invalid_text", message, [{"field": field, "message": message}])
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A signed-in user whose password the office set (`must_change_password`) sees only the password change
    page (and may sign out) until they choose their own; the API and static files are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse("password_change"), reverse("logout"), reverse("set_language")}
            if request.path not in allowed and not request.path.startswith((API_PREFIX, "/static/", "/media/")):
                return redirect("password_change")
        return self.get_response(request)
