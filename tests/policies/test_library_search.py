"""Search: the market's jieba analysis stored on each policy, BM25 ranking over the filtered policies (a title
word ranks above the same word deep in the text), filters, and highlights that stay escaped."""

import pytest

from innozone.core.models import User
from innozone.policies.models import Policy
from innozone.policies.selectors import library as selectors
from innozone.policies.selectors import search
from innozone.policies.services import library


@pytest.fixture
def office(policy_world):
    return User.objects.get(username="office")


def test_tokens_use_the_market_analysis_and_count_the_title(office):
    policy = library.policy_create(actor=office, title="稀土永磁材料奖励", issuer="白银市", full_text="支持企业")
    tokens = policy.search_tokens.split()
    assert tokens.count("稀土") >= 3 and "永磁" in tokens and "支持" in tokens


def test_title_hit_ranks_first_and_unrelated_policies_are_not_hits(office):
    a = library.policy_create(actor=office, title="石墨烯产业发展措施", issuer="甲", full_text="对企业给予支持。")
    b = library.policy_create(actor=office, title="科技金融措施", issuer="乙", full_text="……涉及石墨烯的贷款……")
    c = library.policy_create(actor=office, title="人才措施", issuer="丙", full_text="安家补贴")
    ranked = search.rank(Policy.objects.filter(pk__in=[a.pk, b.pk, c.pk]), "石墨烯")
    assert [pk for pk, _s in ranked] == [a.pk, b.pk]
    assert ranked[0][1] > ranked[1][1] > 0
    assert search.rank(Policy.objects.all(), "的 了") == []  # stopwords only


def test_demo_search_finds_rd_policies_with_filters(office):
    qs = selectors.policy_filter(selectors.policies_for(office), state="valid")
    ranked = search.rank(qs, "研发费用 补助")
    top = Policy.objects.get(pk=ranked[0][0])
    assert top.clauses.filter(title__contains="研发").exists()
    assert all(score > 0 for _pk, score in ranked)
    city = selectors.policy_filter(selectors.policies_for(office), state="valid", level="provincial")
    assert all(Policy.objects.get(pk=pk).level == "provincial" for pk, _s in search.rank(city, "科技"))


def test_highlight_segments_mark_tokens_and_snippet_the_text():
    pattern = search._pattern(["研发", "补助"])
    segs = search.segments("企业研发投入后补助", pattern)
    assert segs == [("企业", False), ("研发", True), ("投入后", False), ("补助", True)]
    text = "甲" * 100 + "研发" + "乙" * 200
    snip = search.snippet(text, pattern)
    joined = "".join(t for t, _m in snip)
    assert joined.startswith("…") and joined.endswith("…") and ("研发", True) in snip


def test_page_escapes_highlighted_text(client, office):
    library.policy_create(actor=office, title="<script>alert(1)</script> 研发奖励", issuer="x")
    client.force_login(office)
    html = client.get("/policies/?q=研发&state=all").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html and "<mark>研发</mark>" in html
