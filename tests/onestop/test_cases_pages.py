"""Cases pages: the application form with files and 容缺, the lists per role with empty states and Excel, the
case page with the forms of whoever may act, a branch decided from the case page, the result PDF."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from innozone.onestop.models import Case
from innozone.onestop.services import cases as services
from innozone.onestop.services import cases_handling as handling

from .cases_world import make_item, materials, pdf, submit, user


def test_apply_with_files_and_deferral(policy_world, client):
    item = make_item()
    form, licence, _ = materials(item)
    client.force_login(user("enterprise"))
    url = reverse("onestop:case_new", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200 and "容缺后补" in page.content.decode()
    bad = client.post(url, {"title": "申请", "contact": "张三", "phone": "1", f"material_{form.pk}": pdf()})
    assert bad.status_code == 200 and "请上传“营业执照”" in bad.content.decode()
    assert not Case.objects.filter(item=item).exists()
    until = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    ok = client.post(
        url,
        {
            "title": "申请",
            "contact": "张三",
            "phone": "1",
            f"material_{form.pk}": pdf(),
            f"defer_{licence.pk}": "1",
            "promise": "on",
            "deferred_until": until,
        },
    )
    case = Case.objects.get(item=item)
    assert ok.status_code == 302 and ok.url == reverse("onestop:case_detail", args=[case.pk])
    assert case.deferred and case.materials.count() == 1


def test_apply_is_forbidden_for_department_staff(policy_world, client):
    item = make_item()
    client.force_login(user("kjt"))
    assert client.get(reverse("onestop:case_new", args=[item.pk])).status_code == 403


def test_lists_per_role_with_empty_states_and_excel(policy_world, client):
    client.force_login(user("enterprise"))
    empty = client.get(reverse("onestop:case_mine"))
    assert empty.status_code == 200 and 'id="empty"' in empty.content.decode()
    case = submit(make_item())
    mine = client.get(reverse("onestop:case_mine")).content.decode()
    assert case.number in mine
    assert client.get(reverse("onestop:case_queue")).status_code == 403
    assert client.get(reverse("onestop:case_list")).status_code == 403
    client.force_login(user("kjt"))
    queue = client.get(reverse("onestop:case_queue") + "?tab=accept").content.decode()
    assert case.number in queue
    client.force_login(user("leader"))
    everything = client.get(reverse("onestop:case_list"))
    assert case.number in everything.content.decode()
    xlsx = client.get(reverse("onestop:case_list") + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(user("provider"))
    assert client.get(reverse("onestop:case_detail", args=[case.pk])).status_code == 404


def test_department_accepts_and_a_branch_decides_from_the_case_page(policy_world, client):
    case = submit(make_item(branches=("兰州市科学技术局", "甘肃省市场监督管理局")))
    url = reverse("onestop:case_detail", args=[case.pk])
    client.force_login(user("enterprise"))
    assert 'id="accept-form"' not in client.get(url).content.decode()
    client.force_login(user("kjt"))
    assert 'id="accept-form"' in client.get(url).content.decode()
    client.post(reverse("onestop:case_accept", args=[case.pk]), {"note": "齐全"})
    case.refresh_from_db()
    assert case.status == Case.Status.BRANCHES
    client.force_login(user("kjj"))
    page = client.get(url).content.decode()
    assert 'id="branches"' in page and 'id="branch-form"' in page
    task = next(t for t in handling.branches_of(case) if t.approver_id == user("kjj").organization_id)
    client.post(reverse("onestop:case_branch", args=[case.pk, task.pk]), {"decision": "approve", "comment": "同意"})
    task.refresh_from_db()
    assert task.status == "approved"
    client.force_login(user("enterprise"))
    page = client.get(url).content.decode()
    assert "兰州市科学技术局" in page and "同意" in page  # the applicant sees each branch


def test_refused_action_is_shown_not_raised(policy_world, client):
    case = submit(make_item())
    client.force_login(user("kjt"))
    response = client.post(reverse("onestop:case_refuse", args=[case.pk]), {"reason": ""}, follow=True)
    assert response.status_code == 200 and "请填写不予受理的理由" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Case.Status.SUBMITTED


def test_result_pdf_for_applicant_and_department_only_when_decided(policy_world, client):
    case = submit(make_item())
    client.force_login(user("enterprise"))
    assert client.get(reverse("onestop:case_result", args=[case.pk])).status_code == 404
    services.case_accept(actor=user("kjt"), case=case)
    handling.case_decide(actor=user("kjt"), case=case, approve=True, note="同意")
    for username in ("enterprise", "kjt"):
        client.force_login(user(username))
        response = client.get(reverse("onestop:case_result", args=[case.pk]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(user("enterprise"))
    page = client.get(reverse("onestop:case_detail", args=[case.pk])).content.decode()
    assert 'id="rating-form"' in page


def test_ratings_page(policy_world, client):
    client.force_login(user("office"))
    response = client.get(reverse("onestop:rating_list"))
    assert response.status_code == 200 and 'id="empty"' in response.content.decode()
    client.force_login(user("enterprise"))
    assert client.get(reverse("onestop:rating_list")).status_code == 403


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_the_cases(policy_world, client):
    item = make_item()
    submit(item)
    services.case_accept(actor=user("kjt"), case=Case.objects.get())
    client.force_login(user("office"))
    url = reverse("onestop:case_list")
    few = _queries(client, url)
    for _ in range(5):
        services.case_accept(actor=user("kjt"), case=submit(item))
    assert _queries(client, url) == few
