"""The statistics page (/services/stats/): who sees what, filters, empty state, Excel; the cockpit card."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .stats_rows import build

URL = reverse("onestop:stats")


@pytest.fixture
def world(demo):
    return build()


def _login(client, users, name):
    client.force_login(users[name])
    return client


def test_leader_sees_every_department(client, users, world):
    r = _login(client, users, "leader").get(URL, {"year": 2026})
    assert r.status_code == 200
    html = r.content.decode()
    assert "甘肃省科学技术厅" in html and "兰州市科学技术局" in html
    assert 'id="stats-chart"' in html and "echarts-5.6.0.min.js" in html and "js/onestop_stats.js" in html
    chart = r.context["chart"]
    assert chart["received"][2] == 3 and len(chart["months"]) == 12  # March: cases 1–3
    assert 'id="stats-empty"' not in html


def test_department_sees_only_its_own_items(client, users, world):
    r = _login(client, users, "kjt").get(URL, {"year": 2026})
    assert r.status_code == 200
    depts = [d["department_id"] for d in r.context["stats"]["by_department"]]
    assert depts == [world["kjt"].pk]
    assert "统计测试许可事项" not in r.content.decode()
    # another department in the query string is ignored: still its own
    r = client.get(URL, {"year": 2026, "department": world["kjj"].pk})
    assert r.context["f"]["department"] is None
    assert [d["department_id"] for d in r.context["stats"]["by_department"]] == [world["kjt"].pk]


@pytest.mark.parametrize("name", ["enterprise", "expert", "bank", "lzgx", "scjg"])
def test_applicants_and_others_may_not_open_it(client, users, world, name):
    # lzgx: a park's reporter, scjg: a department leading no item in this world
    assert _login(client, users, name).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    r = client.get(URL)
    assert r.status_code == 302 and "login" in r["Location"]


def test_empty_year_shows_the_empty_state(client, users, world):
    r = _login(client, users, "office").get(URL, {"year": 2024})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="stats-empty"' in html and 'id="stats-chart"' not in html


def test_bad_filters_fall_back(client, users, world):
    r = _login(client, users, "office").get(URL, {"year": "abc", "type": "ZZ", "department": "x"})
    assert r.status_code == 200
    assert r.context["f"]["item_type"] == "" and r.context["f"]["department"] is None


def test_filter_by_type_and_formatted_rates(client, users, world):
    r = _login(client, users, "office").get(URL, {"year": 2026, "type": "QR"})
    html = r.content.decode()
    assert "统计测试确认事项" in html and "统计测试许可事项" not in html
    assert "50.0%" in html  # overdue rate of kjt: 1 late of 2 finished
    assert "33.3%" in html  # 补正率: 1 of 3 received


def test_excel_has_every_sheet_with_numbers(client, users, world):
    r = _login(client, users, "leader").get(URL, {"year": 2026, "format": "xlsx"})
    assert r.status_code == 200 and "spreadsheetml" in r["Content-Type"]
    wb = load_workbook(io.BytesIO(r.content))
    assert len(wb.sheetnames) == 4
    by_dept = wb.worksheets[1]
    rows = list(by_dept.iter_rows(values_only=True))
    header = rows[0]
    kjt = next(row for row in rows if row[0] == "甘肃省科学技术厅")
    assert kjt[header.index("收件")] == 3
    assert float(kjt[header.index("逾期率（%）")]) == 50.0
    assert rows[-1][0] == "合计" and rows[-1][header.index("收件")] == 5


def test_department_excel_is_its_own(client, users, world):
    r = _login(client, users, "kjj").get(URL, {"year": 2026, "format": "xlsx"})
    wb = load_workbook(io.BytesIO(r.content))
    names = {row[0] for row in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert names == {"兰州市科学技术局", "合计"}


def test_cockpit_card_for_leaders(client, users, world):
    r = _login(client, users, "leader").get(reverse("cockpit:dashboard"))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="services-card"' in html and reverse("onestop:stats") in html
    card = r.context["services"]
    assert "policies" in card and "grants" in card["policies"]


def test_cockpit_card_not_for_departments(client, users, world):
    r = _login(client, users, "kjt").get(reverse("cockpit:dashboard"))
    assert r.status_code == 200 and 'id="services-card"' not in r.content.decode()
