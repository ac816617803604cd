"""The matcher of the technology market: BM25 plus field, region, kind and synonym signals, with reasons.

`Matcher` ranks documents for a `Query` (a demand's text, field and region, say) by

    score(d) = T(d) + w_f·F(d) + w_r·R(d) + w_k·K(d)        for documents with T(d) > 0, else not returned

    T(d) = t(d) / max_e t(e),   t(d) = BM25(q, d) + λ·BM25(s, d)
           q = the query's tokens; s = tokens of synonyms found in the query text (口语 ↔ 术语, synonyms.txt)
           that are not already in q, weighted by λ = `Weights.synonym`
    F(d) = 1 when d has the query's field, ρ (`related_field`) when the fields are neighbours
           (fields.txt), else 0. Without a query field the field is inferred: F(d) = φ·share of
           d's field among the top `feedback_docs` documents by T, weighted by T (φ = `inferred_field`)
    R(d) = proximity of the two regions in the caller's `Places`: same district or park 1, same city 0.8,
           two cities of the zone (兰州 and 白银) 0.55, both in the home province 0.3, otherwise or unknown 0
    K(d) = prior of d's kind given the need the query text expresses (intent_cues.txt: 检测/测试 →
           instruments and services, 中试/咨询 → services and experts, 专家/攻关 → experts, 技术/工艺/转让 →
           achievements); averaged over the cues found, 0.5 for every kind when there are none

with the weights of `Weights` (w_f = 0.3, w_r = 0.05, w_k = 0.15, λ = 0.5 by default). Only documents that
share at least one (possibly synonym) term with the query are candidates, so the metadata reorders text
matches but never adds documents without one. Each `Hit` carries Chinese reasons: shared keywords,
synonym matches, same or related field, the regions' relation and the kind that fits the need.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .index import BM25Index, Document, Hit, top_positions
from .places import Places
from .tokenize import Tokenizer
from .vocabulary import (
    INTENT_NAMES,
    KIND_NAMES,
    KINDS,
    SYNONYMS,
    canonical_field,
    field_affinity,
    kind_priors,
    synonym_table,
)


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

    def __init__(
        self,
        index: BM25Index,
        *,
        places: Places | None = None,
        weights: Weights | None = None,
        synonyms: dict | None = None,
    ):
        """`places`: where the regions lie (default: none known, so R is 1 for the same text, else 0)."""
        self.index = index
        self.places = places or Places(())
        self.weights = weights or Weights()
        self.synonyms = synonym_table(SYNONYMS if synonyms is None else synonyms)
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
        by_code = np.asarray([self.places.proximity(region, n) for n in self.index.region_names], dtype=np.float32)
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
        region = self.places.reason(query.region, doc.region)
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
