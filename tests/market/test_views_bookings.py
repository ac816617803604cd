"""Market pages, instrument booking: the form, the owner's confirmation, overlap refusal, cancelling, who
decides, usage paid by voucher."""

from decimal import ROUND_DOWN, Decimal

import pytest
from django.urls import reverse

from innozone.core.errors import Conflict, Forbidden
from innozone.market import services
from innozone.market.models import Booking, Usage
from innozone.market.permissions import can_cancel_booking
from innozone.vouchers.models import CategoryRate, Order, Voucher

from .pages import CENT, LAB, LONGYUAN, _as, _book, _bookings_action, _in_days, _instrument, _messages


def test_booking_through_the_form_and_the_owner_confirms_it(client, people):
    sem = _instrument("场发射")
    start, end = _in_days(10, 9), _in_days(10, 12)
    response = _book(client, people["enterprise"], sem, start, end, purpose="钕铁硼粉末形貌观察", samples=4)
    assert response.status_code == 302 and response["Location"] == reverse("market:listing", args=[sem.pk])
    booking = Booking.objects.get(instrument=sem, purpose="钕铁硼粉末形貌观察")
    assert (booking.status, booking.samples, booking.organization.name) == ("requested", 4, LONGYUAN)
    assert (booking.start, booking.end) == (start, end)
    assert booking.voucher is None
    detail = client.get(reverse("market:listing", args=[sem.pk]))
    calendar = detail.content.decode().split('id="instrument-calendar"')[1].split("</table>")[0]
    assert start.strftime("%Y-%m-%d %H:%M") in calendar and "待确认" in calendar and LONGYUAN in calendar

    # the provider sees it on its bookings page and confirms it
    _as(client, people["provider"])
    page = client.get(reverse("market:bookings")).content.decode()
    owned = page.split('id="owner-bookings"')[1].split("</table>")[0]
    assert "钕铁硼粉末形貌观察" in owned and LONGYUAN in owned
    response = _bookings_action(client, people["provider"], booking, "approve")
    assert "已办理" in _messages(response)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.APPROVED

    # the enterprise sees it confirmed
    _as(client, people["enterprise"])
    mine = client.get(reverse("market:bookings")).content.decode()
    assert "已确认" in mine.split("本单位的预约")[1]


def test_a_booking_in_the_past_or_ending_before_it_starts_is_refused(client, people):
    sem = _instrument("场发射")
    response = _book(client, people["enterprise"], sem, _in_days(-1, 9), _in_days(-1, 10))
    assert response.status_code == 200
    assert "不能预约过去的时间" in str(response.context["form"].errors)
    response = _book(client, people["enterprise"], sem, _in_days(5, 12), _in_days(5, 9))
    assert "结束时间应晚于开始时间" in str(response.context["form"].errors)
    assert not Booking.objects.exists()


def test_a_second_overlapping_approval_is_refused_and_the_first_stays(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(8, 9), _in_days(8, 12), purpose="第一单")
    _book(client, people["enterprise2"], sem, _in_days(8, 11), _in_days(8, 14), purpose="第二单")
    _book(client, people["enterprise3"], sem, _in_days(8, 12), _in_days(8, 15), purpose="紧接第一单")
    first, second, adjacent = (Booking.objects.get(purpose=p) for p in ("第一单", "第二单", "紧接第一单"))

    _bookings_action(client, people["provider"], first, "approve")
    response = _bookings_action(client, people["provider"], second, "approve")
    shown = " ".join(_messages(response))
    assert "与已确认的预约时间冲突" in shown, shown
    assert "已办理" not in _messages(response)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "requested")
    # a booking that starts when the first ends does not overlap it
    response = _bookings_action(client, people["provider"], adjacent, "approve")
    assert "已办理" in _messages(response)
    adjacent.refresh_from_db()
    assert adjacent.status == "approved"
    # the refused one can still be declined, with a reason
    response = _bookings_action(client, people["provider"], second, "reject")
    assert any("拒绝时请填写理由" in m for m in _messages(response))
    _bookings_action(client, people["provider"], second, "reject", note="时间已被占用")
    second.refresh_from_db()
    assert (second.status, second.note) == ("rejected", "时间已被占用")
    assert list(Booking.objects.filter(instrument=sem, status="approved").order_by("start")) == [first, adjacent]


def test_cancelling_a_confirmed_booking_frees_its_time(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(8, 9), _in_days(8, 12), purpose="第一单")
    _book(client, people["enterprise2"], sem, _in_days(8, 10), _in_days(8, 11), purpose="第二单")
    first, second = Booking.objects.get(purpose="第一单"), Booking.objects.get(purpose="第二单")
    _bookings_action(client, people["provider"], first, "approve")
    # another enterprise cannot cancel it
    response = _bookings_action(client, people["enterprise2"], first, "cancel")
    assert any("只能取消本单位的预约" in m for m in _messages(response))
    first.refresh_from_db()
    assert first.status == "approved"
    _bookings_action(client, people["enterprise"], first, "cancel")
    first.refresh_from_db()
    assert first.status == "cancelled"
    response = _bookings_action(client, people["provider"], second, "approve")
    assert "已办理" in _messages(response)
    second.refresh_from_db()
    assert second.status == "approved"


def test_the_cancel_button_shows_exactly_when_the_booking_may_be_cancelled(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(9, 9), _in_days(9, 10), purpose="可取消")
    booking = Booking.objects.get(purpose="可取消")
    assert can_cancel_booking(people["enterprise"], booking) == (True, "")
    assert can_cancel_booking(people["enterprise2"], booking) == (False, "只能取消本单位的预约")
    button = f'value="{booking.pk}"><button name="action" value="cancel">'
    assert button in client.get(reverse("market:bookings")).content.decode()
    _bookings_action(client, people["enterprise"], booking, "cancel")
    booking.refresh_from_db()
    assert can_cancel_booking(people["enterprise"], booking) == (False, "该预约不能取消")
    assert button not in client.get(reverse("market:bookings")).content.decode()
    with pytest.raises(Conflict):  # a party, refused for the state
        services.booking_cancel(actor=people["enterprise"], booking=booking)
    with pytest.raises(Forbidden):  # a stranger
        services.booking_cancel(actor=people["enterprise2"], booking=booking)
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_the_overlap_message_names_the_clash_in_local_time(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(8, 9), _in_days(8, 12), purpose="第一单")
    _book(client, people["enterprise2"], sem, _in_days(8, 10), _in_days(8, 11), purpose="第二单")
    _bookings_action(client, people["provider"], Booking.objects.get(purpose="第一单"), "approve")
    response = _bookings_action(client, people["provider"], Booking.objects.get(purpose="第二单"), "approve")
    shown = " ".join(_messages(response))
    assert _in_days(8, 9).strftime("%m-%d %H:%M") + "–12:00" in shown, shown


def test_only_the_instruments_owner_decides(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(6, 9), _in_days(6, 10), purpose="自己批准")
    booking = Booking.objects.get(purpose="自己批准")
    for username in ("enterprise", "provider2", "office"):
        response = _bookings_action(client, people[username], booking, "approve")
        assert any("只有仪器所属单位可以办理预约" in m for m in _messages(response)), (username, _messages(response))
    booking.refresh_from_db()
    assert booking.status == "requested"


@pytest.mark.parametrize("username", ["leader", "auditor"])
def test_read_only_users_cannot_book(client, people, username):
    sem = _instrument("场发射")
    _as(client, people[username])
    assert client.get(reverse("market:book", args=[sem.pk])).status_code == 403
    data = {"start": _in_days(5, 9).strftime("%Y-%m-%dT%H:%M"), "end": _in_days(5, 10).strftime("%Y-%m-%dT%H:%M")}
    assert client.post(reverse("market:book", args=[sem.pk]), {**data, "purpose": "x", "samples": 0}).status_code == 403
    assert not Booking.objects.exists()


def test_usage_paid_by_voucher_orders_the_instruments_service_item(client, busy_people):
    people = busy_people
    sem = _instrument("场发射")
    item = sem.service_item
    assert item is not None and item.provider.organization.name == LAB
    voucher = Voucher.objects.get(enterprise__name=LONGYUAN, status=Voucher.Status.ACTIVE)
    page = _as(client, people["enterprise"]).get(reverse("market:book", args=[sem.pk]))
    assert f'value="{voucher.pk}"' in page.content.decode(), "the enterprise may pick its active voucher"
    response = _book(
        client, people["enterprise"], sem, _in_days(12, 9), _in_days(12, 12), purpose="电镜检测", voucher=voucher
    )
    assert response.status_code == 302
    booking = Booking.objects.get(purpose="电镜检测")
    assert booking.voucher == voucher
    _bookings_action(client, people["provider"], booking, "approve")

    hours = Decimal("2.5")
    orders_before = set(Order.objects.values_list("pk", flat=True))
    voucher.refresh_from_db()
    left = voucher.amount - voucher.released - voucher.reserved
    ratio = CategoryRate.objects.get(scheme=voucher.scheme, category=item.category).subsidy_ratio
    response = _bookings_action(client, people["provider"], booking, "usage", hours="2.5", samples=3, fee="2000")
    assert "已办理" in _messages(response), _messages(response)

    new = Order.objects.exclude(pk__in=orders_before)
    assert new.count() == 1
    order = new.get()
    assert (order.voucher, order.item, order.provider.organization.name) == (voucher, item, LAB)
    assert order.quantity == hours
    assert order.price_total == (item.price * hours).quantize(CENT)
    assert order.voucher_amount == min((item.price * hours * ratio).quantize(CENT, rounding=ROUND_DOWN), left)
    usage = Usage.objects.get(booking=booking)
    assert (usage.hours, usage.samples, usage.fee, usage.voucher_order) == (hours, 3, Decimal("2000"), order)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    voucher.refresh_from_db()
    assert voucher.amount - voucher.released - voucher.reserved == left - order.voucher_amount
    owned = client.get(reverse("market:bookings")).content.decode().split('id="owner-bookings"')[1]
    assert "2.50 h" in owned.split("电镜检测")[1].split("</tr>")[0]


def test_usage_without_a_voucher_orders_nothing(client, busy_people):
    people = busy_people
    xrd = _instrument("X射线")
    _book(client, people["enterprise"], xrd, _in_days(12, 14), _in_days(12, 16), purpose="物相检测")
    booking = Booking.objects.get(purpose="物相检测")
    _bookings_action(client, people["provider"], booking, "approve")
    orders = Order.objects.count()
    _bookings_action(client, people["provider"], booking, "usage", hours="2", samples=1, fee="800")
    assert Usage.objects.get(booking=booking).voucher_order is None
    assert Order.objects.count() == orders


def test_usage_is_only_recorded_on_a_confirmed_booking(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(6, 9), _in_days(6, 10), purpose="未确认")
    booking = Booking.objects.get(purpose="未确认")
    response = _bookings_action(client, people["provider"], booking, "usage", hours="1", samples=0, fee="800")
    assert any("只有已确认的预约可以登记使用" in m for m in _messages(response))
    assert not Usage.objects.exists()
