"""The BM25 index of the technology market (pure Python: bm25s, numpy).

`BM25Index` is plain BM25 (bm25s, k1 = 1.2, b = 0.75, Lucene variant) over jieba tokens; a document is its
title tokens repeated `title_weight` times (2) followed by its text tokens, so title words count double.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import bm25s
import numpy as np

from .tokenize import Tokenizer, default_tokenizer
from .vocabulary import KINDS, canonical_field


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


@dataclass(slots=True)
class Hit:
    """One ranked document with its score and the reasons it was ranked (Chinese, for display)."""

    id: int | str
    kind: str
    title: str
    score: float
    reasons: list[str] = field(default_factory=list)


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
