"""Search and matching for the technology market (pure Python: bm25s, numpy; no Django).

`BM25Index` is plain BM25 (bm25s, k1 = 1.2, b = 0.75) over jieba tokens; a document is its title tokens
repeated `title_weight` times (2) followed by its text tokens, so title words count double.

`Matcher` ranks documents for a `Query` (a demand's text, field and region, say) by

    score(d) = T(d) + w_f·F(d) + w_r·R(d) + w_k·K(d)        for documents with T(d) > 0, else not returned

    T(d) = t(d) / max_e t(e),   t(d) = BM25(q, d) + λ·BM25(s, d)
           q = the query's tokens; s = tokens of synonyms found in the query text (口语 ↔ 术语, `SYNONYMS`)
           that are not already in q, weighted by λ = `Weights.synonym`
    F(d) = 1 when d has the query's field, ρ (`related_field`) when the fields are neighbours
           (`RELATED_FIELDS`), else 0. Without a query field the field is inferred: F(d) = φ·share of
           d's field among the top `feedback_docs` documents by T, weighted by T (φ = `inferred_field`)
    R(d) = proximity of the two regions: same district or park 1, same city 0.8, one in Lanzhou and one
           in Baiyin (the Lanzhou–Baiyin zone) 0.55, both in Gansu 0.3, otherwise or unknown 0
    K(d) = prior of d's kind given the need the query text expresses: cue words (检测/测试 → instruments and
           services, 中试/咨询 → services and experts, 专家/攻关 → experts, 技术/工艺/转让 → achievements);
           averaged over the cues found, 0.5 for every kind when there are none

with the weights of `Weights` (w_f = 0.3, w_r = 0.05, w_k = 0.15, λ = 0.5 by default). Only documents that
share at least one (possibly synonym) term with the query are candidates, so the metadata reorders text
matches but never adds documents without one. Each `Hit` carries Chinese reasons: shared keywords,
synonym matches, same or related field, the regions' relation and the kind that fits the need.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import bm25s
import numpy as np

from .tokenize import Tokenizer, default_tokenizer

KINDS = ("achievement", "demand", "service", "instrument", "expert")
KIND_NAMES = {
    "achievement": "科技成果",
    "demand": "技术需求",
    "service": "技术服务",
    "instrument": "仪器设备",
    "expert": "专家",
}
FIELDS = (
    "新材料",
    "有色金属",
    "新能源",
    "生物医药",
    "电子信息",
    "先进制造",
    "节能环保",
    "现代农业",
    "化工",
    "装备制造",
)
_NEIGHBOURS = (
    ("新材料", "有色金属"), ("新材料", "化工"), ("新材料", "先进制造"), ("有色金属", "节能环保"),
    ("有色金属", "先进制造"), ("新能源", "电子信息"), ("新能源", "装备制造"), ("新能源", "节能环保"),
    ("新能源", "化工"), ("生物医药", "现代农业"), ("生物医药", "化工"), ("电子信息", "先进制造"),
    ("先进制造", "装备制造"), ("节能环保", "化工"), ("节能环保", "装备制造"), ("节能环保", "现代农业"),
)  # fmt: skip
RELATED_FIELDS = {
    f: frozenset(b for a, b in _NEIGHBOURS if a == f) | {a for a, b in _NEIGHBOURS if b == f} for f in FIELDS
}


# ---------------------------------------------------------------------------------------------------------
# Regions


@dataclass(frozen=True, slots=True)
class Place:
    """Where a region name points: province, city (地级市/州) and district, county or park ('' = unknown)."""

    province: str = ""
    city: str = ""
    district: str = ""


_LANZHOU = "城关区 七里河区 西固区 安宁区 红古区 永登县 皋兰县 榆中县 兰州新区 兰州高新区 兰州经济技术开发区 兰州经开区"
_BAIYIN = "白银区 平川区 靖远县 会宁县 景泰县 白银高新区 白银经济开发区 刘川工业集中区"
_GANSU = {
    "嘉峪关市": "",
    "金昌市": "金川区 永昌县",
    "天水市": "秦州区 麦积区 甘谷县 武山县",
    "武威市": "凉州区 民勤县 古浪县",
    "张掖市": "甘州区 临泽县 高台县",
    "平凉市": "崆峒区 静宁县 泾川县",
    "酒泉市": "肃州区 玉门市 敦煌市 瓜州县",
    "庆阳市": "西峰区 环县 庆城县",
    "定西市": "安定区 陇西县 渭源县 临洮县",
    "陇南市": "武都区 成县 宕昌县",
    "临夏回族自治州": "临夏市 广河县",
    "甘南藏族自治州": "合作市 夏河县",
    "兰州市": _LANZHOU,
    "白银市": _BAIYIN,
}
_CITY_ALIASES = {"兰州": "兰州市", "白银": "白银市", "临夏州": "临夏回族自治州", "甘南州": "甘南藏族自治州"}
_CITY_ALIASES |= {city.removesuffix("市"): city for city in _GANSU if city.endswith("市")}
_DISTRICTS = {d: city for city, names in _GANSU.items() for d in names.split()}
_ZONE = frozenset({"兰州市", "白银市"})
PROXIMITY = {0: 1.0, 1: 0.8, 2: 0.55, 3: 0.3, 4: 0.0}


_ELSEWHERE = ("北京", "上海", "天津", "重庆", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "台湾")


@functools.lru_cache(maxsize=4096)
def locate(region: str | None) -> Place:
    """The place a free-text region names, e.g. '甘肃省兰州市城关区' or '白银高新区'."""
    text = (region or "").strip()
    if not text:
        return Place()
    if ("省" in text and "甘肃" not in text) or any(name in text for name in _ELSEWHERE):
        return Place(text.split("省")[0] + "省" if "省" in text else text)
    district = max((d for d in _DISTRICTS if d in text), key=len, default="")
    if district:
        return Place("甘肃省", _DISTRICTS[district], district)
    city = next((c for c in _GANSU if c in text), "")
    city = city or next(
        (c for alias, c in sorted(_CITY_ALIASES.items(), key=lambda kv: -len(kv[0])) if alias in text), ""
    )
    return Place("甘肃省", city) if city or "甘肃" in text else Place(text)


def region_level(a: str | None, b: str | None) -> int | None:
    """0 same district/park, 1 same city, 2 Lanzhou–Baiyin zone, 3 both in Gansu, 4 elsewhere; None if unknown."""
    pa, pb = locate(a), locate(b)
    if not pa.province or not pb.province:
        return None
    if (pa.district and pa.district == pb.district) or (a or "").strip() == (b or "").strip():
        return 0
    if pa.city and pa.city == pb.city:
        return 1
    if pa.city in _ZONE and pb.city in _ZONE:
        return 2
    return 3 if pa.province == pb.province == "甘肃省" else 4


def region_proximity(a: str | None, b: str | None) -> float:
    """R in the matcher's formula: 1, 0.8, 0.55, 0.3 or 0 by `region_level` (0 when unknown)."""
    level = region_level(a, b)
    return 0.0 if level is None else PROXIMITY[level]


def region_reason(a: str | None, b: str | None) -> str | None:
    """A reason such as '同在兰州市', or None when the regions are far apart or unknown."""
    level = region_level(a, b)
    if level is None or level == 4:
        return None
    place = locate(a)
    return {
        0: f"同在{place.district or place.city or (a or '').strip()}",
        1: f"同在{place.city}",
        2: "同在兰白地区（兰州—白银）",
        3: "同在甘肃省",
    }[level]


# ---------------------------------------------------------------------------------------------------------
# Fields, synonyms, kind priors


def canonical_field(name: str | None) -> str:
    """One of FIELDS if the name contains it (e.g. '新材料产业' → '新材料'), else the name stripped."""
    text = (name or "").strip()
    return next((f for f in FIELDS if f in text), text)


def field_affinity(a: str | None, b: str | None) -> float:
    """1 for the same field, 0.5 for neighbouring fields, 0 otherwise or when either is unknown."""
    fa, fb = canonical_field(a), canonical_field(b)
    if not fa or not fb:
        return 0.0
    if fa == fb:
        return 1.0
    return 0.5 if fb in RELATED_FIELDS.get(fa, ()) else 0.0


# 口语 → 术语. Expansion runs both ways: a colloquial word brings its terms, a term brings its colloquial words.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "电池": ("锂离子电池", "锂电池", "动力电池", "储能电池"),
    "电池材料": ("正极材料", "负极材料"),
    "旧电池": ("废旧锂电池", "动力电池回收", "梯次利用"),
    "废电池": ("废旧锂电池", "动力电池回收"),
    "磁铁": ("永磁", "钕铁硼", "磁体"),
    "磁钢": ("永磁", "钕铁硼", "磁体"),
    "吸铁石": ("永磁", "磁体"),
    "掉磁": ("退磁", "矫顽力"),
    "芯片": ("集成电路", "半导体", "封装"),
    "太阳能板": ("光伏组件", "光伏", "太阳能电池"),
    "光伏板": ("光伏组件", "光伏"),
    "风车": ("风电", "风电机组", "风机叶片"),
    "污水": ("废水", "污水处理"),
    "脏水": ("废水", "污水处理"),
    "废气": ("烟气", "大气污染", "挥发性有机物"),
    "冒烟": ("烟气", "除尘", "超低排放"),
    "异味": ("挥发性有机物", "恶臭"),
    "废渣": ("固废", "冶炼渣", "资源化"),
    "药": ("药物", "制剂", "原料药"),
    "草药": ("中药材", "道地药材"),
    "中草药": ("中药材", "道地药材"),
    "冲剂": ("颗粒剂", "配方颗粒"),
    "土豆": ("马铃薯",),
    "洋芋": ("马铃薯",),
    "山药蛋": ("马铃薯",),
    "车床": ("机床", "数控机床"),
    "机械手": ("工业机器人", "机器人"),
    "机械臂": ("工业机器人", "机器人"),
    "马达": ("电机",),
    "电动机": ("电机",),
    "生锈": ("腐蚀", "防腐", "耐腐蚀"),
    "塑料": ("高分子材料", "改性塑料", "聚合物"),
    "黄油": ("润滑脂",),
    "机油": ("润滑", "润滑油"),
    "大棚": ("日光温室", "设施农业"),
    "浇地": ("灌溉", "节水灌溉"),
    "浇水": ("灌溉", "节水灌溉"),
    "氢气": ("氢能", "制氢", "储氢"),
    "氢能车": ("氢燃料电池", "燃料电池"),
    "碳粉": ("碳材料", "石墨烯"),
    "触媒": ("催化剂",),
    "蒸馏": ("精馏",),
    "过滤膜": ("膜分离", "纳滤", "反渗透"),
    "暖气": ("清洁供暖", "供暖", "热泵"),
    "取暖": ("清洁供暖", "供暖"),
    "电费": ("节能", "能耗", "能效"),
    "费电": ("节能", "能耗", "能效"),
    "耗电": ("节能", "能耗", "电耗"),
    "3d打印": ("增材制造",),
    "翻砂": ("铸造",),
    "电焊": ("焊接",),
    "焊口": ("焊缝", "焊接"),
    "探头": ("传感器",),
    "感应器": ("传感器",),
    "报警器": ("气体传感器", "传感器"),
    "人眼": ("机器视觉", "缺陷检测"),
    "gps": ("北斗", "高精度定位"),
    "牛羊": ("畜牧", "养殖", "肉羊", "肉牛"),
    "种子": ("种业", "制种", "育种"),
    "地膜": ("残膜回收", "可降解地膜"),
    "塑料膜": ("残膜回收", "地膜"),
    "秸秆": ("秸秆饲料", "成型燃料", "生物质"),
    "玉米秆": ("秸秆", "秸秆饲料"),
    "防疫针": ("疫苗",),
    "试剂盒": ("体外诊断", "诊断试剂"),
    "保健品": ("保健食品", "功能食品"),
    "蓝帽子": ("保健食品",),
    "菌种": ("微生物", "发酵", "菌种选育"),
    "废铝": ("再生铝",),
    "镍矿": ("红土镍矿", "镍精矿", "镍钴"),
    "黏土": ("非金属矿", "凹凸棒石"),
    "石膏渣": ("脱硫石膏", "磷石膏"),
    "尾砂": ("尾矿",),
    "白金": ("铂族金属", "铂"),
    "火车": ("轨道交通",),
    "铁路": ("轨道交通", "轨道检测"),
    "拖拉机": ("农业机械", "农机"),
    "滑坡": ("地质灾害", "形变监测"),
    "庄稼": ("作物",),
    "漏油": ("泄漏", "密封"),
    "危废": ("危险废物",),
    "线路板": ("印制电路板",),
    "电路板": ("印制电路板",),
    "元件": ("电子元器件",),
    "联网": ("设备联网", "工业互联网"),
    "病毒": ("网络安全", "工控安全", "信息安全"),
    "灯珠": ("led", "荧光粉"),
    "瓷件": ("先进陶瓷", "结构陶瓷"),
    "陶瓷件": ("先进陶瓷", "结构陶瓷"),
    "密封圈": ("橡胶", "密封"),
    "农房": ("建筑节能", "保温"),
    "垃圾": ("固废", "垃圾分选"),
    "布袋": ("滤料", "袋式除尘"),
    "磨损": ("耐磨", "减摩"),
}

INTENT_CUES = {
    "test": ("检测", "测试", "化验", "分析", "测定", "表征", "检验", "送样", "仪器"),
    "service": ("中试", "放大", "咨询", "方案", "诊断", "培训", "代工", "委托", "服务", "工程化"),
    "expert": ("专家", "团队", "顾问", "指导", "攻关", "合作开发", "联合"),
    "tech": ("技术", "工艺", "成果", "转让", "专利", "引进", "买断"),
}
INTENT_PRIORS = {
    "test": {"instrument": 1.0, "service": 0.8, "expert": 0.2, "achievement": 0.1},
    "service": {"service": 1.0, "expert": 0.7, "achievement": 0.3, "instrument": 0.2},
    "expert": {"expert": 1.0, "achievement": 0.6, "service": 0.5, "instrument": 0.1},
    "tech": {"achievement": 1.0, "expert": 0.7, "service": 0.4, "instrument": 0.1},
}
INTENT_NAMES = {"test": "检测分析", "service": "技术服务", "expert": "专家合作", "tech": "技术引进"}


def kind_priors(text: str) -> tuple[dict[str, float], list[str]]:
    """K for each kind given the cue words in a query text, and the intents found (strongest first)."""
    text = (text or "").lower()
    counts = {intent: sum(text.count(cue) for cue in cues) for intent, cues in INTENT_CUES.items()}
    total = sum(counts.values())
    if not total:
        return dict.fromkeys(KINDS, 0.5), []
    priors = {kind: sum(n * INTENT_PRIORS[i].get(kind, 0.0) for i, n in counts.items()) / total for kind in KINDS}
    found = sorted((i for i, n in counts.items() if n), key=lambda i: -counts[i])
    return priors, found


def _synonym_table(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Both directions of a 口语 → 术语 table, lower-cased, in a fixed order (independent of hash seeds)."""
    both: dict[str, dict[str, None]] = {}
    for plain, terms in table.items():
        for term in terms:
            both.setdefault(plain.lower(), {})[term.lower()] = None
            both.setdefault(term.lower(), {})[plain.lower()] = None
    return {key: tuple(values) for key, values in both.items()}


# ---------------------------------------------------------------------------------------------------------
# Documents, queries, hits


@dataclass(frozen=True, slots=True)
class Document:
    """A searchable item: a listing (achievement, service, instrument, expert) or a demand."""

    id: int | str
    kind: str
    title: str
    text: str = ""
    field: str = ""
    region: str = ""
    trl: int | None = None
    price: Decimal | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Query:
    """What to match: free text plus the asker's field and region, optionally restricted to some kinds."""

    text: str
    field: str = ""
    region: str = ""
    kinds: frozenset[str] | None = None

    def __post_init__(self):
        if self.kinds is not None:
            object.__setattr__(self, "kinds", frozenset(self.kinds))


@dataclass(slots=True)
class Hit:
    """One ranked document with its score and the reasons it was ranked (Chinese, for display)."""

    id: int | str
    kind: str
    title: str
    score: float
    reasons: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------
# BM25


def _codes(values: Iterable[str]) -> tuple[np.ndarray, list[str]]:
    """Integer codes of values and the list of distinct values."""
    index: dict[str, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int32)
    return codes, list(index)


class BM25Index:
    """BM25 over jieba tokens of the documents' titles (counted `title_weight` times) and texts."""

    def __init__(
        self,
        docs: Sequence[Document],
        tokenizer: Tokenizer,
        corpus: list[list[int]],
        vocab: dict[str, int],
        *,
        k1: float = 1.2,
        b: float = 0.75,
    ):
        """Index token-id lists (use `build` to start from documents)."""
        self.docs = list(docs)
        self.tokenizer = tokenizer
        self.vocab = vocab
        self.terms = list(vocab)
        self._bm25 = self._index(corpus, vocab, k1, b)
        unique = [np.unique(np.asarray(ids, dtype=np.int32)) for ids in corpus]
        self._ptr = np.cumsum([0] + [len(u) for u in unique])
        self._tok = np.concatenate(unique) if unique else np.zeros(0, np.int32)
        self.df = np.bincount(self._tok, minlength=len(vocab))
        self.kind_codes = np.asarray([KINDS.index(d.kind) for d in self.docs], dtype=np.int8)
        self.field_codes, self.field_names = _codes(canonical_field(d.field) for d in self.docs)
        self.region_codes, self.region_names = _codes(d.region or "" for d in self.docs)

    @staticmethod
    def _index(corpus: list[list[int]], vocab: dict[str, int], k1: float, b: float) -> bm25s.BM25 | None:
        if not vocab:
            return None
        bm25 = bm25s.BM25(k1=k1, b=b)
        bm25.index((corpus, dict(vocab)), show_progress=False)
        return bm25

    @classmethod
    def build(
        cls,
        docs: Iterable[Document],
        tokenizer: Tokenizer | None = None,
        *,
        title_weight: int = 2,
        analysed: Iterable[tuple[str, str]] | None = None,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> BM25Index:
        """Tokenise and index the documents (BM25 parameters k1 and b, Lucene variant).

        analysed: optional (title, text) pairs of stored `Tokenizer.analyse` strings, one per document in
        the same order; they are split at spaces instead of running jieba again (much faster to rebuild).
        """
        docs = list(docs)
        tokenizer = tokenizer or default_tokenizer()
        if analysed is None:
            pairs = ((tokenizer.tokens(d.title), tokenizer.tokens(d.text)) for d in docs)
        else:
            pairs = ((title.split(), text.split()) for title, text in analysed)
        vocab: dict[str, int] = {}
        corpus = []
        for title, text in pairs:
            corpus.append([vocab.setdefault(t, len(vocab)) for t in title * title_weight + text])
        if len(corpus) != len(docs):
            raise ValueError(f"{len(corpus)} analysed pairs for {len(docs)} documents")
        return cls(docs, tokenizer, corpus, vocab, k1=k1, b=b)

    def __len__(self) -> int:
        return len(self.docs)

    def token_ids(self, tokens: Iterable[str]) -> list[int]:
        """Vocabulary ids of the known tokens, in order, without repeats."""
        return list(dict.fromkeys(self.vocab[t] for t in tokens if t in self.vocab))

    def scores(self, weighted: dict[int, float]) -> np.ndarray:
        """Σ weight × BM25 contribution of each token id, for every document."""
        out = np.zeros(len(self.docs), dtype=np.float32)
        if self._bm25 is None:
            return out
        matrix = self._bm25.scores
        data, indices, indptr = matrix["data"], matrix["indices"], matrix["indptr"]
        for token, weight in weighted.items():
            start, end = indptr[token], indptr[token + 1]
            out[indices[start:end]] += weight * data[start:end]  # one posting per document: no duplicates
        return out

    def kind_mask(self, kinds: Iterable[str] | None) -> np.ndarray | None:
        """Boolean mask of the documents of the given kinds (None = all)."""
        if kinds is None:
            return None
        return np.isin(self.kind_codes, [KINDS.index(k) for k in kinds if k in KINDS])

    def doc_tokens(self, position: int) -> np.ndarray:
        """Sorted distinct token ids of the document at a position."""
        return self._tok[self._ptr[position] : self._ptr[position + 1]]

    def shared_terms(self, position: int, token_ids: Iterable[int], limit: int = 5) -> list[str]:
        """The query tokens a document contains, rarest first (longer words first among equals)."""
        shared = np.intersect1d(self.doc_tokens(position), np.fromiter(token_ids, dtype=np.int32))
        words = [self.terms[i] for i in shared]
        words = [w for w in words if not any(w != o and w in o for o in words)] or words  # 稀土永磁 over 稀土
        return sorted(words, key=lambda w: (self.df[self.vocab[w]], -len(w), w))[:limit]

    def search(self, query_text: str, top_k: int = 10, kinds: Iterable[str] | None = None) -> list[Hit]:
        """Plain BM25: the top_k documents sharing a term with the query text, best first."""
        ids = self.token_ids(self.tokenizer.tokens(query_text))
        scores = self.scores(dict.fromkeys(ids, 1.0))
        mask = self.kind_mask(kinds)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        return [self._hit(p, float(scores[p]), self._keyword_reasons(p, ids)) for p in top_positions(scores, top_k)]

    def _keyword_reasons(self, position: int, ids: Iterable[int]) -> list[str]:
        words = self.shared_terms(position, ids)
        return [f"共同关键词：{'、'.join(words)}"] if words else []

    def _hit(self, position: int, score: float, reasons: list[str]) -> Hit:
        doc = self.docs[position]
        return Hit(doc.id, doc.kind, doc.title, score, reasons)


def top_positions(scores: np.ndarray, top_k: int) -> list[int]:
    """Positions of the top_k positive scores, best first (ties by position)."""
    positive = np.flatnonzero(scores > 0)
    if top_k <= 0 or not len(positive):
        return []
    if len(positive) > top_k:
        part = np.argpartition(-scores[positive], top_k - 1)[:top_k]
        positive = positive[part]
    order = np.lexsort((positive, -scores[positive]))
    return [int(p) for p in positive[order]]


# ---------------------------------------------------------------------------------------------------------
# Matcher


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the matcher's score (see the module docstring)."""

    field: float = 0.3
    related_field: float = 0.5
    inferred_field: float = 0.5
    feedback_docs: int = 20
    region: float = 0.05
    kind: float = 0.15
    synonym: float = 0.5


@dataclass(slots=True)
class _Parts:
    """The query-side pieces of a match."""

    ids: list[int]
    synonyms: dict[int, str]  # expansion token id → the query word that brought it
    priors: dict[str, float]
    intents: list[str]


class Matcher:
    """BM25 plus field, region, kind priors and synonym expansion (formula in the module docstring)."""

    def __init__(self, index: BM25Index, *, weights: Weights | None = None, synonyms: dict | None = None):
        self.index = index
        self.weights = weights or Weights()
        self.synonyms = _synonym_table(SYNONYMS if synonyms is None else synonyms)
        self._keys = sorted(self.synonyms, key=lambda k: (-len(k), k))

    @classmethod
    def build(cls, docs: Iterable[Document], tokenizer: Tokenizer | None = None, **kwargs) -> Matcher:
        """Index the documents and wrap the index in a matcher."""
        return cls(BM25Index.build(docs, tokenizer), **kwargs)

    def expand(self, text: str, tokens: Sequence[str]) -> dict[str, str]:
        """Synonym tokens for a query: {expansion token: the query word it came from}.

        A table word counts as present when it is one of the query's tokens or, if longer than one
        character, a substring of the text (单字 like 药 must be a token, so 农药 does not bring 药物).
        """
        text, present = (text or "").lower(), set(tokens)
        out: dict[str, str] = {}
        for key in self._keys:
            if key in present or (len(key) > 1 and key in text):
                for term in self.synonyms[key]:
                    for token in self.index.tokenizer.tokens(term):
                        if token not in present:
                            out.setdefault(token, key)
        return out

    def _parts(self, query: Query) -> _Parts:
        tokens = self.index.tokenizer.tokens(query.text)
        ids = self.index.token_ids(tokens)
        synonyms = {
            self.index.vocab[t]: key for t, key in self.expand(query.text, tokens).items() if t in self.index.vocab
        }
        priors, intents = kind_priors(query.text)
        return _Parts(ids, synonyms, priors, intents)

    def _text_scores(self, parts: _Parts, mask: np.ndarray | None) -> np.ndarray:
        weighted = dict.fromkeys(parts.ids, 1.0) | dict.fromkeys(parts.synonyms, self.weights.synonym)
        scores = self.index.scores(weighted)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        top = scores.max(initial=0.0)
        return scores / top if top > 0 else scores

    def _field_scores(self, query_field: str, text: np.ndarray) -> tuple[np.ndarray, str | None]:
        """F for every document, and the field used (given or inferred)."""
        names = self.index.field_names
        wanted = canonical_field(query_field)
        if wanted:
            by_code = np.asarray([field_affinity(wanted, n) for n in names], dtype=np.float32)
            by_code[by_code == 0.5] = self.weights.related_field
            return by_code[self.index.field_codes], wanted
        return self._inferred_field_scores(text)

    def _inferred_field_scores(self, text: np.ndarray) -> tuple[np.ndarray, str | None]:
        top = top_positions(text, self.weights.feedback_docs)
        if not top:
            return np.zeros_like(text), None
        share = np.bincount(self.index.field_codes[top], weights=text[top], minlength=len(self.index.field_names))
        share = share / share.sum()
        best = self.index.field_names[int(share.argmax())] or None
        return (self.weights.inferred_field * share[self.index.field_codes]).astype(np.float32), best

    def _region_scores(self, region: str) -> np.ndarray:
        by_code = np.asarray([region_proximity(region, n) for n in self.index.region_names], dtype=np.float32)
        return by_code[self.index.region_codes] if len(by_code) else np.zeros(0, np.float32)

    def _kind_scores(self, priors: dict[str, float]) -> np.ndarray:
        by_code = np.asarray([priors.get(k, 0.0) for k in KINDS], dtype=np.float32)
        return by_code[self.index.kind_codes]

    def scores(self, query: Query) -> tuple[np.ndarray, _Parts, str | None]:
        """The combined score of every document (0 for non-candidates), the query parts and the field used."""
        parts = self._parts(query)
        text = self._text_scores(parts, self.index.kind_mask(query.kinds))
        fields, used_field = self._field_scores(query.field, text)
        w = self.weights
        total = text + w.field * fields + w.region * self._region_scores(query.region)
        total += w.kind * self._kind_scores(parts.priors)
        return np.where(text > 0, total, 0.0), parts, used_field

    def match(self, query: Query, top_k: int = 10) -> list[Hit]:
        """The top_k documents for the query, best first, each with its reasons."""
        if not len(self.index):
            return []
        total, parts, used_field = self.scores(query)
        hits = []
        for position in top_positions(total, top_k):
            reasons = self._reasons(position, query, parts, used_field)
            hits.append(self.index._hit(position, float(total[position]), reasons))
        return hits

    def _reasons(self, position: int, query: Query, parts: _Parts, used_field: str | None) -> list[str]:
        doc = self.index.docs[position]
        reasons = self.index._keyword_reasons(position, parts.ids)
        reasons += self._synonym_reasons(position, parts)
        reasons += _field_reasons(doc.field, used_field, inferred=not canonical_field(query.field))
        region = region_reason(query.region, doc.region)
        reasons += [region] if region else []
        if parts.intents and parts.priors.get(doc.kind, 0) >= 0.7:
            reasons.append(f"类型契合：{INTENT_NAMES[parts.intents[0]]}需求 → {KIND_NAMES[doc.kind]}")
        return reasons

    def _synonym_reasons(self, position: int, parts: _Parts) -> list[str]:
        found = self.index.shared_terms(position, parts.synonyms, limit=3)
        pairs = [f"{parts.synonyms[self.index.vocab[w]]}→{w}" for w in found]
        return [f"近义词匹配：{'、'.join(pairs)}"] if pairs else []


def _field_reasons(doc_field: str, used_field: str | None, *, inferred: bool) -> list[str]:
    """'同一领域：新材料' (or inferred from the query's best matches), '相关领域：…' for a neighbour."""
    affinity, name = field_affinity(used_field, doc_field), canonical_field(doc_field)
    if affinity == 1.0:
        return [f"同一领域：{name}" + ("（由查询内容推断）" if inferred else "")]
    if affinity and not inferred:
        return [f"相关领域：{name}（与{used_field}相近）"]
    return []
