"""Chinese tokenisation for the technology market: jieba with a dictionary of technical terms.

`Tokenizer.tokens(text)` lower-cases the text, cuts it with an isolated `jieba.Tokenizer` (never jieba's
global one) that knows the terms in `terms.txt`, and drops stopwords, punctuation and short numbers. In
the default search mode jieba also emits the dictionary words inside a long word, so 稀土永磁 gives 稀土,
永磁 and 稀土永磁: a demand that says 稀土磁体 still shares 稀土 with a listing about 稀土永磁.

`Tokenizer.analyse(text)` is the space-joined token string that the Django side stores and indexes
(SQLite FTS5 and PostgreSQL tsvector with the 'simple' configuration): tokens contain only letters and
digits, so both databases split that string exactly at the spaces and see the same tokens.

jieba loads its dictionary in about a second, so the jieba instance is created on first use (thread-safe)
and `default_tokenizer()` shares one Tokenizer per process.
"""

import functools
import re
import threading
from collections.abc import Iterable
from pathlib import Path

import jieba

TERMS_PATH = Path(__file__).with_name("terms.txt")
MODES = ("search", "precise")

# Function words, pronouns and the request phrasing of demands. Domain words are left to BM25's IDF.
_STOPWORD_TEXT = """
的 地 得 了 着 过 和 与 及 以及 或 或者 等 等等 是 为 在 对 对于 将 把 被 由 从 于 以 之 其 这 那 这些 那些 这个 那个
该 本 此 每 各 我 我们 我司 我公司 本公司 贵 你 你们 他 她 它 他们 有 没有 无 也 都 就 还 又 并 并且 而 而且 但 但是
如果 因为 所以 因此 可 可以 能 能够 会 要 需要 需 希望 想 想要 寻求 求 请 欢迎 一 一种 一个 一些 个 种 项 台 上 下
中 后 前 里 内 外 间 啊 吧 呢 吗 嘛 么 什么 怎么 如何 很 更 最 较 比较 非常 特别 已 已经 正在 目前 现在 进行 通过
采用 实现 提供 具有 用于 主要 相关 方面 其中 之一 以上 以下 左右 约 多 少 好 不 没 别 让 给 使 向 至 到
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[^\W_]+")  # runs of letters/digits (CJK included): what FTS5 and 'simple' keep
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def read_terms(path: Path = TERMS_PATH) -> list[str]:
    """Terms of a terms file: one per line, blank lines and `#` comments ignored."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def _bigrams(token: str) -> list[str]:
    """Character bigrams of the CJK runs of a token longer than two characters."""
    return [run[i : i + 2] for run in _CJK.findall(token) if len(run) > 2 for i in range(len(run) - 1)]


class Tokenizer:
    """jieba tokeniser with custom terms, lower-casing, stopword and punctuation removal.

    mode: "search" (jieba's cut_for_search: whole words plus the dictionary words inside them) or
    "precise" (jieba's default cut). bigrams: also emit character bigrams of CJK tokens longer than two
    characters. hmm: let jieba guess unknown words with its HMM (off by default: measured no better on the
    labelled set, about 17 % slower, and a guessed word depends on its context, so the same string could
    be cut differently in a demand and in a listing).
    """

    def __init__(
        self,
        terms: Iterable[str] | None = None,
        *,
        mode: str = "search",
        bigrams: bool = False,
        hmm: bool = False,
        stopwords: Iterable[str] = STOPWORDS,
    ):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.mode, self.bigrams, self.hmm = mode, bigrams, hmm
        self.stopwords = frozenset(stopwords)
        self._terms: dict[str, None] = dict.fromkeys(self._clean(read_terms() if terms is None else terms))
        self._jieba: jieba.Tokenizer | None = None
        self._lock = threading.Lock()
        self.version = 0  # bumped by add_terms: texts analysed under an older version are stale

    @staticmethod
    def _clean(terms: Iterable[str]) -> list[str]:
        return [t.strip().lower() for t in terms if t and t.strip()]

    @property
    def terms(self) -> frozenset[str]:
        """The custom terms (lower-cased)."""
        return frozenset(self._terms)

    def _engine(self) -> jieba.Tokenizer:
        """The jieba instance, created and loaded with the custom terms on first use."""
        if self._jieba is None:
            with self._lock:
                if self._jieba is None:
                    engine = jieba.Tokenizer()
                    engine.initialize()
                    for term in self._terms:
                        self._add_word(engine, term)
                    self._jieba = engine
        return self._jieba

    @staticmethod
    def _add_word(engine: jieba.Tokenizer, term: str) -> None:
        """Add a term with a frequency high enough for jieba to keep it whole."""
        engine.add_word(term, freq=max(engine.suggest_freq(term, False), 100))

    def add_terms(self, terms: Iterable[str]) -> int:
        """Add terms to the dictionary at run time; returns how many were new.

        Tokenisation changes for texts containing them: re-analyse stored texts and rebuild indexes.
        """
        new = [t for t in self._clean(terms) if t not in self._terms]
        if not new:
            return 0
        with self._lock:
            for term in new:
                self._terms[term] = None
                if self._jieba is not None:
                    self._add_word(self._jieba, term)
            self.version += 1
        return len(new)

    def _cut(self, text: str) -> Iterable[str]:
        engine = self._engine()
        if self.mode == "search":
            return engine.cut_for_search(text, HMM=self.hmm)
        return engine.cut(text, HMM=self.hmm)

    def _keep(self, word: str) -> bool:
        if word in self.stopwords:
            return False
        return not (word.isdigit() and len(word) < 3)

    def tokens(self, text: str | None) -> list[str]:
        """Tokens of a text, in order (a word and the words inside it may both appear)."""
        if not text:
            return []
        out = []
        for piece in self._cut(text.lower()):
            for word in _WORD.findall(piece):
                if self._keep(word):
                    out.append(word)
                    if self.bigrams:
                        out.extend(b for b in _bigrams(word) if b not in self.stopwords)
        return out

    def analyse(self, text: str | None) -> str:
        """Space-joined tokens: the string stored for full-text search (FTS5 / tsvector 'simple')."""
        return " ".join(self.tokens(text))


@functools.cache
def default_tokenizer() -> Tokenizer:
    """The process-wide tokenizer with the default terms (jieba itself still loads lazily)."""
    return Tokenizer()


def tokens(text: str | None) -> list[str]:
    """Tokens of a text with the default tokenizer."""
    return default_tokenizer().tokens(text)


def analyse(text: str | None) -> str:
    """Space-joined tokens of a text with the default tokenizer."""
    return default_tokenizer().analyse(text)
