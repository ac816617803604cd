"""The cases demo: every status, a parallel case through 补正 finished within its clock, yellow, red, overdue,
容缺 cases, ratings including a bad one rectified and one waiting — as the clocks show them today."""

from __future__ import annotations

from innozone.core import workdays
from innozone.onestop.models import Case, Rating
from innozone.onestop.selectors import cases as selectors
from innozone.onestop.services import cases_handling as handling


def test_demo_has_cases_in_every_status(busy_policies):
    demo = Case.objects.filter(is_demo=True)
    assert set(demo.values_list("status", flat=True)) == set(Case.Status.values)
    assert demo.filter(deferred=True).count() >= 2


def test_demo_parallel_case_went_through_correction_and_finished_in_time(busy_policies):
    case = Case.objects.get(title="科技型中小企业评价入库申请（演示）")
    assert case.status == Case.Status.APPROVED and case.corrections.filter(answered_at__isnull=False).exists()
    branches = handling.branches_of(case)
    assert len(branches) == 2 and all(t.status == "approved" for t in branches)
    clock = selectors.clock_of(case)
    assert clock.level == "done" and not clock.late and case.used_days < case.limit_days
    assert case.rating.level == 5


def test_demo_clocks_show_yellow_red_overdue_and_paused(busy_policies):
    is_workday = workdays.calendar()
    levels = {
        c.clock.level
        for c in selectors.with_clocks(Case.objects.filter(is_demo=True), is_workday=is_workday)
        if c.clock
    }
    assert {"green", "yellow", "red", "overdue", "paused", "done"} <= levels


def test_demo_ratings_include_a_rectified_and_a_waiting_bad_one(busy_policies):
    bad = Rating.objects.filter(level__lte=2, case__is_demo=True)
    assert bad.filter(rectified_at__isnull=False).exists()
    assert bad.filter(rectified_at__isnull=True, rectify_due__isnull=False).exists()


def test_every_demo_case_page_opens_for_applicant_department_and_office(busy_policies, client):
    from django.urls import reverse

    from innozone.core.models import User

    office = User.objects.get(username="office")
    for case in Case.objects.filter(is_demo=True).select_related("item"):
        url = reverse("onestop:case_detail", args=[case.pk])
        department = User.objects.filter(
            organization_id=case.item.department_id, role__in=["coordinator", "office_admin"]
        ).first()
        applicant = User.objects.filter(organization_id=case.applicant_id).first()
        for who in (office, department, applicant):
            client.force_login(who)
            response = client.get(url)
            assert response.status_code == 200, (case.number, who.username)
            assert case.number in response.content.decode()
        if selectors.is_decided(case):
            assert client.get(reverse("onestop:case_result", args=[case.pk])).content.startswith(b"%PDF")
    client.force_login(office)
    for name in ("onestop:case_list", "onestop:rating_list"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("onestop:case_list") + "?level=overdue").status_code == 200
