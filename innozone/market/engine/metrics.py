"""Ranking quality: nDCG@k and Recall@k over graded relevance judgements (pure Python).

    DCG@k  = Σ_{i=1..k} (2^g_i − 1) / log2(i + 1)      g_i = grade of the document at rank i (0 if unjudged)
    nDCG@k = DCG@k / IDCG@k                           IDCG@k = DCG@k of the graded set sorted by grade
    Recall@k = |relevant ∩ top k| / |relevant|        relevant = grade ≥ 1

A document id repeated in a ranking counts once (its first position). A query without any relevant
document scores 0 on both measures; `evaluate` leaves such queries out of the means.
"""

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from statistics import fmean


def _unique(ranked_ids: Iterable[Hashable], k: int) -> list[Hashable]:
    """The first k distinct ids of a ranking."""
    seen: dict[Hashable, None] = {}
    for doc_id in ranked_ids:
        if len(seen) >= k:
            break
        seen.setdefault(doc_id, None)
    return list(seen)


def dcg(grades: Sequence[int]) -> float:
    """Discounted cumulative gain of grades in rank order (gain 2^g − 1, discount log2(rank + 1))."""
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades))


def ndcg_at_k(ranked_ids: Iterable[Hashable], graded: Mapping[Hashable, int], k: int = 10) -> float:
    """Normalised DCG of the top k of a ranking against graded judgements (0 when nothing is relevant)."""
    ideal = dcg(sorted((g for g in graded.values() if g > 0), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg([graded.get(doc_id, 0) for doc_id in _unique(ranked_ids, k)]) / ideal


def recall_at_k(ranked_ids: Iterable[Hashable], graded: Mapping[Hashable, int], k: int = 10) -> float:
    """Share of the relevant documents (grade ≥ 1) found in the top k (0 when nothing is relevant)."""
    relevant = {doc_id for doc_id, g in graded.items() if g >= 1}
    if not relevant:
        return 0.0
    return len(relevant.intersection(_unique(ranked_ids, k))) / len(relevant)


def evaluate(
    ranker_fn: Callable[[object], Sequence[Hashable]],
    queries: Mapping[Hashable, object],
    qrels: Mapping[Hashable, Mapping[Hashable, int]],
    k: int = 10,
) -> dict:
    """Mean nDCG@k and Recall@k of a ranker over the queries that have at least one relevant document.

    ranker_fn(query) returns ranked document ids; queries maps query id → query; qrels maps query id →
    {document id: grade}. Returns {"ndcg@k", "recall@k", "queries", "per_query": {qid: (ndcg, recall)}}.
    """
    per_query = {}
    for qid, query in queries.items():
        graded = qrels.get(qid, {})
        if not any(g >= 1 for g in graded.values()):
            continue
        ranked = list(ranker_fn(query))
        per_query[qid] = (ndcg_at_k(ranked, graded, k), recall_at_k(ranked, graded, k))
    values = list(per_query.values())
    return {
        f"ndcg@{k}": fmean(v[0] for v in values) if values else 0.0,
        f"recall@{k}": fmean(v[1] for v in values) if values else 0.0,
        "queries": len(values),
        "per_query": per_query,
    }
