"""The catalogue demo: a dozen published items incl. the platform's flows (each link resolves), licence items
within the licence law, the parallel items the cases demo uses, 容缺 materials with templates, the two lists;
rerunning adds nothing; the office's 2027 entries only with activity."""

import datetime as dt

import pytest
from django.urls import reverse

from innozone.core import workdays
from innozone.core.models import WorkdayOverride
from innozone.onestop.demo import catalogue as demo
from innozone.onestop.models import ItemMaterial, NegativeEntry, PowerEntry, ServiceItem
from innozone.onestop.selectors import catalogue as selectors
from innozone.onestop.services import catalogue as services

FLOWS = {
    "62000000ZC-JF-0001": "vouchers:apply",
    "62000000ZC-JF-0002": "funds:index",
    "62000000KJ-QR-0001": "market:contracts",
    "62010000KJ-QR-0001": "enterprises:mine",
    "62000000KJ-QR-0002": "platforms:list",
}


def test_demo_catalogue(policy_world):
    published = ServiceItem.objects.filter(status="published")
    assert published.count() >= 12
    for code, name in FLOWS.items():
        item = ServiceItem.objects.get(code=code)
        assert item.flow_url == name and selectors.apply_link(item) == reverse(name)
    for item in published:
        assert services.publish_problems(item) == [], item.code
    licences = ServiceItem.objects.filter(clock="licence")
    assert licences.count() >= 1 and all(i.type == "XK" and i.statutory_days <= 20 for i in licences)
    two = ServiceItem.objects.get(code=demo.PARALLEL_TWO)
    assert set(two.branch_departments.values_list("name", flat=True)) == {demo.KJJ, demo.SCJG}
    three = ServiceItem.objects.get(code=demo.PARALLEL_THREE)
    assert set(three.branch_departments.values_list("name", flat=True)) == {demo.KJT, demo.KJJ, demo.SCJG}
    assert two.materials.filter(may_defer=True).exists() and three.materials.filter(may_defer=True).exists()
    assert ItemMaterial.objects.exclude(template="").count() >= 12
    assert ServiceItem.objects.get(code="62000000KJ-QR-0098").status == "suspended"
    assert ServiceItem.objects.get(code="62000000KJ-QT-0099").status == "draft"
    assert PowerEntry.objects.count() >= 10 and NegativeEntry.objects.count() >= 5
    assert not WorkdayOverride.objects.filter(day__year=2027).exists()
    assert not workdays.known(2027)


def test_rerun_adds_nothing(policy_world):
    counts = (ServiceItem.objects.count(), ItemMaterial.objects.count(), PowerEntry.objects.count())
    demo.seed_part(with_activity=False)
    assert (ServiceItem.objects.count(), ItemMaterial.objects.count(), PowerEntry.objects.count()) == counts


@pytest.mark.parametrize("day", [dt.date(2027, 1, 1), dt.date(2027, 2, 5), dt.date(2027, 2, 8)])
def test_busy_demo_has_the_2027_dates_the_law_fixes(busy_policies, day):
    assert WorkdayOverride.objects.get(day=day).is_workday is False
    assert workdays.known(2027) and not workdays.calendar()(day)


def test_every_apply_link_opens_for_an_applicant(client, busy_policies):
    """The front door leads somewhere the applicant may go: each published item's apply link opens for the
    enterprise user (no 403/404)."""
    from innozone.core.models import User

    client.force_login(User.objects.get(username="enterprise"))
    for item in ServiceItem.objects.filter(status="published"):
        link = selectors.apply_link(item)
        response = client.get(link)
        assert response.status_code in (200, 302), (item.code, link, response.status_code)
        if response.status_code == 302:
            assert client.get(response.url).status_code == 200, (item.code, response.url)
