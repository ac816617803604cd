"""Search-and-matching engine of the technology market (pure Python: jieba, bm25s, numpy; no Django).

tokenize  Tokenizer (jieba + technical terms of terms.txt), analyse() for FTS5 / tsvector 'simple'
ranker    Document, Query, Hit, BM25Index (plain BM25), Matcher (BM25 + field, region, kind, synonyms)
metrics   ndcg_at_k, recall_at_k, evaluate
"""

from .metrics import evaluate, ndcg_at_k, recall_at_k
from .ranker import BM25Index, Document, Hit, Matcher, Query, Weights, region_level, region_proximity
from .tokenize import Tokenizer, analyse, default_tokenizer

__all__ = [
    "BM25Index",
    "Document",
    "Hit",
    "Matcher",
    "Query",
    "Tokenizer",
    "Weights",
    "analyse",
    "default_tokenizer",
    "evaluate",
    "ndcg_at_k",
    "recall_at_k",
    "region_level",
    "region_proximity",
]
