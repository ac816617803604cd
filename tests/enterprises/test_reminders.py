"""The daily qualification task: reminders 6 and 3 months before expiry, once each, to the enterprise's
users and the office; expiry flips the status and the organization's flags (read by voucher eligibility)."""

import datetime as dt

import pytest

from innozone.core.models import Notice, Organization, User
from innozone.enterprises import services
from innozone.enterprises.engine.identity import complete_uscc
from innozone.enterprises.models import Qualification
from innozone.enterprises.tasks import qualifications_daily

TODAY = dt.date.today()
VALID_UNTIL = dt.date(TODAY.year + 2, 1, 14)
SIX_MONTHS_BEFORE = dt.date(TODAY.year + 1, 7, 14)
THREE_MONTHS_BEFORE = dt.date(TODAY.year + 1, 10, 14)


@pytest.fixture
def people(demo):
    return {u.username: u for u in User.objects.select_related("organization")}


@pytest.fixture
def certificate(people):
    """The demo enterprise (registered by its own user) holding a 高企 certificate, and another flag."""
    enterprise = services.enterprise_register(
        actor=people["enterprise"],
        data={"uscc": complete_uscc("91620100000000077"), "name": "甘肃提醒测试科技有限公司", "region": "城关区"},
    )
    org = enterprise.organization
    org.flags = ["孵化器在孵企业"]
    org.save(update_fields=["flags"])
    return services.qualification_record(
        actor=people["office"],
        enterprise=enterprise,
        data={
            "kind": "hnte",
            "number": "GR202462000777",
            "issued_on": dt.date(TODAY.year - 1, 1, 15).isoformat(),
            "valid_until": VALID_UNTIL.isoformat(),
            "hitech_field": "electronics",
        },
    )


def run(day: dt.date) -> dict:
    return qualifications_daily.enqueue(day.isoformat()).return_value


def notices(certificate):
    return Notice.objects.filter(dedupe_key__startswith=f"qual:{certificate.pk}:")


def test_reminders_six_and_three_months_before_once_each_to_the_enterprise_and_the_office(certificate):
    org_id = certificate.enterprise.organization_id
    expected = set(User.objects.filter(organization_id=org_id, is_active=True).values_list("pk", flat=True))
    expected |= set(User.objects.filter(role="office_admin", is_active=True).values_list("pk", flat=True))
    assert len(expected) >= 2

    assert run(SIX_MONTHS_BEFORE - dt.timedelta(days=1)) == {"expired": 0, "reminders": 0}
    assert run(SIX_MONTHS_BEFORE) == {"expired": 0, "reminders": len(expected)}
    six = notices(certificate)
    assert set(six.values_list("recipient_id", flat=True)) == expected
    assert all(str(VALID_UNTIL) in n.title and "GR202462000777" in n.body for n in six)

    for day in (SIX_MONTHS_BEFORE, SIX_MONTHS_BEFORE + dt.timedelta(days=30), THREE_MONTHS_BEFORE - dt.timedelta(1)):
        assert run(day)["reminders"] == 0  # a rerun sends nothing new
    assert notices(certificate).count() == len(expected)

    assert run(THREE_MONTHS_BEFORE)["reminders"] == len(expected)
    assert run(THREE_MONTHS_BEFORE)["reminders"] == 0
    assert run(VALID_UNTIL)["reminders"] == 0
    assert notices(certificate).count() == 2 * len(expected)
    certificate.refresh_from_db()
    assert sorted(certificate.reminded) == [3, 6]


def test_a_missed_six_month_reminder_is_not_sent_after_the_three_month_one(certificate):
    assert run(THREE_MONTHS_BEFORE + dt.timedelta(days=3))["reminders"] >= 2  # the nearest one due
    assert run(THREE_MONTHS_BEFORE + dt.timedelta(days=4))["reminders"] == 0
    assert {n.dedupe_key for n in notices(certificate)} == {f"qual:{certificate.pk}:3"}


def test_expiry_flips_the_status_and_the_flags_voucher_eligibility_reads(certificate):
    org = Organization.objects.get(pk=certificate.enterprise.organization_id)
    assert org.flags == ["孵化器在孵企业", "高新技术企业"]
    assert run(VALID_UNTIL)["expired"] == 0  # still valid on its last day
    assert run(VALID_UNTIL + dt.timedelta(days=1))["expired"] == 1
    certificate.refresh_from_db()
    assert certificate.status == Qualification.Status.EXPIRED
    assert certificate.history.filter(action="expire").count() == 1
    org.refresh_from_db()
    assert org.flags == ["孵化器在孵企业"]  # the other flag is kept
    assert run(VALID_UNTIL + dt.timedelta(days=2))["expired"] == 0
