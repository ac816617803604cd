"""The enterprise's own forms on the registry pages: parties (line by line, a person's ID number asked again),
yearly figures (self-reported only), the profile (related parties keyed, the USCC the office's)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from .pages import FIGURES, code, people, world


@pytest.fixture
def users(registry):
    return people()


@pytest.fixture
def entries(users):
    return world(users)


# --- the enterprise's own forms --------------------------------------------------------------------------


def _id_number() -> str:
    from stdnum.cn import ric

    body = "62010219900101123"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 of 18


def test_the_enterprise_sets_its_parties_and_a_persons_id_must_be_given_again(client, users, entries):
    longyuan = entries["longyuan"]
    url = reverse("enterprises:parties", args=[longyuan.pk])
    client.force_login(users["enterprise"])
    data = {"shareholders": f"测试控股有限公司, 40, {code(70)}\n张三, 35, {_id_number()}", "people": "李四, 董事长"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    keys = dict(longyuan.shareholders.values_list("name", "holder_key"))
    assert keys["测试控股有限公司"] == f"org:{code(70)}" and keys["张三"].startswith("person:")
    initial = client.get(url).context["form"].initial["shareholders"]
    assert code(70) in initial and _id_number() not in initial
    response = client.post(url, {"shareholders": initial, "people": "李四, 董事长"})
    assert response.status_code == 200 and "张三" in str(response.context["form"].errors["shareholders"])
    assert dict(longyuan.shareholders.values_list("name", "holder_key"))["张三"] == keys["张三"]


def test_the_enterprise_files_its_own_figures_but_not_as_tax_or_statistics(client, users, entries):
    longyuan = entries["longyuan"]
    url = reverse("enterprises:figures", args=[longyuan.pk])
    client.force_login(users["enterprise"])
    year = timezone.localdate().year - 1
    response = client.post(url, {**FIGURES, "year": year, "source": "tax"})
    assert response.status_code == 200 and response.context["form"].errors.get("source")
    bad = client.post(url, {**FIGURES, "year": year, "sci_staff": "500"})
    assert "科技人员数不能超过职工总数" in str(bad.context["form"].errors)
    assert client.post(url, {**FIGURES, "year": year, "revenue": "81,000,000.50"}).status_code == 302
    row = longyuan.figures.get(year=year, source="self")
    assert str(row.revenue) == "81000000.50"


def test_a_bad_party_line_is_shown_on_its_box_with_its_line_number(client, users, entries):
    url = reverse("enterprises:parties", args=[entries["longyuan"].pk])
    client.force_login(users["enterprise"])
    response = client.post(url, {"shareholders": "甲公司, 30\n乙公司, 120", "people": "王五, 门卫"})
    errors = response.context["form"].errors
    assert "第 2 行" in str(errors["shareholders"]) and "第 1 行" in str(errors["people"])


def test_the_profile_form_keys_the_actual_controller_so_related_parties_are_found(client, users, entries):
    from innozone.enterprises.forms import ProfileForm
    from innozone.enterprises.selectors import related

    longyuan, baiyin = entries["longyuan"], entries["baiyin"]
    client.force_login(users["office"])
    for entry in (longyuan, baiyin):
        data = {k: v for k, v in ProfileForm.initial_for(entry).items() if v not in (None, "", False)}
        data.update(actual_controller="赵六", actual_controller_id=_id_number())
        response = client.post(reverse("enterprises:edit", args=[entry.pk]), data)
        assert response.status_code == 302, response.context["form"].errors
    assert "赵六" in related(longyuan.organization_id, baiyin.organization_id)
    client.force_login(users["enterprise"])
    data = {k: v for k, v in ProfileForm.initial_for(longyuan).items() if v not in (None, "", False)}
    response = client.post(reverse("enterprises:edit", args=[longyuan.pk]), {**data, "uscc": code(99)})
    longyuan.refresh_from_db()
    assert response.status_code == 302 and longyuan.uscc != code(99)  # the identity is the office's to correct
