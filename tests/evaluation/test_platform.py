"""The evaluation pages and services: imports that save nothing on error, stored reproducible runs,
publication and who may see what."""

import io

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from innozone.core.errors import Forbidden, ValidationFailed
from innozone.core.models import AuditEvent
from innozone.evaluation import services
from innozone.evaluation.demo import seed_evaluation, seed_evaluation_run
from innozone.evaluation.engine.pipeline import Settings
from innozone.evaluation.example import data_frame, meta_frame
from innozone.evaluation.models import DataSet, Framework, Run


def _csv(frame: pd.DataFrame, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, frame.to_csv(index=False).encode("utf-8"), content_type="text/csv")


@pytest.fixture
def demo_run(users):
    framework = seed_evaluation()
    return seed_evaluation_run(framework)


def test_demo_framework_has_the_four_pillars_of_seed_000(demo_run):
    framework = Framework.objects.get()
    names = {r["iCode"]: r["iName"] for r in framework.meta}
    assert [names[c] for c in ("Mgmt", "Env", "Cap", "Eff")] == ["创新管理", "创新环境", "创新能力", "创新效果"]
    assert framework.is_demo and framework.datasets.count() == 3
    assert demo_run.published and len(demo_run.results["rows"]) == 8 and demo_run.uncertainty and demo_run.sensitivity


def test_stored_run_reproduces_exactly(demo_run):
    stored = pd.DataFrame(demo_run.results["rows"], columns=demo_run.results["columns"])
    again = services.run_reproduce(demo_run)
    assert stored["Index"].tolist() == again["Index"].tolist()  # bit for bit
    assert stored["Rank"].tolist() == again["Rank"].astype(int).tolist()


def test_import_with_errors_lists_every_problem_and_saves_nothing(client, users):
    meta = meta_frame()
    meta.loc[0, "Direction"] = 5
    data = data_frame("县区").astype({"M2": object})
    data.loc[2, "M2"] = "很多"
    client.force_login(users["office"])
    before = (Framework.objects.count(), DataSet.objects.count(), AuditEvent.objects.count())
    response = client.post(
        reverse("evaluation:import"),
        {
            "name": "测试体系",
            "dataset_name": "测试数据",
            "meta_file": _csv(meta, "meta.csv"),
            "data_file": _csv(data, "data.csv"),
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "must be 1 or -1" in html and "很多" in html
    assert (Framework.objects.count(), DataSet.objects.count(), AuditEvent.objects.count()) == before


def test_import_run_and_publish_through_the_pages(client, users):
    client.force_login(users["office"])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf) as writer:
        data_frame("县区").to_excel(writer, index=False)
    response = client.post(
        reverse("evaluation:import"),
        {
            "name": "县区体系",
            "dataset_name": "2024",
            "year": 2024,
            "meta_file": _csv(meta_frame(), "meta.csv"),
            "data_file": SimpleUploadedFile("data.xlsx", buf.getvalue()),
        },
    )
    dataset = DataSet.objects.get(name="2024")
    assert response["Location"] == reverse("evaluation:run_new", args=[dataset.pk])
    response = client.post(
        reverse("evaluation:run_new", args=[dataset.pk]),
        {
            "title": "县区评价",
            "impute": "group-mean:Group",
            "treat": "winsorise",
            "normalise": "minmax",
            "range_min": 0,
            "range_max": 100,
            "aggregate": "amean",
            "uncertainty_runs": 200,
            "sensitivity_runs": 32,
        },
    )
    run = Run.objects.get(title="县区评价")
    assert response["Location"] == reverse("evaluation:run", args=[run.pk]) and not run.published
    page = client.get(reverse("evaluation:run", args=[run.pk])).content.decode()
    assert 'id="ranking"' in page and 'id="rank-chart"' in page and 'id="sensitivity"' in page
    # a coordinator cannot see it until it is published
    client.force_login(users["lanzhou"])
    assert client.get(reverse("evaluation:run", args=[run.pk])).status_code == 404
    client.force_login(users["office"])
    client.post(reverse("evaluation:publish", args=[run.pk]), {"publish": "1"})
    client.force_login(users["lanzhou"])
    assert client.get(reverse("evaluation:run", args=[run.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="evaluation.run.publish", object_id=str(run.pk)).exists()


def test_bad_run_settings_are_refused_with_a_message(users, demo_run):
    before = Run.objects.count()
    with pytest.raises(ValidationFailed) as err:
        services.run_create(
            actor=users["office"],
            dataset=demo_run.dataset,
            title="x",
            settings=Settings(impute="group-mean:NoSuchColumn"),
        )
    assert "NoSuchColumn" in err.value.detail[0]["message"]
    with pytest.raises(ValidationFailed):  # the geometric mean of min-max 0–100 data meets zeros
        services.run_create(
            actor=users["office"], dataset=demo_run.dataset, title="x", settings=Settings(aggregate="gmean")
        )
    with pytest.raises(Forbidden):
        services.run_create(actor=users["lanzhou"], dataset=demo_run.dataset, title="x", settings=Settings())
    assert Run.objects.count() == before == 2


@pytest.mark.parametrize(
    "username,home,run_page,manage",
    [
        ("office", 200, 200, 200),
        ("leader", 200, 200, 403),
        ("auditor", 200, 200, 403),
        ("lanzhou", 200, 200, 403),
        ("lzxq", 200, 200, 403),
        ("enterprise", 403, 403, 403),
        ("expert", 403, 403, 403),
    ],
)
def test_roles_against_the_evaluation_pages(client, users, demo_run, username, home, run_page, manage):
    client.force_login(users[username])
    assert client.get(reverse("evaluation:home")).status_code == home
    assert client.get(reverse("evaluation:run", args=[demo_run.pk])).status_code == run_page
    assert client.get(reverse("evaluation:unit", args=[demo_run.pk, "CG"])).status_code == run_page
    assert client.get(reverse("evaluation:import")).status_code == manage
    assert client.get(reverse("evaluation:run_new", args=[demo_run.dataset_id])).status_code == manage


def test_unit_profile_and_exports(client, users, demo_run):
    client.force_login(users["leader"])
    page = client.get(reverse("evaluation:unit", args=[demo_run.pk, "YZ"])).content.decode()
    assert "榆中县" in page and 'id="radar-data"' in page and 'id="weakest"' in page
    assert client.get(reverse("evaluation:unit", args=[demo_run.pk, "NOPE"])).status_code == 404
    wb = load_workbook(io.BytesIO(client.get(reverse("evaluation:export", args=[demo_run.pk])).content))
    ranking = list(wb.worksheets[0].iter_rows(values_only=True))
    assert ranking[0][:2] == ("代码", "名称") and len(ranking) == 9
    template = load_workbook(io.BytesIO(client.get(reverse("evaluation:template")).content))
    assert template.sheetnames[:2] == ["iMeta", "iData"]


def test_what_if_page_and_api(client, users, demo_run):
    import json

    from innozone.core.tokens import api_token_create

    client.force_login(users["leader"])
    url = reverse("evaluation:what_if", args=[demo_run.pk])
    html = client.get(url + "?Mgmt=1&Env=1&Cap=1&Eff=5", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and html.count("data-unit=") == 8
    assert "不是数字" in client.get(url + "?Mgmt=abc", HTTP_HX_REQUEST="true").content.decode()
    token = api_token_create(actor=users["leader"], user=users["leader"], name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = client.post(
        f"/api/evaluation/runs/{demo_run.pk}/what-if",
        json.dumps({"weights": {"Eff": 5}}),
        content_type="application/json",
        **auth,
    ).json()
    top_eff = pd.DataFrame(demo_run.scores).set_index("uCode")["Eff"].idxmax()
    assert next(r for r in body if r["uCode"] == top_eff)["shift"] >= 0
    bad = client.post(
        f"/api/evaluation/runs/{demo_run.pk}/what-if",
        json.dumps({"weights": {"Nope": 1}}),
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "Nope"


def test_evaluation_api_permissions(client, users, demo_run):
    import json

    from innozone.core.tokens import api_token_create

    def call(username, method, url, body=None):
        token = api_token_create(actor=users[username], user=users[username], name="t")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if method == "get":
            return client.get(url, **headers)
        return client.post(url, json.dumps(body), content_type="application/json", **headers)

    listing = call("lanzhou", "get", "/api/evaluation/runs").json()
    assert demo_run.pk in [r["id"] for r in listing] and all(r["published"] for r in listing)
    detail = call("lanzhou", "get", f"/api/evaluation/runs/{demo_run.pk}").json()
    assert len(detail["ranking"]) == 8 and detail["ranking"][0]["Rank"] == 1 and "Q95" in detail["ranking"][0]
    assert call("enterprise", "get", "/api/evaluation/runs").status_code == 403
    body = {"title": "API run", "impute": "group-mean:Group", "uncertainty_runs": 50}
    assert call("lanzhou", "post", f"/api/evaluation/datasets/{demo_run.dataset_id}/runs", body).status_code == 403
    created = call("office", "post", f"/api/evaluation/datasets/{demo_run.dataset_id}/runs", body)
    assert created.status_code == 201 and created.json()["published"] is False
    # not published: invisible to the coordinator
    assert call("lanzhou", "get", f"/api/evaluation/runs/{created.json()['id']}").status_code == 404
    profile = call("leader", "get", f"/api/evaluation/runs/{demo_run.pk}/units/CG").json()
    assert [p["code"] for p in profile["pillars"]] == ["Mgmt", "Env", "Cap", "Eff"]


def test_pdf_report(client, users, demo_run, tmp_path):
    import shutil
    import subprocess

    client.force_login(users["lanzhou"])
    response = client.get(reverse("evaluation:export_pdf", args=[demo_run.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF") and b"STSong-Light" in pdf
    if shutil.which("pdftotext"):  # poppler: check the words are really there
        (tmp_path / "r.pdf").write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True).stdout
        assert "城关区" in text and "创新管理" in text


def test_year_over_year_comparison_explains_rank_changes(client, users, demo_run):
    from innozone.evaluation import selectors

    previous = selectors.previous_run(users["lanzhou"], demo_run)
    assert previous is not None and previous.dataset.year == 2023
    rows = selectors.compare_runs(demo_run, previous)
    assert len(rows) == 8 and all(len(r["drivers"]) == 3 for r in rows)
    # the index change is the sum of every indicator's weighted change; the top drivers are the largest
    shares = selectors.effective_weights(demo_run)
    assert sum(shares.values()) == pytest.approx(1.0)
    now = pd.DataFrame(demo_run.scores).set_index("uCode")
    before = pd.DataFrame(previous.scores).set_index("uCode")
    for r in rows:
        total = sum((now.at[r["uCode"], c] - before.at[r["uCode"], c]) * s for c, s in shares.items())
        assert total == pytest.approx(r["index_change"])
    client.force_login(users["leader"])
    html = client.get(reverse("evaluation:compare", args=[demo_run.pk])).content.decode()
    assert html.count("data-unit=") == 8 and "主要原因" in html


def test_live_indicators_come_from_accepted_plan_reports(client, users, demo_run):
    from decimal import Decimal

    from innozone.plans import services as plan_services
    from innozone.plans.models import Plan

    task6 = Plan.objects.get(year=2020).tasks.get(number="6")
    hte = task6.indicators.get(name="高新技术企业")
    r1 = plan_services.report_submit(
        actor=users["lzxq"],
        task=task6,
        period="2020-Q1",
        progress="in_progress",
        narrative="新区进展。",
        quantities=[plan_services.QuantityInput(hte.pk, Decimal(9))],
    )
    plan_services.report_accept(actor=users["lanzhou"], report=r1)
    plan_services.report_submit(
        actor=users["bygx"],
        task=task6,
        period="2020-Q1",
        progress="in_progress",
        narrative="白银进展。",
        quantities=[plan_services.QuantityInput(hte.pk, Decimal(3))],
    )
    base = DataSet.objects.get(name="园区 2024（演示数据）")
    client.force_login(users["lanzhou"])
    assert (
        client.post(reverse("evaluation:dataset_live", args=[base.pk]), {"year": "2020", "name": "x"}).status_code
        == 403
    )
    client.force_login(users["office"])
    response = client.post(
        reverse("evaluation:dataset_live", args=[base.pk]), {"year": "2020", "name": "园区 2020 实时"}
    )
    live = DataSet.objects.get(name="园区 2020 实时")
    assert response["Location"] == reverse("evaluation:run_new", args=[live.pk])
    values = {r["uName"]: r["F1"] for r in live.rows}
    assert values == {
        "兰州新区": 9.0,
        "兰州高新区": 0.0,
        "白银高新区": 0.0,
        "兰州经开区": 0.0,
    }  # 白银's is not accepted
    assert {r["uName"]: r["M1"] for r in live.rows} == {r["uName"]: r["M1"] for r in base.rows}
    # a year without such a plan indicator is refused, naming the problem, and saves nothing
    before = DataSet.objects.count()
    with pytest.raises(ValidationFailed) as err:
        services.dataset_build_live(actor=users["office"], base=base, year=2019, name="y")
    assert "2019" in err.value.detail[0]["message"] and DataSet.objects.count() == before
