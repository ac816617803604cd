"""Demo data: the regions, organizations and logins of the seed documents, and the one entry point that
seeds every app's demo.

Each app that has demo data keeps it in its own `demo.py` with

    ORDER = 30                                  # apps seed in this order (core 0, plans 10, …)
    def seed(*, with_activity: bool) -> str     # safe to rerun; returns a one-line summary

`seed_all` finds those modules (as Django's admin finds `admin.py`), so no app imports another's demo.
With `with_activity=False` an app seeds its set-up only (schemes, listings), not reports or transactions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.module_loading import module_has_submodule

from .models import Organization, OrganizationAlias, Region, User
from .seed_data import units

ORDER = 0
DEMO_PASSWORD = units.DEMO_PASSWORD


@dataclass(frozen=True)
class Hook:
    order: int
    app: str
    seed: Callable[..., str | None]


def hooks() -> list[Hook]:
    """Every installed app's demo hook, in seeding order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("innozone.") or not module_has_submodule(config.module, "demo"):
            continue
        module = import_module(f"{config.name}.demo")
        if callable(getattr(module, "seed", None)):
            found.append(Hook(getattr(module, "ORDER", 100), config.label, module.seed))
    return sorted(found, key=lambda h: (h.order, h.app))


def seed_all(*, with_activity: bool = True, only: Iterable[str] | None = None, progress=None) -> list[str]:
    """Run the apps' demo hooks in order (only those named in `only`, by app label, when given)."""
    wanted = set(only) if only is not None else None
    summaries = []
    for hook in hooks():
        if wanted is not None and hook.app not in wanted:
            continue
        summary = hook.seed(with_activity=with_activity)
        if summary:
            summaries.append(summary)
            if progress:
                progress(summary)
    return summaries


def logins() -> list[tuple[str, str, str]]:
    """(username, role, organization) of every demo login: the seed documents' users first."""
    order = {name: n for n, (name, *_rest) in enumerate(units.USERS)}
    users = User.objects.filter(is_active=True, is_superuser=False).select_related("organization")
    rows = [u for u in users if u.has_usable_password()]
    rows.sort(key=lambda u: (order.get(u.username, len(order)), u.pk))
    return [(u.username, str(u.get_role_display()), str(u.organization or "")) for u in rows]


# ---------------------------------------------------------------- core's own demo: units and logins


def _regions() -> dict[str, Region]:
    by_code = {}
    for code, name, short, kind, parent in units.REGIONS:
        region, _ = Region.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind, "parent": by_code.get(parent)},
        )
        by_code[code] = region
    return by_code


def _organizations(regions) -> dict[str, Organization]:
    orgs = {}
    for name, kind, region, aliases in units.ORGANIZATIONS:
        org, _ = Organization.objects.get_or_create(name=name, defaults={"kind": kind, "region": regions[region]})
        orgs[name] = org
        for alias in aliases:
            OrganizationAlias.objects.get_or_create(alias=alias, defaults={"organization": org})
    for group, members in units.GROUPS:
        orgs[group].members.add(*[orgs[m] for m in members])
    # 市科技局 sits under the city government.
    Organization.objects.filter(name="兰州市科学技术局", parent=None).update(parent=orgs["兰州市人民政府"])
    return orgs


def _office_group() -> Group:
    """Django-admin rights for the zone office: maintain units, regions, users and plans, and the configurable
    lists of other apps the admin shows (platform kinds and recognition conditions, talent honours, the expert
    committee)."""
    group, _ = Group.objects.get_or_create(name="自创区办公室")
    lists = Q(content_type__app_label="platforms", content_type__model__in=["kind", "condition"]) | Q(
        content_type__app_label="talent", content_type__model__in=["honour", "committee", "committeemember"]
    )
    group.permissions.set(Permission.objects.filter(Q(content_type__app_label__in=["core", "plans"]) | lists))
    return group


def _users(orgs) -> int:
    office_group = _office_group()
    created = 0
    for username, display, role, org in units.USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username,
            display_name=display,
            role=role,
            organization=orgs[org],
            is_staff=role == "office_admin",
        )
        user.set_password(units.DEMO_PASSWORD)
        user.save()
        created += 1
        if role == "office_admin":
            user.groups.add(office_group)
    return created


@transaction.atomic
def seed(*, with_activity: bool = True) -> str:
    """Regions, organizations, groups and the demo logins of the seed documents."""
    orgs = _organizations(_regions())
    _users(orgs)
    return f"units: {Region.objects.count()} regions, {Organization.objects.count()} organizations"
