"""/api/market/match and listing matches: ranked hits of the asked kinds with reasons, and the `market
match` command printing the same JSON."""

import io
import json

import pytest
from django.core.management import call_command

from innozone.market.models import Listing

from .api_calls import HIT_KEYS, SOLVERS, _error, _ok, _sem


def test_match_returns_ranked_hits_of_solver_kinds_with_reasons(api, people):
    api.as_user(people["enterprise"])
    text = "钕铁硼磁粉的扫描电子显微镜形貌检测"
    hits = _ok(api.get(f"/api/market/match?text={text}&field=新材料&region=兰州市城关区"))
    assert 0 < len(hits) <= 10
    published = dict(Listing.objects.filter(status="published").values_list("pk", "title"))
    for h in hits:
        assert set(h) == HIT_KEYS
        assert isinstance(h["score"], float) and isinstance(h["reasons"], list) and h["reasons"]
        assert h["kind"] in SOLVERS
        assert published[h["id"]] == h["title"]
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    # the analysis centre's scanning electron microscope is what the text asks for
    assert _sem().pk in [h["id"] for h in hits]


@pytest.mark.parametrize("kind", ["instrument", "expert", "demand", "achievement"])
def test_match_keeps_only_the_asked_kind(api, people, kind):
    hits = _ok(
        api.as_user(people["enterprise"]).get(f"/api/market/match?text=稀土永磁材料 检测 工艺&kind={kind}&top=50")
    )
    assert hits
    assert {h["kind"] for h in hits} == {kind}
    assert len(hits) <= 50


def test_match_top_limits_the_hits(api, people):
    hits = _ok(api.as_user(people["enterprise"]).get("/api/market/match?text=新材料 检测 技术&top=3"))
    assert len(hits) == 3


def test_match_without_text_is_an_error_body(api, people):
    body = _error(api.as_user(people["enterprise"]).get("/api/market/match"), 422, "invalid")
    assert any("text" in d["field"] for d in body["detail"])


def test_the_match_command_prints_what_the_api_returns(api, people):
    text = "光伏组件 单晶硅 电池片 效率提升"
    out = io.StringIO()
    call_command("market", "match", "--text", text, "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed, "the demo has photovoltaic listings"
    for h in printed:
        assert set(h) == HIT_KEYS and h["kind"] in SOLVERS and h["reasons"]
    assert printed == _ok(api.as_user(people["enterprise"]).get(f"/api/market/match?text={text}"))

    out = io.StringIO()
    call_command("market", "match", "--text", text, "--kind", "expert", "--top", "4", stdout=out)
    experts = json.loads(out.getvalue())
    assert 0 < len(experts) <= 4 and {h["kind"] for h in experts} == {"expert"}
