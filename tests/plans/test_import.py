"""Plan import through the review page, the CLI and the API: nothing saved until confirmed, in one go."""

import json
from decimal import Decimal
from io import StringIO

import lxml.html
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from innozone.core.models import Organization
from innozone.plans.importing import resolve_units
from innozone.plans.models import Indicator, Plan
from innozone.plans.seed_data import lanbai_2020

from .test_parsing import SEED_001

SEED_TEXT = SEED_001.read_text(encoding="utf-8")
NEW_TITLE = "2020年双区建设工作要点（导入）"


def form_values(html: str, form_id: str) -> dict:
    """What a browser would submit from the form as rendered (no edits)."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    values = dict(form.form_values())
    return values


def test_resolution_exact_alias_fuzzy_group_and_new(demo):
    org = Organization.objects.create(name="甘肃省测试技术厅", kind=Organization.Kind.DEPARTMENT)
    got = resolve_units(
        [
            "兰白国家自主创新示范区办公室",
            "省科技厅",
            "甘肃省测试技术厅",
            "自创区领导小组各成员单位",
            "省测试技术厅",
            "某某研究会",
        ]
    )
    assert got["兰白国家自主创新示范区办公室"].how == "exact"
    assert got["省科技厅"].how == "alias"
    assert got["自创区领导小组各成员单位"].how == "group"
    assert (got["省测试技术厅"].how, got["省测试技术厅"].organization) == ("fuzzy", org)
    assert (got["某某研究会"].how, got["某某研究会"].organization) == ("new", None)


def test_review_page_shows_every_task_and_highlight(client, users):
    client.force_login(users["office"])
    response = client.post(reverse("plans:import"), {"text": SEED_TEXT})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="task-edit"') == 10
    assert 'class="hl-unit role-lead"' in html and 'class="hl-split"' in html
    assert Plan.objects.count() == 2  # the demo's two plans: nothing saved yet


def test_seed_pasted_into_review_page_is_saved_without_any_edit(client, users):
    client.force_login(users["office"])
    review = client.post(reverse("plans:import"), {"text": SEED_TEXT})
    values = form_values(review.content.decode(), "import-review")
    values["plan-title"] = NEW_TITLE  # the demo already holds the 2020 plan under its own title
    values["action"] = "save"
    response = client.post(reverse("plans:import_confirm"), values)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get(title=NEW_TITLE)
    original = Plan.objects.get(title=lanbai_2020.TITLE)
    for imported, entered in zip(plan.tasks.order_by("order"), original.tasks.order_by("order"), strict=True):
        assert imported.text == entered.text
        assert {(r.organization_id, r.role) for r in imported.responsibilities.all()} == {
            (r.organization_id, r.role) for r in entered.responsibilities.all()
        }
    indicators = Indicator.objects.filter(plan=plan).prefetch_related("splits").order_by("order")
    assert [(i.name, i.unit, i.target, {s.label: s.target for s in i.splits.all()}) for i in indicators] == [
        (i["name"], i["unit"], Decimal(i["target"]), {k: Decimal(v) for k, v in i["split"].items()})
        for i in lanbai_2020.INDICATORS
    ]


def test_bad_review_is_refused_with_every_problem_and_saves_nothing(client, users):
    client.force_login(users["office"])
    review = client.post(reverse("plans:import"), {"text": SEED_TEXT})
    values = form_values(review.content.decode(), "import-review")
    values.update(
        {"plan-title": NEW_TITLE, "action": "save", "task-1-number": "1", "task-5-targets": "新产品|>=|很多|个|"}
    )
    orgs, plans = Organization.objects.count(), Plan.objects.count()
    response = client.post(reverse("plans:import_confirm"), values)
    assert response.status_code == 400
    html = response.content.decode()
    assert "很多" in html and "重复" in html
    assert (Organization.objects.count(), Plan.objects.count()) == (orgs, plans)


def test_a_unit_added_while_editing_must_be_confirmed(client, users):
    client.force_login(users["office"])
    review = client.post(reverse("plans:import"), {"text": SEED_TEXT})
    values = form_values(review.content.decode(), "import-review")
    values.update({"plan-title": NEW_TITLE, "action": "save", "task-0-cooperating": "全新的研究会"})
    response = client.post(reverse("plans:import_confirm"), values)
    assert response.status_code == 400 and "全新的研究会" in response.content.decode()
    assert not Organization.objects.filter(name="全新的研究会").exists()
    values = form_values(response.content.decode(), "import-review")  # now listed as a new unit
    values["action"] = "save"
    assert client.post(reverse("plans:import_confirm"), values).status_code == 302
    assert Organization.objects.get(name="全新的研究会").kind == Organization.Kind.DEPARTMENT


@pytest.mark.parametrize("username", ["kjt", "lzxq", "enterprise", "leader"])
def test_only_the_office_imports(client, users, username):
    client.force_login(users[username])
    assert client.get(reverse("plans:import")).status_code == 403


def test_cli_parse_prints_the_issue_json(tmp_path):
    out = StringIO()
    call_command("plan", "parse", str(SEED_001), "--format", "json", stdout=out)
    body = json.loads(out.getvalue())
    task6 = body["tasks"][5]
    assert set(task6) == {"number", "section", "text", "lead", "implementing", "cooperating", "targets", "deadline"}
    assert task6["targets"][0] == {
        "indicator": "新产品",
        "value": 100,
        "unit": "个",
        "comparator": ">=",
        "split": {"兰州": 80, "白银": 20},
    }


def test_cli_import_dry_run_saves_nothing_then_imports(demo, tmp_path):
    out = StringIO()
    plans = Plan.objects.count()
    call_command("plan", "import", str(SEED_001), "--title", NEW_TITLE, "--actor", "office", "--dry-run", stdout=out)
    assert "dry run" in out.getvalue() and Plan.objects.count() == plans
    call_command("plan", "import", str(SEED_001), "--title", NEW_TITLE, "--actor", "office", stdout=out)
    assert Plan.objects.get(title=NEW_TITLE).tasks.count() == 10


def test_cli_import_of_a_duplicate_reports_and_fails(demo):
    with pytest.raises(CommandError, match="同名"):
        call_command("plan", "import", str(SEED_001), "--actor", "office", stdout=StringIO())


def test_api_parse_and_import(api, users):
    api.as_user(users["office"])
    parsed = api.post("/api/plans/import/parse", {"text": SEED_TEXT}).json()
    assert len(parsed["tasks"]) == 10
    assert {u["how"] for u in parsed["units"]} <= {"exact", "alias", "group", "fuzzy"}
    dry = api.post("/api/plans/import", {"text": SEED_TEXT, "title": NEW_TITLE, "dry_run": True})
    assert dry.status_code == 200 and dry.json()["tasks"] == 10
    assert not Plan.objects.filter(title=NEW_TITLE).exists()
    made = api.post("/api/plans/import", {"text": SEED_TEXT, "title": NEW_TITLE})
    assert made.status_code == 201
    assert Plan.objects.get(pk=made.json()["id"]).indicators.count() == 6


def test_api_import_refuses_unknown_units_unless_asked(api, users):
    api.as_user(users["office"])
    text = "2021年工作要点\n一、任务\n1.建设。(牵头单位:某某研究会)\n"
    refused = api.post("/api/plans/import", {"text": text})
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "某某研究会"
    assert not Plan.objects.filter(year=2021).exists()
    made = api.post("/api/plans/import", {"text": text, "create_units": True})
    assert made.status_code == 201 and made.json()["new_units"] == ["某某研究会"]


def test_api_import_is_office_only(api, users):
    response = api.as_user(users["kjt"]).post("/api/plans/import/parse", {"text": SEED_TEXT})
    assert response.status_code == 403


def test_one_service_checks_everything_and_a_dry_run_saves_nothing(users):
    from innozone.core.errors import ValidationFailed
    from innozone.plans.importing import plan_import

    counts = (Organization.objects.count(), Plan.objects.count())
    dry = plan_import(actor=users["office"], text=SEED_TEXT, title=NEW_TITLE, dry_run=True)
    assert (dry.plan, dry.id, dry.tasks, dry.indicators) == (None, None, 10, 6)
    assert (Organization.objects.count(), Plan.objects.count()) == counts
    earlier = [{"field": "units", "message": "found while reading the form"}]
    with pytest.raises(ValidationFailed) as refused:  # the 2020 plan exists: the title repeats
        plan_import(actor=users["office"], text=SEED_TEXT, problems=earlier)
    assert [d["field"] for d in refused.value.detail] == ["units", "title"]
    with pytest.raises(ValidationFailed) as refused:  # nothing wrong but what the caller found
        plan_import(actor=users["office"], text=SEED_TEXT, title=NEW_TITLE, problems=earlier)
    assert refused.value.detail == earlier
    assert (Organization.objects.count(), Plan.objects.count()) == counts
