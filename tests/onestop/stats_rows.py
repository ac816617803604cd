"""Hand-built one-stop rows for the statistics tests (test_stats_*.py): two departments' items, cases in
March–May 2026 and ratings, with every figure the tests expect worked out in the comments."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from innozone.core.models import Organization
from innozone.onestop.models import Case, ClockPause, Correction, Rating, ServiceItem

KJT = "甘肃省科学技术厅"
KJJ = "兰州市科学技术局"
APPLICANT = "甘肃陇原新材料科技有限公司"
TODAY = dt.date(2026, 6, 1)


def at(y, m, d, hh=10, mm=0) -> dt.datetime:
    """A moment in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


def build() -> dict:
    kjt = Organization.objects.get(name=KJT)
    kjj = Organization.objects.get(name=KJJ)
    applicant = Organization.objects.get(name=APPLICANT)
    a = ServiceItem.objects.create(
        code="T-STATS-QR-1",
        name="统计测试确认事项",
        type="QR",
        department=kjt,
        statutory_days=20,
        promised_days=10,
        extension_days=10,
        status="published",
    )
    b = ServiceItem.objects.create(
        code="T-STATS-XK-1",
        name="统计测试许可事项",
        type="XK",
        department=kjj,
        clock="licence",
        statutory_days=20,
        promised_days=15,
        status="published",
    )
    n = iter(range(1, 100))

    def case(item, submitted, **kw):
        return Case.objects.create(
            number=f"TS2026-{next(n):06d}",
            item=item,
            applicant=applicant,
            title=item.name,
            submitted_at=submitted,
            **kw,
        )

    # 1 — kjt, March: 容缺, accepted 3 March, approved 10 March in 5 working days (limit 10): on time
    c1 = case(
        a,
        at(2026, 3, 2),
        status="approved",
        accepted_at=at(2026, 3, 3),
        deferred=True,
        limit_days=10,
        decided_at=at(2026, 3, 10),
        used_days=5,
    )
    # 2 — kjt, March: 补正 first, accepted 9 March, denied 20 April after 12 days (limit 10): late, within
    #     the statutory 20, over the promised 10
    c2 = case(
        a,
        at(2026, 3, 5),
        status="denied",
        accepted_at=at(2026, 3, 9),
        limit_days=10,
        decided_at=at(2026, 4, 20),
        used_days=12,
    )
    Correction.objects.create(
        case=c2, items=[{"material": "营业执照", "problem": "不清晰"}], answered_at=at(2026, 3, 8)
    )
    # 3 — kjt, March (31 March 23:30 in Shanghai = 15:30 UTC): refused
    case(a, at(2026, 3, 31, 23, 30), status="refused", refusal_reason="不属于受理范围")
    # 4 — kjj, April (1 April 00:30 in Shanghai = 31 March UTC): accepted 2 April, 15 days → due 24 April,
    #     still open on 1 June: overdue in April
    c4 = case(
        b,
        at(2026, 4, 1, 0, 30),
        status="accepted",
        accepted_at=at(2026, 4, 2),
        limit_days=15,
        due_on=dt.date(2026, 4, 24),
    )
    # 5 — kjj, May: accepted 6 May, approved 8 May; used days not recorded: the clock counts 2 (7, 8 May)
    c5 = case(
        b,
        at(2026, 5, 6, 9),
        status="approved",
        accepted_at=at(2026, 5, 6, 11),
        limit_days=15,
        decided_at=at(2026, 5, 8),
    )
    # 6 — kjt, 2025: outside the year
    case(
        a,
        at(2025, 12, 30),
        status="approved",
        accepted_at=at(2025, 12, 30),
        limit_days=10,
        decided_at=at(2025, 12, 31),
        used_days=1,
    )

    def rate(c, level, rated, **kw):
        r = Rating.objects.create(case=c, level=level, department=c.item.department, **kw)
        Rating.objects.filter(pk=r.pk).update(rated_at=rated)
        return r

    # kjt: a 5 in March; a 2 in April rectified on 10 May, due 15 May: on time
    rate(c1, 5, at(2026, 3, 11))
    rate(c2, 2, at(2026, 4, 21), rectify_due=dt.date(2026, 5, 15), rectified_at=at(2026, 5, 10), reply="已整改")
    # kjj: a 1 in May due 20 May, not rectified by 1 June
    rate(c5, 1, at(2026, 5, 9), rectify_due=dt.date(2026, 5, 20))
    return {"kjt": kjt, "kjj": kjj, "a": a, "b": b, "cases": [c1, c2, None, c4, c5]}


def pause(case, started, ended=None):
    return ClockPause.objects.create(case=case, reason="expert", started_on=started, ended_on=ended)
