"""The registry's data migration (enterprises 0002) run for real with the migration executor: the database is
taken back to before it (vouchers still with RelatedParty), rows are made with the historical models, then
migrated forward — organizations with a valid USCC and a region become entries, the declared relations
between two of them become groups, and the vouchers' RelatedParty table is gone."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from innozone.enterprises.engine.identity import complete_uscc

BEFORE = [("enterprises", "0001_initial"), ("vouchers", "0003_redemption_redeemed_and_reviewed_by")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    _to_latest()  # whatever the test did, leave the schema as the other tests expect it


def test_organizations_with_a_valid_code_become_registry_entries(old_apps):
    Region = old_apps.get_model("core", "Region")
    Organization = old_apps.get_model("core", "Organization")
    RelatedParty = old_apps.get_model("vouchers", "RelatedParty")
    city = Region.objects.create(code="t-city", name="测试市", kind="city")
    park = Region.objects.create(code="t-park", name="测试园区", kind="park", parent=city)
    good = complete_uscc("91620100MA7T00001")
    make = Organization.objects.create
    firm = make(name="甲公司", kind="enterprise", region=park, credit_code=good, legal_representative="张三")
    uni = make(name="乙大学", kind="university", region=city, credit_code=complete_uscc("12620100MA7T00002"))
    lower = make(name="丙公司", kind="enterprise", region=city, credit_code=complete_uscc("91620100MA7T00003").lower())
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    make(name="校验位错", kind="enterprise", region=city, credit_code=bad)
    make(name="无地区", kind="enterprise", region=None, credit_code=complete_uscc("91620100MA7T00004"))
    make(name="服务机构", kind="provider", region=city, credit_code=complete_uscc("91620100MA7T00005"))
    make(name="无代码", kind="institute", region=city, credit_code="")
    unconverted = Organization.objects.get(name="校验位错")
    RelatedParty.objects.create(a=firm, b=uni, relation="共建实验室")
    RelatedParty.objects.create(a=firm, b=unconverted, relation="控股")

    new_apps = _to_latest()

    Enterprise = new_apps.get_model("enterprises", "Enterprise")
    EnterpriseGroup = new_apps.get_model("enterprises", "EnterpriseGroup")
    got = {e.name: e for e in Enterprise.objects.all()}
    assert set(got) == {"甲公司", "乙大学", "丙公司"}
    assert (got["甲公司"].uscc, got["甲公司"].kind, got["甲公司"].legal_representative) == (good, "enterprise", "张三")
    assert (got["甲公司"].region_id, got["甲公司"].park_id) == (park.pk, park.pk)
    assert got["甲公司"].organization_id == firm.pk
    assert (got["乙大学"].kind, got["乙大学"].region_id, got["乙大学"].park_id) == ("university", city.pk, None)
    assert got["丙公司"].uscc == lower.credit_code.upper()
    group = EnterpriseGroup.objects.get()  # the relation with the unconverted organization is dropped
    assert group.name == "共建实验室"
    assert {m.organization_id for m in group.members.all()} == {firm.pk, uni.pk}
    with pytest.raises(LookupError):
        new_apps.get_model("vouchers", "RelatedParty")
    assert "vouchers_relatedparty" not in connection.introspection.table_names()
