"""好差评: the applicant rates a finished case once (一事一评) — five levels, four dimensions, a comment; the rating
is tied to the case and its department. A bad rating (不满意 or 非常不满意) must be rectified: the department
replies within 15 working days (rectify_due; 国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见,
国办发〔2019〕51号: 差评 are verified, rectified and answered within 15 working days)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from innozone.core import audit, workdays
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed

from ..engine import clock as clock_engine
from ..models import Case, Rating
from ..permissions import cases as permissions
from .cases_base import department_users, event, lock, notify

RECTIFY_DAYS = 15
BAD = 2  # this level and below is a 差评
DIMENSIONS = {
    "efficiency": _l("办事效率"),
    "guide": _l("办事指南清晰"),
    "convenience": _l("便利程度"),
    "usability": _l("系统好用"),
}


def _level_problem(value, field: str) -> dict | None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1 or value > 5:
        return {"field": field, "message": _("评价须为 1 至 5 级")}
    return None


@transaction.atomic
def rating_create(
    *, actor, case: Case, level: int, dimensions: dict | None = None, comment: str = "", now: dt.datetime | None = None
) -> Rating:
    case = lock(case)
    ensure_allowed(permissions.can_rate(actor, case))
    dimensions = dict(dimensions or {})
    comment = str(comment or "").strip()[:2000]
    problems = []
    problem = _level_problem(level, "level")
    if problem:
        problems.append(problem)
    for key in dimensions:
        if key not in DIMENSIONS:
            problems.append({"field": key, "message": _("未知的评价维度：%(k)s") % {"k": key}})
    for key, label in DIMENSIONS.items():
        if key not in dimensions:
            problems.append({"field": key, "message": _("请评价“%(d)s”") % {"d": label}})
        else:
            problem = _level_problem(dimensions[key], key)
            if problem:
                problems.append(problem)
    if not problem and isinstance(level, int) and level <= BAD and not comment:
        problems.append({"field": "comment", "message": _("差评请写明不满意的原因，便于部门整改")})
    if problems:
        raise ValidationFailed(_("评价还不能提交"), detail=problems)
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    due = clock_engine.add_working_days(today, RECTIFY_DAYS, workdays.calendar()) if level <= BAD else None
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                case=case,
                level=level,
                dimensions=dimensions,
                comment=comment,
                department_id=case.item.department_id,
                rated_by=actor,
                rectify_due=due,
            )
    except IntegrityError as exc:
        raise Conflict(_("该办件已评价（一事一评）")) from exc
    Rating.objects.filter(pk=rating.pk).update(rated_at=now)
    rating.rated_at = now
    event(case, "rate", _("申请人评价：%(l)s") % {"l": rating.get_level_display()}, actor=actor, at=now)
    audit.record(
        actor=actor,
        action="onestop.rating.create",
        obj=rating,
        summary=case.number,
        after={"level": level, "dimensions": dimensions},
    )
    if due:
        notify(
            case,
            department_users(case),
            _("收到差评，请在 %(d)s 前整改回复：%(n)s") % {"d": due.isoformat(), "n": case.number},
            comment,
            f"onestop-badrating-{rating.pk}",
        )
    return rating


@transaction.atomic
def rating_reply(*, actor, rating: Rating, reply: str, now: dt.datetime | None = None) -> Rating:
    """The department's reply; for a bad rating it records the rectification (rectified_at)."""
    rating = Rating.objects.select_for_update().select_related("case").get(pk=rating.pk)
    ensure_allowed(permissions.can_reply_rating(actor, rating))
    reply = str(reply or "").strip()[:2000]
    if not reply:
        raise ValidationFailed(detail=[{"field": "reply", "message": _("请填写整改或答复情况")}])
    if rating.rectified_at:
        raise Conflict(_("该评价已答复"))
    now = now or timezone.now()
    rating.reply = reply
    rating.rectified_at = now
    rating.save(update_fields=["reply", "rectified_at"])
    event(rating.case, "rating_reply", _("部门答复评价：%(r)s") % {"r": reply[:300]}, actor=actor, at=now)
    audit.record(
        actor=actor,
        action="onestop.rating.reply",
        obj=rating,
        summary=rating.case.number,
        after={
            "reply": reply,
            "on_time": rating.rectify_due is None or timezone.localtime(now).date() <= rating.rectify_due,
        },
    )
    from innozone.core.models import User

    users = list(User.objects.filter(organization_id=rating.case.applicant_id, is_active=True))
    notify(
        rating.case,
        users,
        _("部门已答复您的评价：%(n)s") % {"n": rating.case.number},
        reply,
        f"onestop-rating-reply-{rating.pk}",
    )
    return rating
