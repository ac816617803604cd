"""Who may take part: an enterprise's eligibility for a scheme, its cap, the parties it may not trade
with, where a scheme's vouchers may be spent, and which city bureau approves its application."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from innozone.core import regions
from innozone.core.models import Organization

from ..models import Provider, RelatedParty, Scheme, Voucher


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


def enterprise_total(scheme: Scheme, enterprise_id: int) -> Decimal:
    """What an enterprise holds under a scheme (issued minus released), counted against its cap."""
    total = Voucher.objects.filter(scheme=scheme, enterprise_id=enterprise_id).aggregate(
        s=Sum(F("amount") - F("released"))
    )["s"]
    return total or Decimal("0")


def related_parties(a: Organization, b: Organization) -> str | None:
    """Why two organizations may not trade with vouchers, or None."""
    if a.pk == b.pk:
        return _("同一单位")
    if RelatedParty.objects.filter(Q(a=a, b=b) | Q(a=b, b=a)).exists():
        return _("已申报的关联关系")
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
    city = regions.city_of(enterprise.region_id)
    if city is None:
        return None
    orgs = Organization.objects.filter(region_id=city, is_active=True)
    return orgs.filter(name__endswith="科学技术局").first() or orgs.filter(kind=Organization.Kind.GOVERNMENT).first()
