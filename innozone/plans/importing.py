"""Plan import, the Django side: read an upload, resolve unit names to organizations, and turn the
parser's result (innozone.plans.parsing) into the structure `plan_create_from_structure` takes."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from innozone.core.errors import ValidationFailed
from innozone.core.models import Organization, OrganizationAlias

from .parsing import ParsedPlan, parse_text, read_docx
from .parsing.names import best_match
from .parsing.units import GROUP_RE

MAX_UPLOAD = 5 * 1024 * 1024


@dataclass(frozen=True)
class Resolution:
    name: str
    how: str  # exact | alias | fuzzy | group | new
    organization: Organization | None
    score: float = 100.0

    @property
    def label(self) -> str:
        return {
            "exact": _("名称一致"),
            "alias": _("别名"),
            "fuzzy": _("近似匹配"),
            "group": _("单位组"),
            "new": _("新单位"),
        }[self.how]

    def as_dict(self) -> dict:
        org = self.organization
        return {
            "name": self.name,
            "how": self.how,
            "organization": {"id": org.pk, "name": org.name} if org else None,
            "score": self.score,
        }


def read_upload(filename: str, data: bytes) -> str:
    """The text of an uploaded plan: .docx via python-docx, anything else as UTF-8 or GB18030 text."""
    if len(data) > MAX_UPLOAD:
        raise ValidationFailed(_("文件超过 5 MB"))
    if filename.lower().endswith(".docx"):
        try:
            return read_docx(io.BytesIO(data))
        except Exception as exc:  # python-docx raises several types for a damaged file
            raise ValidationFailed(_("无法读取 .docx 文件：%(e)s") % {"e": exc}) from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed(_("无法识别文件编码，请使用 UTF-8 或 GB18030 文本，或 .docx"))


def resolve_units(names: list[str]) -> dict[str, Resolution]:
    """Each name → exact name, alias, group, fuzzy match or a proposed new organization."""
    orgs = {o.name: o for o in Organization.objects.all()}
    aliases = {a.alias: a.organization for a in OrganizationAlias.objects.select_related("organization")}
    candidates = list(orgs) + list(aliases)
    out = {}
    for name in names:
        if name in orgs:
            org = orgs[name]
            out[name] = Resolution(name, "group" if org.kind == Organization.Kind.GROUP else "exact", org)
        elif name in aliases:
            org = aliases[name]
            out[name] = Resolution(name, "group" if org.kind == Organization.Kind.GROUP else "alias", org)
        else:
            hit = best_match(name, candidates)
            if hit:
                org = orgs.get(hit.candidate) or aliases[hit.candidate]
                out[name] = Resolution(name, "fuzzy", org, hit.score)
            else:
                out[name] = Resolution(name, "new", None, 0.0)
    return out


def guess_kind(name: str) -> str:
    """The kind a new organization gets, from its name."""
    K = Organization.Kind
    if GROUP_RE.search(name):
        return K.GROUP
    for suffix, kind in (
        ("管委会", K.COMMITTEE),
        ("领导小组办公室", K.LEADING_GROUP_OFFICE),
        ("领导小组", K.LEADING_GROUP),
        ("人民政府", K.GOVERNMENT),
        ("大学", K.UNIVERSITY),
        ("学院", K.UNIVERSITY),
        ("研究院", K.INSTITUTE),
        ("研究所", K.INSTITUTE),
        ("公司", K.ENTERPRISE),
        ("集团", K.ENTERPRISE),
        ("银行", K.FINANCIAL),
        ("市", K.GOVERNMENT),
        ("州", K.GOVERNMENT),
        ("县", K.GOVERNMENT),
    ):
        if name.endswith(suffix):
            return kind
    return K.DEPARTMENT


def parse_document(text: str, *, year: int | None = None) -> ParsedPlan:
    if not text.strip():
        raise ValidationFailed(_("没有可解析的文本"))
    return parse_text(text, year=year)


def structure_from_parsed(parsed: ParsedPlan, *, year: int | None = None, title: str = "", issuer: str = "") -> dict:
    """The structure `plan_create_from_structure` takes. Task numbers that repeat (numbering that
    restarts in each section) are qualified with their section's number."""
    counts: dict[str, int] = {}
    for t in parsed.tasks:
        counts[t.number] = counts.get(t.number, 0) + 1
    markers = {f"{n}{title_}": n for n, title_ in parsed.sections}
    tasks, indicators = [], []
    for t in parsed.tasks:
        number = t.number
        if counts[number] > 1:
            number = (markers.get(t.section, "") or t.section[:6]) + number
        tasks.append(
            {
                "number": number,
                "section": t.section,
                "text": t.text,
                "lead": list(t.lead),
                "implementing": list(t.implementing),
                "cooperating": list(t.cooperating),
                "deadline": t.deadline.isoformat() if t.deadline else None,
            }
        )
        for target in t.targets:
            d = target.as_dict()
            indicators.append(
                {
                    "task": number,
                    "name": d["indicator"],
                    "unit": d["unit"],
                    "comparator": d["comparator"],
                    "target": str(target.value),
                    "split": {k: str(v) for k, v in target.split.items()},
                }
            )
    return {
        "year": year or parsed.year,
        "title": title or parsed.title,
        "issuer": issuer or None,
        "report_frequency": "quarterly",
        "sections": [{"number": n, "title": s} for n, s in parsed.sections],
        "tasks": tasks,
        "indicators": indicators,
    }


def structure_unit_names(structure: dict) -> list[str]:
    seen: dict[str, None] = {}
    for t in structure.get("tasks", []):
        for role in ("lead", "implementing", "cooperating"):
            for name in t.get(role, []):
                seen.setdefault(name, None)
    return list(seen)
