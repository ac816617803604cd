"""The office's calendar: entries for a year the package does not know change the working days every clock
counts; entries that repeat the official calendar are refused; ranges, removal, reasons, permissions, audit; the
page (months, warning for an unknown next year), Excel, the CLI."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from innozone.core import workdays
from innozone.core.errors import Forbidden, NotFound, ValidationFailed
from innozone.core.models import AuditEvent, User, WorkdayOverride
from innozone.onestop.engine import clock
from innozone.onestop.selectors import calendar as selectors
from innozone.onestop.services import calendar as services

D = dt.date


@pytest.fixture
def users(policy_world):
    return {u.username: u for u in User.objects.filter(username__in=["office", "kjt", "enterprise", "leader"])}


def test_office_entries_change_the_clock(users):
    """2028 is unknown to the package: Monday to Friday. The office closes 2–4 February 2028 (Wed–Fri) and opens
    Saturday 5 February; a 5-working-day limit from Tuesday 1 February moves accordingly."""
    assert not workdays.known(2028)
    start = D(2028, 2, 1)
    assert clock.due_date(start, 5, (), workdays.calendar()) == D(2028, 2, 8)
    services.override_set(
        actor=users["office"], day="2028-02-02", day_to="2028-02-04", is_workday=False, note="测试放假"
    )
    services.override_set(actor=users["office"], day=D(2028, 2, 5), is_workday=True, note="测试调休上班")
    assert workdays.known(2028)
    is_workday = workdays.calendar()
    # counted: Sat 5, Mon 7, Tue 8, Wed 9, Thu 10
    assert clock.due_date(start, 5, (), is_workday) == D(2028, 2, 10)
    assert clock.working_days(start, D(2028, 2, 7), is_workday) == 2
    assert AuditEvent.objects.filter(action="onestop.calendar.set").count() == 4
    services.override_remove(actor=users["office"], day="2028-02-05")
    assert clock.due_date(start, 5, (), workdays.calendar()) == D(2028, 2, 11)


def test_refusals(users):
    office = users["office"]
    with pytest.raises(ValidationFailed) as excinfo:
        services.override_set(actor=office, day="2026-02-16", is_workday=False, note="春节")
    assert "无需调整" in excinfo.value.detail[0]["message"]  # the package already says so
    with pytest.raises(ValidationFailed) as excinfo:
        services.override_set(actor=office, day="2028-13-01", is_workday=False, note="")
    assert {d["field"] for d in excinfo.value.detail} == {"day", "note"}
    with pytest.raises(ValidationFailed) as excinfo:
        services.override_set(actor=office, day="2028-03-10", day_to="2028-03-01", is_workday=False, note="x")
    assert excinfo.value.detail[0]["field"] == "day_to"
    with pytest.raises(ValidationFailed):
        services.override_set(actor=office, day="2028-01-01", day_to="2028-03-01", is_workday=False, note="太长")
    with pytest.raises(ValidationFailed):
        services.override_set(actor=office, day="2028-01-03", is_workday="maybe", note="x")
    with pytest.raises(NotFound):
        services.override_remove(actor=office, day="2028-05-05")
    for name in ("kjt", "enterprise", "leader"):
        with pytest.raises(Forbidden):
            services.override_set(actor=users[name], day="2028-01-03", is_workday=False, note="x")
    assert not WorkdayOverride.objects.filter(day__year=2028).exists()


def test_a_known_year_can_still_be_changed(users):
    """A local closure on an ordinary 2026 working day, and a range that partly repeats the package: only the
    differing days are kept."""
    saved = services.override_set(
        actor=users["office"], day="2026-02-13", day_to="2026-02-16", is_workday=False, note="本地闭馆"
    )
    assert [o.day for o in saved] == [D(2026, 2, 13), D(2026, 2, 14)]  # 15, 16 are holidays already
    assert clock.add_working_days(D(2026, 2, 12), 1, workdays.calendar()) == D(2026, 2, 24)


def test_year_view_and_page(client, users):
    view = selectors.year_view(2026)
    days = {d["day"]: d for m in view["months"] for w in m["weeks"] for d in w if d}
    assert days[D(2026, 2, 14)]["kind"] == "makeup" and days[D(2026, 2, 14)]["festival"] == "春节"
    assert days[D(2026, 2, 17)]["kind"] == "holiday"
    assert days[D(2026, 2, 15)]["kind"] == "holiday"  # a Sunday inside the festival
    assert days[D(2026, 3, 7)]["kind"] == "weekend"
    assert view["package"] and view["makeups"] >= 2
    client.force_login(users["office"])
    page = client.get(reverse("onestop:calendar"), {"year": 2026}).content.decode()
    assert 'data-day="2026-02-14" data-workday="1"' in page and 'id="override-form"' in page
    unknown = client.get(reverse("onestop:calendar"), {"year": 2029}).content.decode()
    assert "2029年的节假日未知" in unknown
    client.post(reverse("onestop:calendar_set"), {"day": "2029-01-02", "kind": "holiday", "note": "测试"})
    page = client.get(reverse("onestop:calendar"), {"year": 2029}).content.decode()
    assert 'data-day="2029-01-02" data-workday="0"' in page and "办公室录入的日期" in page
    client.force_login(users["kjt"])  # departments read it, cannot change it
    page = client.get(reverse("onestop:calendar"), {"year": 2029}).content.decode()
    assert 'id="override-form"' not in page
    assert client.post(reverse("onestop:calendar_remove"), {"day": "2029-01-02"}).status_code == 403
    client.force_login(users["enterprise"])
    assert client.get(reverse("onestop:calendar")).status_code == 403


def test_next_year_warning(users):
    assert selectors.next_year_warning(D(2027, 6, 1)) == 2028
    services.override_set(actor=users["office"], day="2028-01-03", is_workday=False, note="测试")
    assert selectors.next_year_warning(D(2027, 6, 1)) is None


def test_calendar_excel(client, users):
    client.force_login(users["leader"])
    response = client.get(reverse("onestop:calendar"), {"year": 2026, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 365
    feb14 = next(r for r in rows if r[0].date() == D(2026, 2, 14))
    assert feb14[2] == "是" and feb14[3] == "调休上班" and feb14[4] == "春节"


def test_cli_calendar(users):
    out = io.StringIO()
    call_command(
        "onestop",
        "calendar",
        "--year",
        "2028",
        "--add",
        "2028-01-31..2028-02-02",
        "--holiday",
        "--note",
        "测试",
        stdout=out,
    )
    assert WorkdayOverride.objects.filter(day__year=2028).count() == 3
    out = io.StringIO()
    call_command("onestop", "calendar", "--year", "2028", "--format", "json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["known"] and not body["package"]
    assert [d["day"] for d in body["days"]] == ["2028-01-31", "2028-02-01", "2028-02-02"]
    call_command("onestop", "calendar", "--year", "2028", "--remove", "2028-02-01", stdout=io.StringIO())
    assert WorkdayOverride.objects.filter(day__year=2028).count() == 2
    with pytest.raises(CommandError, match="--workday or --holiday"):
        call_command("onestop", "calendar", "--year", "2028", "--add", "2028-03-01", "--note", "x")
    with pytest.raises(CommandError, match="请填写调整原因"):
        call_command("onestop", "calendar", "--year", "2028", "--add", "2028-03-01", "--holiday")
    with pytest.raises(CommandError, match="有效日期"):
        call_command("onestop", "calendar", "--year", "2028", "--add", "2028-02-30", "--holiday", "--note", "x")
    with pytest.raises(CommandError, match="仅对自创区办公室开放"):
        call_command(
            "onestop", "calendar", "--year", "2028", "--add", "2028-03-01", "--holiday", "--note", "x", "--as", "kjt"
        )
    with pytest.raises(CommandError, match="--year"):
        call_command("onestop", "calendar", "--year", "1999")


def test_office_entry_moves_open_cases_due_dates(busy_policies):
    """Closing a working day before an open case's due date moves the stored due date later (the cases part's
    cases_refresh_due, called by the calendar service)."""
    from django.utils import timezone

    from innozone.onestop.models import Case

    office = User.objects.get(username="office")
    case = (
        Case.objects.filter(status__in=("accepted", "branches"), due_on__isnull=False, accepted_at__isnull=False)
        .order_by("due_on")
        .last()
    )
    if case is None:
        pytest.skip("no open case with a due date in the cases demo")
    accepted = timezone.localtime(case.accepted_at).date()
    is_workday = workdays.calendar()
    day = case.due_on
    while not is_workday(day) or day <= accepted:
        day -= dt.timedelta(days=1)
        assert day > accepted, "no working day to close"
    before = case.due_on
    services.override_set(actor=office, day=day, is_workday=False, note="测试闭馆")
    case.refresh_from_db()
    assert case.due_on > before
