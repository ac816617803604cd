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

api = NinjaAPI(
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
