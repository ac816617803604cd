"""The registry's live indicators (core.sources, kind "enterprises"): per-region totals for a year, and an
evaluation framework whose iMeta `Source` names them."""

from decimal import Decimal

import pytest

from innozone.core.errors import ValidationFailed
from innozone.core.models import Region, User
from innozone.core.sources import source
from innozone.enterprises import services
from innozone.enterprises.apps import LIVE_INDICATORS
from innozone.enterprises.engine.identity import complete_uscc

YEAR = 2024


@pytest.fixture
def office(demo):
    return User.objects.get(username="office")


def _register(office, n: int, region: str):
    return services.enterprise_register(
        actor=office,
        data={"uscc": complete_uscc(f"91620100{n:09d}"), "name": f"来源测试{n}有限公司", "region": region},
    )


def _file(office, enterprise, year, *, revenue, rd, source="self"):
    services.figures_file(
        actor=office,
        enterprise=enterprise,
        data={
            "year": year,
            "source": source,
            "employees": 50,
            "sci_staff": 10,
            "revenue": revenue,
            "total_income": revenue,
            "total_assets": "10000000",
            "rd_total": rd,
            "rd_domestic": rd,
        },
    )


def _qualify(office, enterprise, kind, number, issued_on, valid_until=None):
    data = {"kind": kind, "number": number, "issued_on": issued_on, "hitech_field": "materials"}
    if valid_until:
        data["valid_until"] = valid_until
    return services.qualification_record(actor=office, enterprise=enterprise, data=data)


@pytest.fixture
def world(office):
    """Two enterprises in 兰州高新区 and one in 白银高新区 with figures for YEAR and qualifications."""
    a, b = _register(office, 1, "兰州高新区"), _register(office, 2, "兰州高新区")
    c = _register(office, 3, "白银高新区")
    _file(office, a, YEAR, revenue="20000000", rd="1000000")
    _file(office, a, YEAR, revenue="40000000", rd="1000000", source="tax")  # tax counts, self-reported not
    _file(office, b, YEAR, revenue="10000000", rd="500000")
    _file(office, c, YEAR, revenue="30000000", rd="600000")
    _file(office, c, YEAR - 1, revenue="99000000", rd="9900000")  # another year
    _qualify(office, a, "hnte", "GR202462000001", f"{YEAR}-06-01")
    _qualify(office, c, "hnte", "GR202262000003", f"{YEAR - 2}-03-01")  # expired since; valid on 31 Dec YEAR
    _qualify(office, b, "tsme", f"{YEAR}6201000002", f"{YEAR}-04-01")
    return {r.short_name: r.pk for r in Region.objects.filter(short_name__in=["兰州高新区", "白银高新区"])}


def test_the_source_is_registered_with_its_keys(demo):
    found = source("enterprises")
    assert found is not None and set(found.keys(YEAR)) == set(LIVE_INDICATORS)
    assert "研发经费投入强度" in found.missing("人均产值", YEAR)


def test_the_source_returns_totals_per_region(world):
    totals = source("enterprises").totals
    lz, by = world["兰州高新区"], world["白银高新区"]
    assert totals("研发经费", YEAR) == {lz: Decimal(150), by: Decimal(60)}  # 万元: (100 + 50), 60
    # (1,000,000 + 500,000) / (40,000,000 + 10,000,000) = 3 %; 600,000 / 30,000,000 = 2 %
    assert totals("研发经费投入强度", YEAR) == {lz: Decimal("3.00"), by: Decimal("2.00")}
    assert totals("高新技术企业", YEAR) == {lz: Decimal(1)}  # 白银's was recognised in an earlier year
    assert totals("高新技术企业数", YEAR) == {lz: Decimal(1), by: Decimal(1)}
    assert totals("科技型中小企业", YEAR) == {lz: Decimal(1)}
    assert totals("研发经费投入强度", YEAR + 5) == {}


def test_an_evaluation_framework_reads_the_registry(world, office):
    from innozone.evaluation import services as evaluation
    from innozone.evaluation.demo import seed_evaluation
    from innozone.evaluation.models import DataSet

    framework = seed_evaluation()
    meta = [dict(r) for r in framework.meta]
    codes = [r["iCode"] for r in meta if r.get("Type") == "Indicator"][:2]
    for r in meta:
        if r.get("Type") == "Indicator":
            r["Source"] = {codes[0]: "enterprises:研发经费投入强度", codes[1]: "enterprises:高新技术企业"}.get(
                r["iCode"], ""
            )
    framework.meta = meta
    framework.save(update_fields=["meta"])
    base = DataSet.objects.filter(framework=framework).first()
    live = evaluation.dataset_build_live(actor=office, base=base, year=YEAR, name="企业库实时")
    rows = {r["uName"]: r for r in live.rows}
    assert rows["兰州高新区"][codes[0]] == 3.0 and rows["白银高新区"][codes[0]] == 2.0
    assert rows["兰州高新区"][codes[1]] == 1.0 and rows["白银高新区"][codes[1]] == 0.0
    for r in meta:
        if r.get("iCode") == codes[1]:
            r["Source"] = "enterprises:没有的指标"
    framework.meta = meta
    framework.save(update_fields=["meta"])
    base = DataSet.objects.get(pk=base.pk)
    with pytest.raises(ValidationFailed) as caught:
        evaluation.dataset_build_live(actor=office, base=base, year=YEAR, name="另一个")
    assert "没有的指标" in caught.value.detail[0]["message"]
