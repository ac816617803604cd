"""Who may take part: an enterprise's eligibility for a scheme, its cap (shared by the enterprises under one
actual controller), the parties it may not trade with (the enterprise registry's related parties), where a
scheme's vouchers may be spent, and which city bureau approves its application."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from innozone.core import regions
from innozone.core.models import Organization
from innozone.core.selectors import city_authority
from innozone.enterprises import selectors as registry

from ..models import Provider, Scheme, Voucher


def eligibility_problems(scheme: Scheme, enterprise: Organization) -> list[str]:
    """Why an enterprise may not apply to a scheme (its region, qualifications, size); empty if it may."""
    problems = []
    allowed = set(scheme.eligible_regions.values_list("pk", flat=True))
    if allowed and not allowed & set(regions.ancestors(enterprise.region_id)):
        problems.append(_("企业所在地区不在本方案申领范围内"))
    missing = [f for f in scheme.required_flags if f not in (enterprise.flags or [])]
    if missing:
        problems.append(_("企业不具备申领资质：%(f)s") % {"f": "、".join(missing)})
    if scheme.max_employees and (enterprise.employees or 0) > scheme.max_employees:
        problems.append(_("企业从业人数超过本方案上限"))
    return problems


def cap_group(enterprise_id: int) -> list[int]:
    """The organizations whose vouchers count against one cap: every enterprise under the same actual
    controller in the registry (itself alone without a registry entry or controller), in id order."""
    return registry.controller_group(enterprise_id)


def enterprise_total(scheme: Scheme, enterprise_id: int) -> Decimal:
    """What an enterprise and the enterprises under its actual controller hold under a scheme (issued minus
    released), counted against the per-enterprise cap: a sister company does not get a second cap."""
    total = Voucher.objects.filter(scheme=scheme, enterprise_id__in=cap_group(enterprise_id)).aggregate(
        s=Sum(F("amount") - F("released"))
    )["s"]
    return total or Decimal("0")


def lock_cap_group(enterprise_id: int) -> list[int]:
    """Lock the organization rows of the enterprise's cap group, in id order (the fixed order: two issues for
    sister companies wait for each other instead of both passing the cap, and never deadlock)."""
    ids = cap_group(enterprise_id)
    list(Organization.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    return ids


def cap_message(scheme: Scheme, enterprise_id: int) -> str:
    if len(cap_group(enterprise_id)) > 1:
        return _("超过每家企业年度上限 %(cap)s 元（该上限由同一实际控制人控制的关联企业共用）") % {
            "cap": scheme.per_enterprise_cap
        }
    return _("超过每家企业年度上限 %(cap)s 元") % {"cap": scheme.per_enterprise_cap}


def related_parties(a: Organization, b: Organization) -> str | None:
    """Why two organizations may not trade with vouchers, or None: the registry's related parties (same
    organization, actual controller, shareholding, legal representative, declared group); for organizations
    not in the registry, the same legal representative or credit code on the organization records."""
    if a.pk == b.pk:
        return _("同一单位")
    reason = registry.related(a.pk, b.pk)
    if reason or (registry.enterprise_of(a.pk) and registry.enterprise_of(b.pk)):
        return reason
    if a.legal_representative and a.legal_representative == b.legal_representative:
        return _("法定代表人相同")
    if a.credit_code and a.credit_code == b.credit_code:
        return _("统一社会信用代码相同")
    return None


def spend_region_ok(scheme: Scheme, provider: Provider) -> bool:
    """A scheme's vouchers are spent with providers in its spend regions (anywhere if cross-region or none set)."""
    if scheme.cross_region:
        return True
    allowed = set(scheme.spend_regions.values_list("pk", flat=True))
    return not allowed or bool(allowed & set(regions.ancestors(provider.organization.region_id)))


def city_approver(enterprise: Organization) -> Organization | None:
    """The S&T bureau (else the government) of the city the enterprise is located in."""
    return city_authority(enterprise.region_id)
