"""The library's pages: list with search/filters/pagination/Excel, policy page (clauses in words, expired
marked, office buttons only for the office), the 1+N tree, the editors (policy, clause with rows, live words by
HTMX, test against enterprises), fair review page, publish/withdraw by POST, permissions on drafts."""

import io

import pytest
from openpyxl import load_workbook

from innozone.core.models import User
from innozone.enterprises import selectors as registry
from innozone.policies.demo import library as demo
from innozone.policies.models import Clause, Policy


@pytest.fixture
def users(policy_world):
    names = ["office", "enterprise", "leader", "kjj", "lzgx"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _as(client, user):
    client.force_login(user)
    return client


def test_library_lists_valid_policies_and_searches(client, users):
    c = _as(client, users["enterprise"])
    page = c.get("/policies/")
    assert page.status_code == 200
    html = page.content.decode()
    assert demo.FRAMEWORK_TITLE in html and "2020年版" not in html  # expired hidden by default
    assert "新建政策" not in html
    found = c.get("/policies/", {"q": "高新技术企业"}).content.decode()
    assert "<mark>高新技术</mark><mark>企业</mark>" in found
    assert "没有找到" in c.get("/policies/", {"q": "量子纠缠星际航行"}).content.decode()
    expired = c.get("/policies/", {"state": "expired"}).content.decode()
    assert "2020年版" in expired


def test_library_excel_has_the_filtered_rows(client, users):
    c = _as(client, users["enterprise"])
    response = c.get("/policies/", {"format": "xlsx", "level": "city"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "政策名称"
    expected = Policy.objects.filter(level="city", status="published").exclude(effective_until__lt="2000-01-01")
    assert {r[0] for r in rows[1:]} <= set(expected.values_list("title", flat=True))
    assert len(rows) > 1 and all(r[3] == "市级" for r in rows[1:])
    clauses = c.get("/policies/clauses.xlsx")
    assert len(list(load_workbook(io.BytesIO(clauses.content)).active.iter_rows())) > 20


def test_pagination(client, users):
    from innozone.policies.services import library

    for n in range(25):
        library.policy_create(actor=users["office"], title=f"分页测试政策{n}", issuer="测试")
    c = _as(client, users["office"])
    first = c.get("/policies/", {"state": "draft"}).content.decode()
    assert "第 1 / 2 页" in first
    second = c.get("/policies/", {"state": "draft", "page": 2}).content.decode()
    assert "第 2 / 2 页" in second


def test_policy_page_shows_clauses_in_words_and_no_office_buttons_to_enterprises(client, users):
    policy = Policy.objects.filter(is_demo=True, status="published", clauses__no_application=True).first()
    c = _as(client, users["enterprise"])
    html = c.get(f"/policies/p/{policy.pk}/").content.decode()
    clause = policy.clauses.filter(status="published").first()
    assert clause.condition_text in html and "免申即享" in html
    assert "修改政策" not in html and "废止" not in html and "新增条款" not in html
    office = _as(client, users["office"]).get(f"/policies/p/{policy.pk}/").content.decode()
    assert "修改政策" in office and "废止" in office


def test_expired_policy_is_marked(client, users):
    expired = Policy.objects.get(status="expired")
    html = _as(client, users["enterprise"]).get(f"/policies/p/{expired.pk}/").content.decode()
    assert "该政策已失效" in html


def test_drafts_are_hidden_from_enterprises_and_other_units(client, users):
    draft = Policy.objects.get(status="draft", is_demo=True)
    assert _as(client, users["enterprise"]).get(f"/policies/p/{draft.pk}/").status_code == 404
    assert _as(client, users["lzgx"]).get(f"/policies/p/{draft.pk}/").status_code == 404
    assert _as(client, users["leader"]).get(f"/policies/p/{draft.pk}/").status_code == 200
    assert draft.title not in _as(client, users["enterprise"]).get("/policies/", {"state": "all"}).content.decode()


def test_tree_page(client, users):
    html = _as(client, users["enterprise"]).get("/policies/tree/").content.decode()
    assert demo.FRAMEWORK_TITLE in html and "白银市支持白银自创区" in html


def test_office_creates_a_policy_and_a_clause_through_the_pages(client, users):
    c = _as(client, users["office"])
    assert _as(client, users["enterprise"]).get("/policies/p/new/").status_code == 403
    c = _as(client, users["office"])
    response = c.post("/policies/p/new/", {"title": "", "issuer": ""})
    assert response.status_code == 200 and "请填写政策名称" in response.content.decode()
    response = c.post("/policies/p/new/", {"title": "页面新建政策", "issuer": "兰州市人民政府", "level": "city"})
    policy = Policy.objects.get(title="页面新建政策")
    assert response.status_code == 302 and policy.status == "draft"
    form = {
        "title": "页面条款",
        "kind": "reward",
        "amount_type": "fixed",
        "amount_amount": "50000",
        "cond_join": "and",
        "cond_group": ["", "", ""],
        "cond_var": ["years_registered", "rd_ratio", ""],
        "cond_op": [">=", ">=", ">="],
        "cond_value": ["2", "3", ""],
    }
    response = c.post(f"/policies/p/{policy.pk}/clauses/new/", form)
    clause = Clause.objects.get(policy=policy)
    assert response.status_code == 302
    assert clause.condition_text == "注册成立满2年 且 研发费用占销售收入比例 ≥ 3%"
    assert clause.amount_rule == {"type": "fixed", "amount": "50000"}
    edit = c.get(f"/policies/clauses/{clause.pk}/edit/").content.decode()
    assert 'value="rd_ratio" selected' in edit and "按企业测试条件" in edit
    bad = c.post(f"/policies/p/{policy.pk}/clauses/new/", form | {"cond_value": ["x", "3", ""], "title": "坏"})
    assert bad.status_code == 422 and "值的类型与变量不符" in bad.content.decode()
    publish = c.post(f"/policies/p/{policy.pk}/publish/")
    assert publish.status_code == 302
    policy.refresh_from_db()
    assert policy.status == "published"


def test_rule_words_live(client, users):
    c = _as(client, users["office"])
    data = {
        "cond_join": "or",
        "cond_group": ["", ""],
        "cond_var": ["qualifications", "size"],
        "cond_op": ["contains", "in"],
        "cond_value": ["hnte", "small,micro"],
        "amount_type": "ratio",
        "amount_figure": "rd_total",
        "amount_rate": "0.1",
        "amount_cap": "500000",
    }
    html = c.post("/policies/rules/describe/", data).content.decode()
    assert "持有有效的高新技术企业资质 或 企业规模为小型或微型" in html
    assert "500,000.00" in html
    bad = c.post("/policies/rules/describe/", data | {"amount_rate": "2"}).content.decode()
    assert "比例须大于 0 且不超过 1" in bad
    assert _as(client, users["enterprise"]).post("/policies/rules/describe/", data).status_code == 403


def test_rule_test_against_enterprises(client, users):
    pytest.importorskip("innozone.policies.selectors.matching")
    clause = Clause.objects.filter(status="published", policy__is_demo=True).first()
    uscc = registry.enterprise_of(users["enterprise"].organization_id).uscc
    c = _as(client, users["office"])
    data = {
        "uscc": f"{uscc}\n91620000XXXXXXXXXX",
        "cond_join": "and",
        "cond_group": [""],
        "cond_var": ["years_registered"],
        "cond_op": [">="],
        "cond_value": ["0"],
    }
    html = c.post(f"/policies/clauses/{clause.pk}/test/", data).content.decode()
    assert "甘肃陇原新材料科技有限公司" in html and "符合" in html and "91620000XXXXXXXXXX" in html
    assert _as(client, users["enterprise"]).post(f"/policies/clauses/{clause.pk}/test/", data).status_code == 403


def test_fair_review_page(client, users):
    pending = Policy.objects.get(status="review")
    c = _as(client, users["office"])
    html = c.get(f"/policies/p/{pending.pk}/fair-review/").content.decode()
    assert "给予特定经营者选择性、差异化的财政奖励或者补贴" in html and "审查中" in html
    assert _as(client, users["enterprise"]).get(f"/policies/p/{pending.pk}/fair-review/").status_code == 404
    published = Clause.objects.get(favours_specific=True, status="published").policy
    assert _as(client, users["enterprise"]).get(f"/policies/p/{published.pk}/fair-review/").status_code == 403


def test_withdraw_by_post(client, users):
    policy = Policy.objects.filter(is_demo=True, status="published", is_framework=False).first()
    c = _as(client, users["office"])
    c.post(f"/policies/p/{policy.pk}/withdraw/", {"reason": ""})
    policy.refresh_from_db()
    assert policy.status == "published"
    c.post(f"/policies/p/{policy.pk}/withdraw/", {"reason": "已被新政策取代"})
    policy.refresh_from_db()
    assert policy.status == "withdrawn"


def test_list_page_query_count_does_not_grow_with_policies(client, users, django_assert_max_num_queries):
    c = _as(client, users["enterprise"])
    with django_assert_max_num_queries(14):
        assert c.get("/policies/").status_code == 200


def test_editor_pages_render_and_nested_rules_open_in_the_advanced_box(client, users):
    c = _as(client, users["office"])
    assert "框架政策（“1”）：其他政策可作为实施细则挂在其下" in c.get("/policies/p/new/").content.decode()
    policy = Policy.objects.get(status="draft", is_demo=True)
    assert "申享条件" in c.get(f"/policies/p/{policy.pk}/clauses/new/").content.decode()
    nested = {"or": [{"and": [{"or": [{">": [{"var": "employees"}, 1]}, {">": [{"var": "revenue"}, 1]}]}]}]}
    clause = Clause.objects.create(policy=policy, title="嵌套条件", kind="reward", condition=nested)
    html = c.get(f"/policies/clauses/{clause.pk}/edit/").content.decode()
    assert "<details open>" in html and "&quot;employees&quot;" in html
    published = Policy.objects.filter(status="published", is_demo=True, is_framework=False).first()
    html = c.get(f"/policies/p/{published.pk}/edit/").content.decode()
    assert f'value="{published.title}"' in html
    assert _as(client, users["leader"]).get(f"/policies/p/{published.pk}/edit/").status_code == 403


def test_clause_editor_ships_the_operators_per_variable(client, users):
    import json
    import re

    clause = Clause.objects.filter(status="published", policy__is_demo=True).first()
    html = _as(client, users["office"]).get(f"/policies/clauses/{clause.pk}/edit/").content.decode()
    data = json.loads(re.search(r'<script id="rule-ops" type="application/json">(.*?)</script>', html).group(1))
    assert data["qualifications"] == ["contains", "not_contains"] and "between" in data["rd_ratio"]
    assert "js/policies_rules.js" in html


def test_publish_button_only_when_there_is_something_to_publish(client, users):
    policy = Policy.objects.filter(title__startswith="兰州市支持兰白自创区").get()
    c = _as(client, users["office"])
    assert "发布新增/修订条款" not in c.get(f"/policies/p/{policy.pk}/").content.decode()
    Clause.objects.create(policy=policy, title="新条款", kind="service", condition={})
    assert "发布新增/修订条款（1）" in c.get(f"/policies/p/{policy.pk}/").content.decode()
    pending = Policy.objects.get(status="review")
    assert "去审批" in c.get(f"/policies/p/{pending.pk}/fair-review/").content.decode()
