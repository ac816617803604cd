"""The 六个一百 indicator 高新技术企业 counted from the enterprise registry beside the reported figure: new
recognitions of the plan's year per city, renewals not new, and the per-indicator setting of which figure
the plan counts (overview table and chart, API)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from innozone.core.errors import ValidationFailed
from innozone.core.models import User
from innozone.enterprises import services as registry
from innozone.enterprises.engine.identity import complete_uscc
from innozone.plans import selectors, services
from innozone.plans.models import Indicator

SOURCE = "enterprises:高新技术企业"


@pytest.fixture
def office(demo):
    return User.objects.get(username="office")


@pytest.fixture
def hnte(plan2020):
    return Indicator.objects.get(plan=plan2020, name="高新技术企业")


def _enterprise(office, n: int, region: str):
    return registry.enterprise_register(
        actor=office,
        data={"uscc": complete_uscc(f"91620100{n:09d}"), "name": f"测试高企{n}有限公司", "region": region},
    )


def _recognise(office, enterprise, number: str, issued_on: str):
    return registry.qualification_record(
        actor=office,
        enterprise=enterprise,
        data={"kind": "hnte", "number": number, "issued_on": issued_on, "hitech_field": "materials"},
    )


def _row(plan, name="高新技术企业"):
    return next(r for r in selectors.plan_progress(plan).indicators if r.indicator.name == name)


def _splits(row, attr):
    return {s.label: getattr(s, attr) for s in row.splits}


def test_the_seed_indicator_names_the_registry_and_counts_the_reports(hnte):
    assert hnte.source == SOURCE and hnte.authoritative == Indicator.Authoritative.REPORTED
    assert _row(hnte.plan, "新产品").registry is None  # no source: nothing beside the reported figure


def test_a_new_recognition_in_lanzhou_raises_the_registry_figure_for_lanzhou_by_one(office, hnte):
    before = _row(hnte.plan)
    lanzhou = _enterprise(office, 1, "城关区")
    _recognise(office, lanzhou, "GR202062000001", "2020-10-15")
    _recognise(office, _enterprise(office, 2, "城关区"), "GR202162000002", "2021-03-01")  # another year
    after = _row(hnte.plan)
    assert _splits(after, "registry") == {
        "兰州": _splits(before, "registry")["兰州"] + 1,
        "白银": _splits(before, "registry")["白银"],
    }
    assert after.registry == before.registry + 1
    # the reported figure and what the plan counts (reported is authoritative) do not move
    assert _splits(after, "reported") == _splits(before, "reported") == _splits(after, "total")


def test_a_renewal_is_not_a_new_recognition(office, hnte):
    baiyin = _enterprise(office, 3, "白银区")
    _recognise(office, baiyin, "GR201762000003", "2017-11-20")
    before = _splits(_row(hnte.plan), "registry")
    _recognise(office, baiyin, "GR202062000003", "2020-11-20")  # re-recognised after three years
    assert _splits(_row(hnte.plan), "registry") == before
    first = _enterprise(office, 4, "白银区")
    _recognise(office, first, "GR202062000004", "2020-12-01")
    assert _splits(_row(hnte.plan), "registry")["白银"] == before["白银"] + 1


def test_switching_to_the_registry_changes_the_figure_the_overview_uses(client, office, hnte):
    _recognise(office, _enterprise(office, 5, "城关区"), "GR202062000005", "2020-09-01")
    row = _row(hnte.plan)
    assert row.registry >= 1 and row.total == row.reported != row.registry  # demo reports: 兰州 9 accepted

    client.force_login(office)

    def overview():
        response = client.get(reverse("plans:overview", args=[hnte.plan_id]))
        assert response.status_code == 200
        charts = response.context["charts"]
        return response.content.decode(), next(c for c in charts if c["name"] == "高新技术企业")

    page, chart = overview()
    assert 'data-authoritative="reported"' in page and "企业库·高新技术企业" in page
    assert chart["totals"] == [float(s.reported) for s in row.splits]

    hnte.authoritative = Indicator.Authoritative.SOURCE
    hnte.save(update_fields=["authoritative"])
    row = _row(hnte.plan)
    assert row.uses_source and row.total == row.registry
    assert _splits(row, "total") == _splits(row, "registry")
    page, chart = overview()
    assert 'data-authoritative="source"' in page
    assert chart["totals"] == [float(s.registry) for s in row.splits]
    assert chart["total"] == float(row.registry)


def test_the_api_gives_both_figures(api, office, hnte):
    _recognise(office, _enterprise(office, 6, "城关区"), "GR202062000006", "2020-05-06")
    inds = {i["name"]: i for i in api.as_user(office).get(f"/api/plans/{hnte.plan_id}/indicators").json()}
    got = inds["高新技术企业"]
    row = _row(hnte.plan)
    assert got["source"] == SOURCE and got["authoritative"] == "reported"
    assert Decimal(got["registry"]) == row.registry and Decimal(got["reported"]) == row.reported
    assert {s["label"]: Decimal(s["registry"]) for s in got["split"]} == _splits(row, "registry")
    assert inds["新产品"]["registry"] is None and inds["新产品"]["source"] == ""


def test_a_plan_may_not_count_a_source_it_does_not_name(demo):
    structure = {
        "year": 2031,
        "title": "测试计划",
        "tasks": [],
        "indicators": [{"name": "高新技术企业", "unit": "家", "target": 10, "authoritative": "source"}],
    }
    with pytest.raises(ValidationFailed) as caught:
        services.plan_create_from_structure(actor=None, structure=structure)
    assert [d["field"] for d in caught.value.detail] == ["indicators[1].authoritative"]
