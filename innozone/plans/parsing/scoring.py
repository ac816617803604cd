"""Accuracy of the parser against hand-checked expectations: precision, recall and F1 of units per
role, of targets and of deadlines (used by the corpus tests and bench/plan_import.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("lead", "implementing", "cooperating")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Tally) -> Tally:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self


@dataclass
class Score:
    units: dict[str, Tally] = field(default_factory=lambda: {r: Tally() for r in ROLES})
    targets: Tally = field(default_factory=Tally)
    indicators: Tally = field(default_factory=Tally)  # targets whose indicator name matches too
    deadlines: Tally = field(default_factory=Tally)
    tasks: Tally = field(default_factory=Tally)

    @property
    def all_units(self) -> Tally:
        total = Tally()
        for t in self.units.values():
            total += t
        return total

    def __iadd__(self, other: Score) -> Score:
        for r in ROLES:
            self.units[r] += other.units[r]
        self.targets += other.targets
        self.indicators += other.indicators
        self.deadlines += other.deadlines
        self.tasks += other.tasks
        return self


def _target_key(t: dict, with_name: bool) -> tuple:
    split = tuple(sorted((k, float(v)) for k, v in (t.get("split") or {}).items()))
    key = (float(t["value"]), t["unit"], t["comparator"], split)
    return (*key, t["indicator"]) if with_name else key


def _align(predicted: list[dict], gold: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Pair tasks by (section, number), then the rest in order."""
    by_key = {(t["section"], t["number"]): t for t in predicted}
    pairs, used = [], set()
    for g in gold:
        p = by_key.get((g["section"], g["number"]))
        if p is not None and id(p) not in used:
            used.add(id(p))
        else:
            p = None
        pairs.append([p, g])
    rest = iter(t for t in predicted if id(t) not in used)
    for pair in pairs:
        if pair[0] is None:
            pair[0] = next(rest, None)
            if pair[0] is not None:
                used.add(id(pair[0]))
    pairs += [(p, None) for p in predicted if id(p) not in used]
    return [tuple(p) for p in pairs]


def score_document(predicted: dict, gold: dict) -> Score:
    """Both in the CLI's JSON shape ({"tasks": [...]})."""
    score = Score()
    for p, g in _align(predicted["tasks"], gold["tasks"]):
        empty = {"lead": [], "implementing": [], "cooperating": [], "targets": [], "deadline": None}
        p, g = p or empty, g or empty
        score.tasks.add({1} if p is not empty else set(), {1} if g is not empty else set())
        for role in ROLES:
            score.units[role].add(set(p[role]), set(g[role]))
        score.targets.add({_target_key(t, False) for t in p["targets"]}, {_target_key(t, False) for t in g["targets"]})
        score.indicators.add({_target_key(t, True) for t in p["targets"]}, {_target_key(t, True) for t in g["targets"]})
        score.deadlines.add({p["deadline"]} - {None}, {g["deadline"]} - {None})
    return score
