"""The market's pure search engine: tokenizer, BM25, matcher, metrics and the labelled quality set (no DB)."""

import functools
import json
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import jieba
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innozone.market.engine import (
    BM25Index,
    Document,
    Matcher,
    Places,
    Query,
    Tokenizer,
    Weights,
    analyse,
    evaluate,
    ndcg_at_k,
    recall_at_k,
)
from innozone.market.engine.metrics import dcg
from innozone.market.engine.tokenize import read_terms
from innozone.market.engine.vocabulary import kind_priors

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "market"
BRIEF_TERMS = [
    "稀土永磁",
    "锂电池正极材料",
    "镍钴",
    "光伏组件",
    "氢燃料电池",
    "中药配方颗粒",
    "单晶硅",
    "数控机床",
    "膜分离",
]
BRIEF_TERMS += ["马铃薯脱毒种薯"]


@functools.cache
def tokenizer() -> Tokenizer:
    """One tokenizer for the module (jieba loads in about a second)."""
    return Tokenizer()


DOCS = [
    Document(1, "achievement", "高性能烧结钕铁硼稀土永磁材料制备技术", "采用晶界扩散降低重稀土用量，矫顽力高。",
             "新材料", "白银市白银区", 6, Decimal("120")),
    Document(2, "achievement", "锂电池正极材料高镍三元前驱体", "共沉淀工艺制备前驱体，用于动力电池。",
             "新材料", "金昌市", 7),
    Document(3, "instrument", "振动样品磁强计", "可测试磁体的矫顽力、剩磁等磁性能。", "新材料", "兰州市城关区", None,
             Decimal("300")),
    Document(4, "service", "工业废水零排放技术咨询", "高盐废水膜分离与蒸发结晶方案设计。", "节能环保", "兰州市西固区"),
    Document(5, "expert", "王建国 教授（兰州大学）", "长期从事稀土永磁与磁性材料研究。", "新材料", "兰州市城关区"),
    Document(6, "achievement", "马铃薯脱毒种薯繁育技术", "组培苗快繁与微型薯生产。", "现代农业", "定西市安定区", 8),
]  # fmt: skip


def _place(name, kind, city="", short=""):
    return {"name": name, "short_name": short, "kind": kind, "city": city, "province": "甘肃省"}


# A few of the zone's places, as core.regions.tree().places() gives them; the engine adds its geography.
ZONE = [
    _place("甘肃省", "province", short="甘肃"),
    _place("兰州市", "city", "兰州市", "兰州"),
    _place("白银市", "city", "白银市", "白银"),
    *(_place(name, "district", "兰州市") for name in ("城关区", "七里河区", "西固区")),
    *(_place(name, "district", "白银市") for name in ("白银区", "平川区")),
    _place("景泰县", "county", "白银市"),
    _place("兰白科技创新改革试验区", "zone", short="兰白试验区"),
    _place("兰州新区", "park", "兰州市"),
    _place("兰州高新技术产业开发区", "park", "兰州市", "兰州高新区"),
    _place("白银高新技术产业开发区", "park", "白银市", "白银高新区"),
    _place("兰州经济技术开发区", "park", "兰州市", "兰州经开区"),
]
PLACES = Places.from_rows(ZONE)


@functools.cache
def small_index() -> BM25Index:
    return BM25Index.build(DOCS, tokenizer())


def zone_matcher(index: BM25Index | None = None, **kwargs) -> Matcher:
    """A matcher over the small index (or `index`) that knows the zone's places."""
    return Matcher(small_index() if index is None else index, places=PLACES, **kwargs)


# --- tokenizer -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("term", BRIEF_TERMS)
def test_tokenizer_keeps_custom_terms_whole(term):
    assert term in tokenizer().tokens(term)
    assert term in tokenizer().tokens(f"我公司需要{term}方面的技术，请联系。")


def test_every_term_of_the_terms_file_stays_whole_in_context():
    broken = [t for t in read_terms() if t.lower() not in tokenizer().tokens(f"关于{t}的研究")]
    assert broken == []
    assert len(read_terms()) >= 300


def test_search_mode_also_gives_the_words_inside_a_term():
    tokens = tokenizer().tokens("稀土永磁")
    assert {"稀土", "永磁", "稀土永磁"} <= set(tokens)
    assert Tokenizer(mode="precise").tokens("稀土永磁材料") == ["稀土永磁", "材料"]


def test_lower_case_stopwords_punctuation_and_short_numbers_dropped():
    tokens = tokenizer().tokens("我们的IGBT模块，需要！提高30%，304不锈钢。")
    assert "igbt" in tokens and "304" in tokens
    assert not {"的", "我们", "需要", "，", "！", "30", "%"} & set(tokens)
    assert tokenizer().tokens("") == [] and tokenizer().tokens(None) == []


def test_analyse_is_space_joined_word_tokens():
    text = "光伏组件（单晶硅）回收——银回收率>95%"
    assert analyse(text) == " ".join(tokenizer().tokens(text))
    assert all(token.isalnum() for token in analyse(text).split())


def test_add_terms_at_run_time():
    tok = Tokenizer(terms=["稀土永磁"])
    assert "兰白科创走廊" not in tok.tokens("兰白科创走廊建设")
    assert tok.add_terms(["兰白科创走廊", "稀土永磁", " "]) == 1
    assert tok.version == 1 and "兰白科创走廊" in tok.terms
    assert "兰白科创走廊" in tok.tokens("兰白科创走廊建设")
    assert tok.add_terms(["兰白科创走廊"]) == 0 and tok.version == 1


def test_add_terms_before_first_use_and_isolation_from_global_jieba():
    tok = Tokenizer(terms=[])
    assert tok._jieba is None  # lazy: nothing loaded yet
    tok.add_terms(["甘肃陇原数智谷"])
    assert tok._jieba is None
    assert "甘肃陇原数智谷" in tok.tokens("入驻甘肃陇原数智谷")
    assert "甘肃陇原数智谷" not in jieba.dt.FREQ
    assert "甘肃陇原数智谷" not in tokenizer().tokens("入驻甘肃陇原数智谷")


def test_bigram_option():
    assert "土永" in Tokenizer(bigrams=True).tokens("稀土永磁")
    assert "土永" not in tokenizer().tokens("稀土永磁")


def test_unknown_mode_rejected():
    with pytest.raises(ValueError):
        Tokenizer(mode="full")


# --- BM25 ------------------------------------------------------------------------------------------------


def test_bm25_ranks_the_exact_match_first():
    index = small_index()
    for doc in DOCS:
        assert index.search(f"{doc.title}。{doc.text}", top_k=3)[0].id == doc.id


def test_bm25_hits_sorted_limited_and_filtered_by_kind():
    index = small_index()
    hits = index.search("稀土永磁 矫顽力", top_k=10)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert {1, 3, 5} <= {h.id for h in hits} and 6 not in {h.id for h in hits}
    assert [h.id for h in index.search("稀土永磁 矫顽力", kinds={"instrument"})] == [3]
    assert len(index.search("稀土永磁 矫顽力", top_k=1)) == 1
    assert index.search("完全无关的内容", top_k=5) == [] and index.search("", top_k=5) == []
    assert "共同关键词" in hits[0].reasons[0]


def test_build_from_stored_analysed_strings_equals_build_with_jieba():
    tok = tokenizer()
    stored = [(tok.analyse(d.title), tok.analyse(d.text)) for d in DOCS]
    again = BM25Index.build(DOCS, tok, analysed=stored)
    query = "稀土永磁材料 废水"
    assert [(h.id, h.score) for h in again.search(query)] == [(h.id, h.score) for h in small_index().search(query)]
    with pytest.raises(ValueError):
        BM25Index.build(DOCS, tok, analysed=stored[:2])


def test_empty_index():
    index = BM25Index.build([], tokenizer())
    assert index.search("稀土") == [] and zone_matcher(index).match(Query("稀土")) == []
    blank = BM25Index.build([Document("x", "expert", "")], tokenizer())
    assert blank.search("稀土") == [] and Matcher(blank).match(Query("稀土")) == []


def test_document_kind_validated():
    with pytest.raises(ValueError):
        Document(1, "patent", "x")


# --- matcher ---------------------------------------------------------------------------------------------


def test_matcher_reasons_mention_shared_terms_field_and_region():
    matcher = zone_matcher()
    hits = matcher.match(Query("稀土永磁磁体矫顽力不足", field="新材料", region="兰州市城关区"), top_k=3)
    top = {h.id: h for h in hits}
    assert hits[0].id in (1, 5)
    expert = top[5]
    assert any(r.startswith("共同关键词：") and "稀土永磁" in r for r in expert.reasons)
    assert "同一领域：新材料" in expert.reasons
    assert "同在城关区" in expert.reasons
    assert "同在兰白地区（兰州—白银）" in top[1].reasons


def test_matcher_synonyms_bring_colloquial_queries_to_technical_listings():
    index = small_index()
    assert index.search("磁铁越用越没劲") == []  # no shared word at all
    hits = zone_matcher(index).match(Query("磁铁越用越没劲", field="新材料"))
    assert hits and hits[0].id in (1, 5)
    assert any(r.startswith("近义词匹配：磁铁→") for r in hits[0].reasons)
    assert zone_matcher(index, synonyms={}).match(Query("磁铁越用越没劲")) == []


def test_matcher_kind_prior_follows_the_need():
    matcher = zone_matcher()
    hits = matcher.match(Query("需要检测磁体的矫顽力，求测试服务", field="新材料"))
    assert hits[0].id == 3
    assert any(r.startswith("类型契合：检测分析需求") for r in hits[0].reasons)
    priors, intents = kind_priors("想找专家团队联合攻关")
    assert intents[0] == "expert" and priors["expert"] == max(priors.values())
    assert kind_priors("")[0]["achievement"] == 0.5


def test_matcher_infers_the_field_when_the_query_has_none():
    hits = zone_matcher().match(Query("稀土永磁 矫顽力"))
    assert any(r == "同一领域：新材料（由查询内容推断）" for r in hits[0].reasons)


def test_matcher_never_returns_documents_without_a_shared_term():
    matcher = zone_matcher(weights=Weights(field=5, region=5, kind=5))
    ids = {h.id for h in matcher.match(Query("马铃薯", field="新材料", region="兰州市城关区"), top_k=10)}
    assert ids == {6}


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("兰州市城关区", "城关区", 0),
        ("白银高新区", "白银高新区", 0),
        ("北京市海淀区", "北京市海淀区", 0),
        ("兰州市城关区", "兰州市七里河区", 1),
        ("兰州新区", "兰州高新区", 1),
        ("白银市平川区", "白银高新区", 1),
        ("兰州新区", "白银市白银区", 2),
        ("甘肃省兰州市", "白银", 2),
        ("天水市", "白银市白银区", 3),
        ("定西市安定区", "甘肃省", 3),
        ("陕西省西安市", "兰州市城关区", 4),
        ("西藏拉萨市城关区", "兰州市城关区", 4),
        ("", "兰州市", None),
    ],
)
def test_region_levels(a, b, level):
    assert PLACES.level(a, b) == level
    assert PLACES.level(b, a) == level


def test_locate():
    assert PLACES.locate("甘肃省白银市景泰县").city == "白银市"
    assert PLACES.locate("兰州经开区").district == "兰州经开区"
    assert PLACES.locate("金昌").city == "金昌市"


# --- metrics ---------------------------------------------------------------------------------------------


def test_ndcg_and_recall_by_hand():
    graded = {"a": 2, "b": 0, "c": 1, "d": 2}
    # DCG@3 of a, b, c  = (2²−1)/log2 2 + 0/log2 3 + (2¹−1)/log2 4 = 3 + 0 + 0.5 = 3.5
    # IDCG@3 (2, 2, 1)  = 3/1 + 3/log2 3 + 1/2 = 3 + 1.892789… + 0.5 = 5.392789… → nDCG = 0.649015…
    assert dcg([2, 0, 1]) == pytest.approx(3.5)
    assert ndcg_at_k(["a", "b", "c"], graded, 3) == pytest.approx(3.5 / (3.5 + 3 / math.log2(3)))
    assert ndcg_at_k(["a", "b", "c"], graded, 3) == pytest.approx(0.649015, abs=1e-6)
    assert recall_at_k(["a", "b", "c"], graded, 3) == pytest.approx(2 / 3)  # relevant: a, c, d
    assert ndcg_at_k(["a", "d", "c"], graded, 3) == pytest.approx(1.0)
    assert ndcg_at_k(["a", "a", "a", "c"], graded, 3) == ndcg_at_k(["a", "c"], graded, 3)  # repeats count once
    assert recall_at_k(["x", "y"], graded, 10) == 0.0 and ndcg_at_k([], graded, 10) == 0.0
    assert ndcg_at_k(["a"], {"a": 0}, 10) == 0.0 and recall_at_k(["a"], {}, 10) == 0.0


def test_ndcg_cuts_at_k():
    # k = 1: DCG = (2¹−1)/1 = 1 for c; IDCG = (2²−1)/1 = 3 → 1/3
    assert ndcg_at_k(["c", "a"], {"a": 2, "c": 1}, 1) == pytest.approx(1 / 3)


def test_evaluate_means_and_skips_queries_without_relevant_documents():
    runs = {"q1": ["a", "b"], "q2": ["x", "c"], "q3": ["a"]}
    qrels = {"q1": {"a": 1}, "q2": {"c": 1, "d": 1}, "q3": {"a": 0}}
    res = evaluate(lambda q: runs[q], {q: q for q in runs}, qrels, k=2)
    assert res["queries"] == 2
    assert res["recall@2"] == pytest.approx((1 + 0.5) / 2)
    # q2: DCG = 1/log2 3, IDCG = 1 + 1/log2 3
    assert res["ndcg@2"] == pytest.approx((1 + (1 / math.log2(3)) / (1 + 1 / math.log2(3))) / 2)


# --- labelled set ----------------------------------------------------------------------------------------


def _rows(name):
    with open(DATA / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@functools.cache
def labelled():
    """Listings as Documents (latent labels are not read), demands as Queries, graded qrels."""
    listings = [
        Document(r["id"], r["kind"], r["title"], r["text"], r["field"], r["region"], r["trl"],
                 Decimal(r["price"]) if r["price"] else None)
        for r in _rows("listings.jsonl")
    ]  # fmt: skip
    queries = {r["id"]: Query(f"{r['title']}。{r['text']}", r["field"], r["region"]) for r in _rows("demands.jsonl")}
    qrels: dict = {}
    with open(DATA / "qrels.tsv", encoding="utf-8") as fh:
        for line in fh.read().splitlines()[1:]:
            demand, listing, grade = line.split("\t")
            qrels.setdefault(demand, {})[listing] = int(grade)
    return listings, queries, qrels, BM25Index.build(listings, tokenizer())


def _ndcg(matcher_or_index, queries, qrels):
    if isinstance(matcher_or_index, BM25Index):
        return evaluate(lambda q: [h.id for h in matcher_or_index.search(q.text, 10)], queries, qrels)["ndcg@10"]
    return evaluate(lambda q: [h.id for h in matcher_or_index.match(q, 10)], queries, qrels)["ndcg@10"]


def test_labelled_set_shape():
    listings, queries, qrels, _ = labelled()
    assert len(listings) >= 5000 and len(queries) >= 300
    assert {d.kind for d in listings} == {"achievement", "service", "instrument", "expert"}
    assert all(50 <= len(d.text) <= 200 for d in listings)
    assert all(any(g >= 1 for g in qrels[q].values()) for q in queries)
    assert {g for graded in qrels.values() for g in graded.values()} == {0, 1, 2}


def test_matcher_beats_plain_bm25_on_the_labelled_set():
    _, queries, qrels, index = labelled()
    bm25 = _ndcg(index, queries, qrels)
    places = Places.from_rows(_rows("places.jsonl"))  # the demo region tree's (see test_places.py)
    full = _ndcg(Matcher(index, places=places), queries, qrels)
    assert 0.2 < bm25 < 0.8  # the set is neither trivial nor hopeless for BM25
    assert full >= 1.10 * bm25, (bm25, full)
    # the gain is not one signal: synonyms and field each help on their own
    assert _ndcg(Matcher(index, places=places, synonyms={}), queries, qrels) < full
    assert _ndcg(Matcher(index, places=places, weights=Weights(field=0)), queries, qrels) < full


def test_generator_is_deterministic_and_matches_the_checked_in_set(tmp_path):
    script = ROOT / "scripts" / "make_market_corpus.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True)
    for name in ("listings.jsonl", "demands.jsonl", "qrels.tsv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


# --- never crash -----------------------------------------------------------------------------------------

TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from("稀土永磁钕铁硼镍钴光伏电池磁铁污水药的了，。！？ 　aZ09%-_\n\t")),
    st.text(alphabet=st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_tokenizer_never_crashes(text):
    tokens = tokenizer().tokens(text)
    assert all(isinstance(t, str) and t and t.isalnum() and " " not in t for t in tokens)
    assert tokenizer().analyse(text).split() == tokens


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, field=st.sampled_from(["", "新材料", "不存在的领域"]), region=TEXT, top_k=st.integers(-2, 8))
def test_ranker_never_crashes(text, field, region, top_k):
    index = small_index()
    hits = index.search(text, top_k=top_k)
    assert len(hits) <= max(top_k, 0)
    matched = zone_matcher(index).match(Query(text, field, region), top_k=top_k)
    assert len(matched) <= max(top_k, 0)
    assert [h.score for h in matched] == sorted((h.score for h in matched), reverse=True)
    assert all(math.isfinite(h.score) and h.score > 0 for h in hits + matched)
