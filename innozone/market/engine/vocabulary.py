"""The market's words: listing kinds, the field taxonomy, synonyms and the cue words of a need.

The lists are data files beside this module, read once at import: `fields.txt` (fields and their
neighbours), `synonyms.txt` (口语 → 术语) and `intent_cues.txt` (cue words → the kinds that serve the need).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

KINDS = ("achievement", "demand", "service", "instrument", "expert")
KIND_NAMES = {
    "achievement": "科技成果",
    "demand": "技术需求",
    "service": "技术服务",
    "instrument": "仪器设备",
    "expert": "专家",
}


def _entries(path: Path) -> list[str]:
    """The lines of a data file without blank lines and `#` comments."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def read_keyed(path: Path) -> dict[str, tuple[str, ...]]:
    """`key: word word …` lines as {key: words}, in file order."""
    out = {}
    for line in _entries(path):
        key, _sep, words = line.partition(":")
        out[key.strip()] = tuple(words.split())
    return out


def read_fields(path: Path = HERE / "fields.txt") -> tuple[tuple[str, ...], dict[str, frozenset[str]]]:
    """(the fields in order, {field: its neighbouring fields}) — neighbourhood made symmetric."""
    table = read_keyed(path)
    fields = tuple(table)
    related = {f: set(table[f]) for f in fields}
    for field, neighbours in table.items():
        for other in neighbours:
            related.setdefault(other, set()).add(field)
    return fields, {f: frozenset(related[f]) for f in fields}


def read_intents(path: Path = HERE / "intent_cues.txt"):
    """({intent: cue words}, {intent: {kind: prior}}, {intent: name}) from `intent | name | cues | priors` lines."""
    cues, priors, names = {}, {}, {}
    for line in _entries(path):
        intent, name, words, kinds = (part.strip() for part in line.split("|"))
        cues[intent], names[intent] = tuple(words.split()), name
        priors[intent] = {kind: float(p) for kind, p in (pair.split("=") for pair in kinds.split())}
    return cues, priors, names


FIELDS, RELATED_FIELDS = read_fields()
SYNONYMS = read_keyed(HERE / "synonyms.txt")  # 口语 → 术语; the matcher expands both ways
INTENT_CUES, INTENT_PRIORS, INTENT_NAMES = read_intents()


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


def synonym_table(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Both directions of a 口语 → 术语 table, lower-cased, in a fixed order (independent of hash seeds)."""
    both: dict[str, dict[str, None]] = {}
    for plain, terms in table.items():
        for term in terms:
            both.setdefault(plain.lower(), {})[term.lower()] = None
            both.setdefault(term.lower(), {})[plain.lower()] = None
    return {key: tuple(values) for key, values in both.items()}
