"""/api/market instrument bookings: overlap refused with 409, bad bookings with 422, naive times."""

import datetime as dt

from django.utils import timezone

from innozone.market.models import Booking, Listing
from innozone.vouchers.models import Voucher

from .api_calls import COATING, LONGYUAN, _at, _error, _ok, _sem


def _booking_body(start, end, purpose="形貌观察", **over):
    return {"start": start.isoformat(), "end": end.isoformat(), "purpose": purpose, "samples": 2, **over}


def test_booking_and_decision_refuse_an_overlap_with_409(api, people):
    sem = _sem()
    first = _ok(
        api.as_user(people["enterprise"]).post(
            f"/api/market/listings/{sem.pk}/bookings", _booking_body(_at(7, 9), _at(7, 12))
        ),
        201,
    )
    assert set(first) == {"id", "status"} and first["status"] == "requested"
    second = _ok(
        api.as_user(people["enterprise2"]).post(
            f"/api/market/listings/{sem.pk}/bookings", _booking_body(_at(7, 11), _at(7, 13))
        ),
        201,
    )
    # only the owner decides
    _error(api.as_user(people["enterprise"]).post(f"/api/market/bookings/{first['id']}/decide", {"approve": True}), 403)
    _error(api.as_user(people["provider2"]).post(f"/api/market/bookings/{first['id']}/decide", {"approve": True}), 403)

    api.as_user(people["provider"])
    assert _ok(api.post(f"/api/market/bookings/{first['id']}/decide", {"approve": True})) == {
        "id": first["id"],
        "status": "approved",
    }
    body = _error(api.post(f"/api/market/bookings/{second['id']}/decide", {"approve": True}), 409, "booking_overlap")
    assert "冲突" in body["message"]
    assert Booking.objects.get(pk=first["id"]).status == "approved"
    assert Booking.objects.get(pk=second["id"]).status == "requested"
    # declining needs a reason; a decided booking is not decided again
    _error(api.post(f"/api/market/bookings/{second['id']}/decide", {"approve": False}), 422, "invalid")
    assert _ok(api.post(f"/api/market/bookings/{second['id']}/decide", {"approve": False, "note": "已约满"}))[
        "status"
    ] == ("rejected")
    _error(api.post(f"/api/market/bookings/{first['id']}/decide", {"approve": False, "note": "x"}), 409, "conflict")
    _error(api.post("/api/market/bookings/999999/decide", {"approve": True}), 404, "not_found")


def test_bookings_that_cannot_be_made_are_422(api, busy_people):
    people = busy_people
    sem = _sem()
    api.as_user(people["enterprise"])
    url = f"/api/market/listings/{sem.pk}/bookings"
    body = _error(api.post(url, _booking_body(_at(5, 12), _at(5, 10))), 422, "invalid")
    assert [d["field"] for d in body["detail"]] == ["end"]
    body = _error(api.post(url, _booking_body(_at(-2, 9), _at(-2, 10))), 422, "invalid")
    assert [d["field"] for d in body["detail"]] == ["start"]
    # another enterprise's voucher
    other = Voucher.objects.exclude(enterprise__name=LONGYUAN).first()
    body = _error(api.post(url, _booking_body(_at(5, 9), _at(5, 10), voucher_id=other.pk)), 422, "invalid")
    assert [d["field"] for d in body["detail"]] == ["voucher"]
    # an achievement is not an instrument
    coating = Listing.objects.get(title=COATING)
    _error(api.post(f"/api/market/listings/{coating.pk}/bookings", _booking_body(_at(5, 9), _at(5, 10))), 422)
    # read-only users do not book
    _error(api.as_user(people["leader"]).post(url, _booking_body(_at(5, 9), _at(5, 10))), 403, "forbidden")
    assert not Booking.objects.filter(start__gte=_at(4, 0)).exclude(purpose__in=["断口分析"]).exists()


def test_a_booking_time_without_an_offset_is_not_a_server_error(api, people):
    sem = _sem()
    start = _at(9, 9).replace(tzinfo=None)
    response = api.as_user(people["enterprise"]).post(
        f"/api/market/listings/{sem.pk}/bookings", _booking_body(start, start + dt.timedelta(hours=2))
    )
    assert response.status_code in (201, 422), response.status_code
    if response.status_code == 201:
        booking = Booking.objects.get(pk=response.json()["id"])
        assert timezone.localtime(booking.start).hour == 9, "read in the site's time zone"
    else:
        _error(response, 422)
