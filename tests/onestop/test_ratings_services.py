"""好差评: once per finished case, by the applicant; five levels and four dimensions; a bad rating needs its reason
and is rectified within 15 working days by the rated department."""

from __future__ import annotations

import datetime as dt

import pytest
from chinese_calendar import is_workday

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.onestop.engine import clock
from innozone.onestop.models import Rating
from innozone.onestop.selectors import ratings as selectors
from innozone.onestop.services import cases as services
from innozone.onestop.services import cases_handling as handling
from innozone.onestop.services.ratings import rating_create, rating_reply

from .cases_world import at, make_item, submit, user

GOOD = {"efficiency": 5, "guide": 4, "convenience": 5, "usability": 4}


def _finished():
    case = submit(make_item(), now=at(2026, 3, 2))
    services.case_accept(actor=user("kjt"), case=case, now=at(2026, 3, 2))
    handling.case_decide(actor=user("kjt"), case=case, approve=True, now=at(2026, 3, 5))
    case.refresh_from_db()
    return case


def test_only_a_finished_case_is_rated(policy_world):
    case = submit(make_item())
    with pytest.raises(Forbidden):
        rating_create(actor=user("enterprise"), case=case, level=5, dimensions=GOOD)


def test_only_the_applicant_rates_and_only_once(policy_world):
    case = _finished()
    with pytest.raises(Forbidden):
        rating_create(actor=user("kjt"), case=case, level=5, dimensions=GOOD)
    rating = rating_create(actor=user("enterprise"), case=case, level=5, dimensions=GOOD)
    assert rating.department.name == "甘肃省科学技术厅" and rating.rectify_due is None
    case.refresh_from_db()
    with pytest.raises(Forbidden):
        rating_create(actor=user("enterprise"), case=case, level=4, dimensions=GOOD)
    assert Rating.objects.filter(case=case).count() == 1


def test_levels_and_dimensions_are_checked(policy_world):
    case = _finished()
    with pytest.raises(ValidationFailed) as e:
        rating_create(actor=user("enterprise"), case=case, level=6, dimensions={"efficiency": 0, "speed": 3})
    fields = {d["field"] for d in e.value.detail}
    assert {"level", "efficiency", "speed", "guide", "convenience", "usability"} <= fields
    assert not Rating.objects.filter(case=case).exists()


def test_bad_rating_needs_a_reason_and_gets_fifteen_working_days(policy_world):
    case = _finished()
    with pytest.raises(ValidationFailed):
        rating_create(actor=user("enterprise"), case=case, level=2, dimensions=GOOD, comment="")
    rating = rating_create(
        actor=user("enterprise"), case=case, level=2, dimensions=GOOD, comment="等待太久", now=at(2026, 9, 25)
    )
    # across National Day 2026 (1–7 October off, make-up days 20 September and 10 October)
    assert rating.rectify_due == clock.add_working_days(dt.date(2026, 9, 25), 15, is_workday)
    assert rating.rectify_due == dt.date(2026, 10, 22)  # 28–30 Sep, 8–10 Oct (Sat worked), 12–22 Oct
    with pytest.raises(Forbidden):
        rating_reply(actor=user("kjj"), rating=rating, reply="x")
    with pytest.raises(ValidationFailed):
        rating_reply(actor=user("kjt"), rating=rating, reply="")
    rating_reply(actor=user("kjt"), rating=rating, reply="已优化流程并回访企业", now=at(2026, 10, 9))
    rating.refresh_from_db()
    assert rating.rectified_at is not None
    with pytest.raises(Conflict):
        rating_reply(actor=user("kjt"), rating=rating, reply="again")
    summary = selectors.summary(selectors.ratings_for(user("office")))
    assert summary["bad"] == 1 and summary["rectified"] == 1 and summary["on_time"] == 1
    assert list(selectors.ratings_for(user("kjj"))) == []
