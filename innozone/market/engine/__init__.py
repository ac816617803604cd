"""Search-and-matching engine of the technology market (pure Python: jieba, bm25s, numpy; no Django, no
other innozone package: places come from the caller).

tokenize    Tokenizer (jieba + technical terms of terms.txt), analyse() for FTS5 / tsvector 'simple'
vocabulary  kinds, fields (fields.txt), synonyms (synonyms.txt), intent cues (intent_cues.txt)
places      Places: where a region lies and how close two are (the caller's rows + geography.txt)
index       Document, Hit, BM25Index (plain BM25)
matcher     Query, Weights, Matcher (BM25 + field, region, kind, synonyms, with reasons)
metrics     ndcg_at_k, recall_at_k, evaluate
"""

from .index import BM25Index, Document, Hit
from .matcher import Matcher, Query, Weights
from .metrics import evaluate, ndcg_at_k, recall_at_k
from .places import Place, Places
from .tokenize import Tokenizer, analyse, default_tokenizer
from .vocabulary import FIELDS, KINDS

__all__ = [
    "FIELDS",
    "KINDS",
    "BM25Index",
    "Document",
    "Hit",
    "Matcher",
    "Place",
    "Places",
    "Query",
    "Tokenizer",
    "Weights",
    "analyse",
    "default_tokenizer",
    "evaluate",
    "ndcg_at_k",
    "recall_at_k",
]
