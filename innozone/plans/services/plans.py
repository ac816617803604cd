"""Creating a plan from its structure: the seeds, `plan import` and the import review page all end here."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit, regions
from innozone.core.errors import ValidationFailed
from innozone.core.models import Organization
from innozone.core.money import parse_decimal
from innozone.core.selectors import organization_by_name

from ..models import Indicator, IndicatorSplit, Plan, Responsibility, Section, Task


def _check_tasks(structure: dict, resolved: dict[str, Organization], errors: list) -> set[str]:
    """Every task numbered once, with a text, known units and an ISO deadline; returns the numbers.
    Resolves unit names into `resolved` (given names first, then by name or alias)."""
    numbers = set()
    for i, t in enumerate(structure.get("tasks", []), start=1):
        number = str(t.get("number", "")).strip()
        if not number:
            errors.append({"row": i, "field": "number", "message": _("任务缺少序号")})
        elif number in numbers:
            errors.append({"row": i, "field": "number", "message": _("任务序号“%(n)s”重复") % {"n": number}})
        numbers.add(number)
        if not str(t.get("text", "")).strip():
            errors.append({"row": i, "field": "text", "message": _("任务内容不能为空")})
        for role in Responsibility.Role.values:
            for name in t.get(role, []):
                org = resolved.get(name) or organization_by_name(name)
                if org is None:
                    errors.append({"row": i, "field": role, "message": _("找不到单位“%(name)s”") % {"name": name}})
                else:
                    resolved[name] = org
        if t.get("deadline"):
            try:
                dt.date.fromisoformat(t["deadline"])
            except (TypeError, ValueError):
                errors.append({"row": i, "field": "deadline", "message": _("日期格式应为 YYYY-MM-DD")})
    return numbers


def _check_indicators(structure: dict, numbers: set[str], errors: list) -> dict[str, int | None]:
    """Every indicator named, with a number target, a known task and comparator, and splits by known
    regions; returns each split label's region id."""
    tree = regions.tree()
    split_regions: dict[str, int | None] = {}
    for i, ind in enumerate(structure.get("indicators", []), start=1):
        where = f"indicators[{i}]"
        if not str(ind.get("name", "")).strip():
            errors.append({"field": where, "message": _("指标名称不能为空")})
        parse_decimal(ind.get("target"), field=where + ".target", errors=errors)
        if ind.get("task") and str(ind["task"]) not in numbers:
            errors.append({"field": where + ".task", "message": _("指标所属任务不存在")})
        if ind.get("comparator", ">=") not in Indicator.Comparator.values:
            errors.append({"field": where + ".comparator", "message": _("比较方式无效")})
        source = str(ind.get("source") or "").strip()
        if source and ":" not in source:
            errors.append({"field": where + ".source", "message": _("平台数据来源应写作“类别:指标”")})
        authoritative = ind.get("authoritative") or Indicator.Authoritative.REPORTED
        if authoritative not in Indicator.Authoritative.values or (
            authoritative == Indicator.Authoritative.SOURCE and not source
        ):
            errors.append({"field": where + ".authoritative", "message": _("以平台数据为准须先指定平台数据来源")})
        for label, value in (ind.get("split") or {}).items():
            region_id = split_regions.get(label) or tree.resolve(label)
            if region_id is None:
                errors.append({"field": where + ".split", "message": _("找不到地区“%(l)s”") % {"l": label}})
            split_regions[label] = region_id
            parse_decimal(value, field=f"{where}.split.{label}", errors=errors)
    return split_regions


@transaction.atomic
def plan_create_from_structure(
    *, actor, structure: dict, source_text: str = "", names: dict[str, Organization] | None = None
) -> Plan:
    """Create a plan from the structure `plan export` prints (and the seeds and the importer produce).

    Every unit name must resolve to an organization (`names`, then by name or alias) and every split
    label to a region; otherwise nothing is written and every problem is reported.
    """
    errors: list[dict] = []
    year, title = structure.get("year"), (structure.get("title") or "").strip()
    if not isinstance(year, int) or not 1949 < year < 2200:
        errors.append({"field": "year", "message": _("年度无效")})
    if not title:
        errors.append({"field": "title", "message": _("标题不能为空")})
    if year and title and Plan.objects.filter(year=year, title=title).exists():
        errors.append({"field": "title", "message": _("%(year)s年已有同名计划") % {"year": year}})
    resolved: dict[str, Organization] = dict(names or {})
    numbers = _check_tasks(structure, resolved, errors)
    split_regions = _check_indicators(structure, numbers, errors)
    issuer = organization_by_name(structure["issuer"]) if structure.get("issuer") else None
    if errors:
        raise ValidationFailed(detail=errors)

    plan = Plan.objects.create(
        year=year,
        title=title,
        issuer=issuer,
        source_text=source_text,
        report_frequency=structure.get("report_frequency", "quarterly"),
    )
    tasks = _create_tasks(plan, structure, resolved)
    _create_indicators(plan, structure, tasks, split_regions)
    audit.record(
        actor=actor,
        action="plans.plan.create",
        obj=plan,
        summary=str(plan),
        after={"year": year, "title": title, "tasks": len(tasks)},
    )
    return plan


def _create_tasks(plan: Plan, structure: dict, resolved: dict[str, Organization]) -> dict[str, Task]:
    sections = {}
    for order, s in enumerate(structure.get("sections", [])):
        sec = Section.objects.create(plan=plan, number=s["number"], title=s["title"], order=order)
        sections[s["number"] + s["title"]] = sec
    tasks = {}
    for order, t in enumerate(structure.get("tasks", [])):
        section = sections.get(t.get("section", ""))
        if section is None and t.get("section"):
            section = Section.objects.create(plan=plan, number="", title=t["section"], order=len(sections))
            sections[t["section"]] = section
        task = Task.objects.create(
            plan=plan,
            section=section,
            number=str(t["number"]),
            text=t["text"].strip(),
            order=order,
            deadline=dt.date.fromisoformat(t["deadline"]) if t.get("deadline") else None,
        )
        tasks[task.number] = task
        for role in Responsibility.Role.values:
            for n, name in enumerate(t.get(role, [])):
                Responsibility.objects.get_or_create(
                    task=task,
                    organization=resolved[name],
                    role=role,
                    defaults={"name_as_written": name, "order": n},
                )
    return tasks


def _create_indicators(plan: Plan, structure: dict, tasks: dict[str, Task], split_regions: dict) -> None:
    for order, ind in enumerate(structure.get("indicators", [])):
        indicator = Indicator.objects.create(
            plan=plan,
            task=tasks.get(str(ind.get("task"))) if ind.get("task") else None,
            name=ind["name"].strip(),
            unit=ind.get("unit", ""),
            comparator=ind.get("comparator", ">="),
            target=_checked_number(ind["target"]),
            order=order,
            source=str(ind.get("source") or "").strip(),
            authoritative=ind.get("authoritative") or Indicator.Authoritative.REPORTED,
        )
        for label, value in (ind.get("split") or {}).items():
            IndicatorSplit.objects.create(
                indicator=indicator, region_id=split_regions[label], label=label, target=_checked_number(value)
            )


def _checked_number(value) -> Decimal:
    """A number `_check_indicators` has accepted (so parsing it again cannot fail)."""
    return parse_decimal(value, field="")
