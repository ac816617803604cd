"""The registry's demo (innozone/enterprises/demo.py) as the `registry` state holds it: every demo organization
registered with a valid USCC, the demo enterprises labelled, every self-assessment outcome, qualifications in
every state, the pipeline in every stage, and the relations the voucher cap and the related-party check show."""

import datetime as dt

from django.utils import timezone

from innozone.core.models import Organization
from innozone.enterprises import demo as registry_demo
from innozone.enterprises import selectors
from innozone.enterprises.engine.identity import uscc_problem
from innozone.enterprises.models import Cultivation, Enterprise, EnterpriseGroup, Qualification

HNTE_CODES = {"registered_lt_1y", "no_ip", "sci_staff_ratio", "rd_ratio", "rd_domestic_share", "hitech_income_ratio"}


def test_every_demo_organization_has_an_entry_with_a_valid_code(registry):
    kinds = ("enterprise", "university", "institute", "provider")
    orgs = Organization.objects.filter(kind__in=kinds)
    assert orgs.count() > 150
    assert not orgs.filter(registry_entry__isnull=True).exists()
    for e in Enterprise.objects.select_related("organization"):
        assert uscc_problem(e.uscc) is None, e.uscc
        assert e.organization.credit_code == e.uscc
        assert e.legal_representative and e.field and e.industry_code
        assert e.is_demo


def test_demo_enterprises_are_labelled_and_spread_over_both_cities_and_the_parks(registry):
    new = Enterprise.objects.filter(name__endswith="（演示）", figures__isnull=False).distinct()
    assert 110 <= new.count() <= 130
    assert {e.region.code[:2] for e in new} == {"lz", "by"}
    assert {e.park.code for e in new if e.park} == {"lzgx", "lzxq", "lzjk", "bygx"}
    assert len({e.industry_code[0] for e in new}) >= 3
    years = set(new.values_list("figures__year", flat=True))
    last = timezone.localdate().year - 1
    assert years == {last, last - 1, last - 2}


def test_the_self_assessment_gives_every_outcome(registry):
    failed, ready, tsme_ok, tsme_failed = set(), 0, 0, set()
    for e in Enterprise.objects.filter(figures__isnull=False).distinct().prefetch_related("figures"):
        result = selectors.self_assessment(e)
        failed |= set(result.hnte.failed)
        ready += result.ready_for_hnte
        tsme_ok += result.tsme.eligible
        tsme_failed |= set(result.tsme.failed)
    assert failed >= HNTE_CODES
    assert ready >= 10 and tsme_ok >= 10
    assert {"staff_gt_500", "revenue_gt_200m", "score_lt_60", "sci_staff_zero"} <= tsme_failed


def test_qualifications_in_every_state_and_the_pipeline_in_every_stage(registry):
    today = timezone.localdate()
    q = Qualification.objects
    assert q.filter(status="valid", valid_until__gt=today + dt.timedelta(days=183)).exists()
    assert q.filter(status="valid", valid_until__lte=today + dt.timedelta(days=92), valid_until__gte=today).exists()
    assert q.filter(
        status="valid", valid_until__gt=today + dt.timedelta(days=92), valid_until__lte=today + dt.timedelta(days=183)
    ).exists()
    assert q.filter(status="expired").exists() and q.filter(status="revoked").exists()
    assert len(set(q.values_list("kind", flat=True))) >= 5
    assert set(Cultivation.objects.values_list("stage", flat=True)) == set(Cultivation.Stage.values)
    committees = set(Cultivation.objects.values_list("recommended_by__kind", flat=True))
    assert committees == {"committee"}
    for c in Cultivation.objects.exclude(stage="entered"):
        assert c.steps.count() >= 2


def test_related_parties_and_shared_controllers(registry):
    longyuan = Organization.objects.get(name="甘肃陇原新材料科技有限公司")
    yinguang = Organization.objects.get(name="白银银光新能源材料有限公司（演示）")
    assert selectors.controller_group(longyuan.pk) == sorted([longyuan.pk, yinguang.pk])
    assert "王建国" in selectors.related(longyuan.pk, yinguang.pk)
    keys = Enterprise.objects.exclude(actual_controller_key="").values_list("actual_controller_key", flat=True)
    assert sum(1 for k in set(keys) if list(keys).count(k) >= 2) >= 3
    group = EnterpriseGroup.objects.get()
    a, b = group.members.all()[:2]
    assert selectors.related(a.organization_id, b.organization_id)
    # the voucher demo's enterprises keep the flags their scheme asks for
    assert "科技型中小企业" in longyuan.flags and "科技型中小企业" in yinguang.flags


def test_seeding_again_changes_nothing(registry):
    count = Enterprise.objects.count()
    assert registry_demo.seed(with_activity=False) == "enterprises: already loaded"
    assert Enterprise.objects.count() == count
