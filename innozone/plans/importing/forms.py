"""The plan-import forms: step 1 (a document or pasted text), then the review step, where the parsed plan
is an editable form that is read back into a structure.

Review form fields: plan-year/title/issuer/report_frequency; task-N-{number,section,text,lead,implementing,
cooperating,deadline,targets,delete}; unit-N-{name,org,kind}.  Unit lists are written one name per
line; targets one per line as `指标|比较|数值|单位|兰州=80,白银=20`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innozone.core.models import Organization
from innozone.core.money import parse_decimal

from .reading import structure_unit_names
from .units import Resolution, guess_kind, resolve_units

ROLES = ("lead", "implementing", "cooperating")


class PlanImportForm(forms.Form):
    """Step 1 of the import: a document (.txt or .docx) or pasted text."""

    text = forms.CharField(
        label=gettext_lazy("粘贴计划全文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=500_000,
    )
    file = forms.FileField(label=gettext_lazy("或上传文件（.txt / .docx）"), required=False)
    year = forms.IntegerField(
        label=gettext_lazy("计划年度"),
        required=False,
        min_value=1950,
        max_value=2199,
        help_text=gettext_lazy("文件中没有写明年度时填写"),
    )

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError(gettext_lazy("请粘贴计划文本或上传文件"))
        return data


def target_line(t: dict) -> str:
    split = ",".join(f"{k}={v}" for k, v in (t.get("split") or {}).items())
    return "|".join([t["name"], t["comparator"], str(t["target"]), t.get("unit", ""), split])


def review_rows(structure: dict) -> list[dict]:
    """One row per task, with its targets as editable lines."""
    by_task: dict[str, list[str]] = {}
    for ind in structure.get("indicators", []):
        by_task.setdefault(str(ind.get("task")), []).append(target_line(ind))
    rows = []
    for t in structure.get("tasks", []):
        row = dict(t)
        for role in ROLES:
            row[role + "_text"] = "\n".join(t.get(role, []))
        row["targets_text"] = "\n".join(by_task.get(str(t["number"]), []))
        rows.append(row)
    return rows


def _names(value: str) -> list[str]:
    out = []
    for line in value.splitlines():
        name = line.strip()
        if name and name not in out:
            out.append(name)
    return out


def _targets(value: str, task: str, errors: list, row: int) -> list[dict]:
    out = []
    for n, line in enumerate(value.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3:
            errors.append(
                {
                    "row": row,
                    "field": "targets",
                    "message": _("第%(n)d行指标格式应为 指标|比较|数值|单位|分解") % {"n": n},
                }
            )
            continue
        parts += [""] * (5 - len(parts))
        name, comparator, value_text, unit, split_text = parts[:5]
        split = {}
        for item in filter(None, (p.strip() for p in split_text.replace("，", ",").split(","))):
            label, _eq, amount = item.partition("=")
            split[label.strip()] = amount.strip()
        if parse_decimal(value_text, field="targets", errors=errors, row=row) is None:
            continue
        out.append(
            {
                "task": task,
                "name": name,
                "comparator": comparator or ">=",
                "target": value_text,
                "unit": unit,
                "split": split,
            }
        )
    return out


def structure_from_post(post) -> tuple[dict, list[dict]]:
    """The reviewed structure from the form, and the problems found reading it."""
    errors: list[dict] = []
    try:
        year = int(post.get("plan-year", ""))
    except ValueError:
        year = None
        errors.append({"field": "year", "message": _("年度无效")})
    structure = {
        "year": year,
        "title": post.get("plan-title", "").strip(),
        "issuer": post.get("plan-issuer", "").strip() or None,
        "report_frequency": post.get("plan-report_frequency", "quarterly"),
        "sections": [],
        "tasks": [],
        "indicators": [],
    }
    count = int(post.get("task_count", "0") or 0)
    sections: dict[str, None] = {}
    for i in range(count):
        p = f"task-{i}-"
        if post.get(p + "delete"):
            continue
        number = post.get(p + "number", "").strip()
        section = post.get(p + "section", "").strip()
        if section:
            sections.setdefault(section, None)
        task = {
            "number": number,
            "section": section,
            "text": post.get(p + "text", "").strip(),
            "deadline": post.get(p + "deadline", "").strip() or None,
        }
        for role in ROLES:
            task[role] = _names(post.get(p + role, ""))
        structure["tasks"].append(task)
        structure["indicators"] += _targets(post.get(p + "targets", ""), number, errors, i + 1)
    structure["sections"] = [{"number": "", "title": s} for s in sections]
    return structure, errors


def resolution_from_post(post, structure: dict) -> tuple[dict[str, int | None], dict[str, str], list[str]]:
    """Name → organization id (None = create) and kinds of new ones; names the reviewer has not
    decided yet (added by editing) are resolved automatically and returned as undecided when new."""
    decided: dict[str, int | None] = {}
    kinds: dict[str, str] = {}
    for i in range(int(post.get("unit_count", "0") or 0)):
        p = f"unit-{i}-"
        name = post.get(p + "name", "").strip()
        if not name:
            continue
        org = post.get(p + "org", "")
        decided[name] = int(org) if org.isdigit() else None
        kinds[name] = post.get(p + "kind", "") or guess_kind(name)
    names = structure_unit_names(structure)
    fresh = resolve_units([n for n in names if n not in decided])
    undecided = []
    for name, r in fresh.items():
        if r.organization is None:
            undecided.append(name)
        decided[name] = r.organization.pk if r.organization else None
        kinds.setdefault(name, guess_kind(name))
    return {n: decided[n] for n in names}, {n: kinds[n] for n in names if decided[n] is None}, undecided


def unit_rows(names: list[str], resolution: dict[str, Resolution] | None = None, chosen=None, kinds=None):
    """Rows of the unit-resolution table."""
    resolution = resolution or resolve_units(names)
    rows = []
    for name in names:
        r = resolution.get(name) or resolve_units([name])[name]
        org_id = (chosen or {}).get(name, r.organization.pk if r.organization else None)
        rows.append(
            {
                "name": name,
                "how": r.how,
                "how_label": r.label,
                "score": round(r.score),
                "org_id": org_id,
                "kind": (kinds or {}).get(name) or guess_kind(name),
            }
        )
    return rows


def organization_choices():
    return list(Organization.objects.order_by("kind", "name").values_list("pk", "name"))
