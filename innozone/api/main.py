from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from innozone.core.errors import DomainError

from .approvals import router as approvals_router
from .auth import API_AUTH
from .evaluation import router as evaluation_router
from .ledger import router as ledger_router
from .market import router as market_router
from .plans import router as plans_router
from .vouchers import router as vouchers_router

#: The error answers every operation may give, documented once here rather than on each of ~60 operations:
#: the shared handlers below produce them all in the same `{code, message, detail}` body.
ERROR_RESPONSES = {
    "400": ("malformed body, or text that cannot be stored (NUL, lone surrogates)", lambda op: True),
    "401": ("no session and no valid API token (an expired token too)", lambda op: True),
    "403": ("the role, the organization or a read-only token may not do this", lambda op: True),
    "404": ("no such object (in the path or named in the body), or not one you may see", lambda op: True),
    "409": (
        "the object is not in a state that allows this, or the Idempotency-Key's first request is still "
        "at work (with Retry-After)",
        lambda op: op.get("_method") != "get",
    ),
    "413": ("the request body is larger than the server accepts", lambda op: "requestBody" in op),
    "422": ("invalid input: every problem is listed in `detail`", lambda op: True),
}

ERROR_SCHEMA = {
    "title": "ApiError",
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "detail": {"type": "array", "items": {}},
    },
    "required": ["code", "message", "detail"],
}


class InnoZoneAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = ERROR_SCHEMA
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
        for operations in document["paths"].values():
            for method, operation in operations.items():
                probe = {**operation, "_method": method}
                # ninja keys the responses an operation declares by int: one key per code, as text
                responses = {str(code): body for code, body in operation.get("responses", {}).items()}
                for status, (description, applies) in ERROR_RESPONSES.items():
                    if status not in responses and applies(probe):
                        responses[status] = {"description": description, "content": error}
                operation["responses"] = responses
        return document


api = InnoZoneAPI(
    title="InnoZone API",
    version="1",
    description="兰白自创区创新管理平台 REST API. Errors are `{code, message, detail}`.",
    auth=API_AUTH,
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    response = api.create_response(request, exc.as_dict(), status=exc.http_status)
    if getattr(exc, "retry_after", None):  # e.g. an Idempotency-Key whose first request is still at work
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    detail = [{"field": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors]
    body = {"code": "invalid", "message": "请求数据格式有误 / invalid request", "detail": detail}
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    body = {
        "code": "unauthenticated",
        "message": "需要登录或有效的 API 令牌 / authentication required",
        "detail": [],
    }
    return api.create_response(request, body, status=401)


# ninja's own refusals (a session call without its CSRF token, a body that is not JSON) in the documented body
HTTP_ERROR_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 429: "throttled"}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if exc.status_code == 403 and "csrf" in exc.message.lower():
        body = {"code": "csrf_failed", "message": "CSRF 校验失败，请刷新页面后重试 / CSRF check failed", "detail": []}
    else:
        body = {"code": HTTP_ERROR_CODES.get(exc.status_code, "error"), "message": exc.message, "detail": []}
    return api.create_response(request, body, status=exc.status_code)


api.add_router("/plans", plans_router)
api.add_router("/evaluation", evaluation_router)
api.add_router("/approvals", approvals_router)
api.add_router("/ledger", ledger_router)
api.add_router("/vouchers", vouchers_router)
api.add_router("/market", market_router)
api.add_router("/enterprises", "innozone.api.enterprises.router")
api.add_router("/talent", "innozone.api.talent.router")
api.add_router("/platforms", "innozone.api.platforms.router")
api.add_router("/carriers", "innozone.api.carriers.router")
api.add_router("/funds", "innozone.api.funds.router")
api.add_router("/finance", "innozone.api.finance.router")
api.add_router("/policies", "innozone.api.policies.router")
api.add_router("/onestop", "innozone.api.onestop.router")
api.add_router("/investment", "innozone.api.investment.router")
api.add_router("/ip", "innozone.api.ip.router")
api.add_router("/cooperation", "innozone.api.cooperation.router")
