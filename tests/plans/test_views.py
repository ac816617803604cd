"""Every role against every page; the report journey through the forms; Excel exports."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from innozone.plans import services
from innozone.plans.models import Report

GOV = {"office", "lanzhou", "baiyin", "kjt", "lzxq", "lzgx", "bygx", "leader", "auditor"}
ALL = GOV | {"enterprise", "provider", "expert"}


@pytest.fixture
def lzxq_report(task6, users):
    return services.report_submit(
        actor=users["lzxq"], task=task6, period="2020-Q1", progress="in_progress", narrative="新区本期进展。"
    )


def _pages(plan, task6, report):
    """(name, url, users who get 200). Everyone else gets 403."""
    return [
        ("plans", reverse("plans:list"), GOV),
        ("overview", reverse("plans:overview", args=[plan.pk]), GOV),
        ("task", reverse("plans:task", args=[task6.pk]), GOV),
        ("mine", reverse("plans:mine"), GOV),
        ("review_queue", reverse("plans:review_queue"), GOV),
        ("cockpit", reverse("cockpit:dashboard"), GOV),
        ("export_xlsx", reverse("plans:export", args=[plan.pk, "responsibilities"]), GOV),
        ("export_progress", reverse("plans:export", args=[plan.pk, "progress"]), GOV),
        ("export_json", reverse("plans:export", args=[plan.pk, "json"]), GOV),
        (
            "report_form",
            reverse("plans:report_file", args=[task6.pk]),
            {"lzxq", "lzgx", "bygx", "lanzhou", "baiyin", "kjt"},
        ),
        (
            "report",
            reverse("plans:report", args=[report.pk]),
            {"lzxq", "lanzhou", "baiyin", "office", "leader", "auditor"},
        ),
        ("audit", reverse("audit"), {"office", "auditor"}),
        ("inbox", reverse("notices"), ALL),
        ("tokens", reverse("api_tokens"), ALL),
    ]


def test_every_role_against_every_page(client, users, plan2020, task6, lzxq_report):
    failures = []
    for name, url, allowed in _pages(plan2020, task6, lzxq_report):
        for username in sorted(ALL):
            client.force_login(users[username])
            status = client.get(url).status_code
            expected = 200 if username in allowed else 403
            if status != expected:
                failures.append(f"{name} as {username}: {status} (expected {expected})")
        client.logout()
        response = client.get(url)
        if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            failures.append(f"{name} anonymous: {response.status_code}")
    assert failures == []


def test_home_sends_each_role_to_its_start_page(client, users):
    expected = {
        "office": "/cockpit/",
        "leader": "/cockpit/",
        "lzxq": "/plans/mine/",
        "lanzhou": "/plans/mine/",
        "finance": "/funds/projects/tranches/",
        "bank": "/finance/loans/",
    }
    for username, target in expected.items():
        client.force_login(users[username])
        assert client.get("/")["Location"] == target
    client.force_login(users["enterprise"])
    assert client.get("/").status_code == 200


def test_report_form_journey_with_attachment(client, users, task6):
    client.force_login(users["lzxq"])
    ind = task6.indicators.get(name="新产品")
    url = reverse("plans:report_file", args=[task6.pk])
    bad = client.post(url, {"period": "2020-Q2", "progress": "in_progress", "narrative": "短"})
    assert bad.status_code == 200 and "至少5个字" in bad.content.decode()
    assert Report.objects.count() == 0
    response = client.post(
        url,
        {
            "period": "2020-Q2",
            "progress": "in_progress",
            "narrative": "新区本季度开发新产品。",
            f"quantity_{ind.pk}": "3",
            "attachments": [SimpleUploadedFile("进展.pdf", b"%PDF-1.4 test")],
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:report", args=[report.pk])
    att = report.attachments.get()
    download = reverse("plans:attachment", args=[report.pk, att.pk])
    assert b"".join(client.get(download).streaming_content) == b"%PDF-1.4 test"
    client.force_login(users["lzgx"])  # another unit may not download it
    assert client.get(download).status_code == 403

    client.force_login(users["lanzhou"])
    response = client.post(reverse("plans:review", args=[report.pk]), {"decision": "return", "comment": ""})
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED  # a return needs a comment
    client.post(reverse("plans:review", args=[report.pk]), {"decision": "accept", "comment": "好"})
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    page = client.get(reverse("plans:overview", args=[task6.plan_id])).content.decode()
    assert 'data-label="兰州">3<' in page


def test_review_redirect_ignores_foreign_next(client, users, lzxq_report):
    client.force_login(users["lanzhou"])
    response = client.post(
        reverse("plans:review", args=[lzxq_report.pk]),
        {"decision": "accept", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("plans:report", args=[lzxq_report.pk])


def test_overview_query_count_is_bounded(client, users, plan2020):
    client.force_login(users["office"])
    url = reverse("plans:overview", args=[plan2020.pk])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx) <= 20, [q["sql"][:120] for q in ctx.captured_queries]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url + "?status=overdue", HTTP_HX_REQUEST="true").status_code == 200
    assert len(ctx) <= 20


def test_htmx_filter_returns_only_the_table(client, users, plan2020):
    client.force_login(users["office"])
    unit = users["lzxq"].organization
    html = client.get(
        reverse("plans:overview", args=[plan2020.pk]) + f"?unit={unit.pk}", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in html
    assert [n for n in range(1, 11) if f'data-task="{n}"' in html] == [5, 6, 7, 9, 10]


def test_responsibility_workbook_prints_every_unit_in_its_column(client, users, plan2020):
    client.force_login(users["leader"])
    data = client.get(reverse("plans:export", args=[plan2020.pk, "responsibilities"])).content
    wb = load_workbook(io.BytesIO(data))
    ws = wb["任务分工"]
    rows = {str(r[0]): r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] and str(r[0]).isdigit()}
    assert len(rows) == 10
    assert rows["6"][2] == "兰州市、白银市"
    assert rows["6"][3] == "兰州新区、兰州高新区、白银高新区、兰州经开区"
    assert rows["5"][4] == "省教育厅、省科技厅"
    matrix = wb["责任矩阵"]
    by_unit = {r[0]: r for r in matrix.iter_rows(min_row=3, values_only=True)}
    assert by_unit["兰州新区管委会"][6] == "实施单位"  # column 7 = task 6
    assert by_unit["兰州市人民政府"][1] == "实施单位" and by_unit["兰州市人民政府"][4] == "牵头单位"


def test_progress_workbook_has_targets_and_totals(client, users, plan2020, lzxq_report):
    services.report_accept(actor=users["lanzhou"], report=lzxq_report)
    client.force_login(users["office"])
    wb = load_workbook(io.BytesIO(client.get(reverse("plans:export", args=[plan2020.pk, "progress"])).content))
    ws = wb["指标完成"]
    first = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "新产品")
    assert first[2:4] == ("合计", 100)
    assert len(list(wb["报告明细"].iter_rows(min_row=3))) == 1


def test_english_switch_translates_the_interface(client, users, plan2020):
    client.force_login(users["office"])
    client.post(reverse("set_language"), {"language": "en", "next": "/plans/"})
    html = client.get(reverse("plans:overview", args=[plan2020.pk])).content.decode()
    assert "Lead units" in html and "牵头单位</th>" not in html


def test_overview_as_of_shows_statuses_on_that_day(client, users, plan2020):
    client.force_login(users["office"])
    url = reverse("plans:overview", args=[plan2020.pk])
    early = client.get(url + "?as_of=2020-02-01&status=not_started", HTTP_HX_REQUEST="true").content.decode()
    late = client.get(url + "?as_of=2021-02-01&status=not_started", HTTP_HX_REQUEST="true").content.decode()
    assert early.count("data-task=") == 10 and late.count("data-task=") == 0
    assert client.get(url + "?as_of=bad").status_code == 200  # ignored: today
