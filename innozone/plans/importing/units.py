"""Which organization each unit name in a plan means: exact name, alias, group, a close match, or none
(then the importer proposes a new organization, of a kind guessed from its name)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from innozone.core.models import Organization, OrganizationAlias

from ..parsing.names import best_match
from ..parsing.units import GROUP_RE


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
