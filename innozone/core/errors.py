"""Domain errors: a stable code, a translatable message and, for bulk input, every problem found.

Views turn them into form errors or messages, the API into `{code, message, detail}` bodies,
commands into a non-zero exit status.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    http_status = 400
    default_message = _("操作失败")

    def __init__(self, message=None, *, detail=None, code: str | None = None):
        self.message = message or self.default_message
        self.detail = detail or []
        if code:
            self.code = code
        super().__init__(str(self.message))

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message), "detail": self.detail}


class Forbidden(DomainError):
    code = "forbidden"
    http_status = 403
    default_message = _("您没有权限执行此操作")


class NotFound(DomainError):
    code = "not_found"
    http_status = 404
    default_message = _("对象不存在或您无权查看")


class ValidationFailed(DomainError):
    """Input was refused. `detail` lists every problem: {"field": …, "row": …, "message": …}."""

    code = "invalid"
    http_status = 422
    default_message = _("提交的数据有误，请修改后重试")


class Conflict(DomainError):
    code = "conflict"
    http_status = 409
    default_message = _("当前状态不允许此操作")


def ensure_allowed(check) -> None:
    """Services' permission gate: a check's (allowed, reason) becomes Forbidden carrying the reason."""
    allowed, reason = check
    if not allowed:
        raise Forbidden(reason)
