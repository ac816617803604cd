"""Error pages: the API's paths answer in the API's documented `{code, message, detail}` body, pages in HTML."""

from django.http import JsonResponse
from django.views.defaults import page_not_found

from ..middleware import API_PREFIX


def not_found(request, exception=None):
    """A path under /api/ that no operation matches (e.g. `/api/plans/abc`) is a JSON 404 like any other."""
    if request.path.startswith(API_PREFIX):
        body = {"code": "not_found", "message": "没有这个接口或对象 / not found", "detail": []}
        return JsonResponse(body, status=404)
    return page_not_found(request, exception)
