"""Statistics of technology finance by bank, by park / city (the borrower's region through core.regions) and
by year: loans (count, amount, average rate), defaults, compensation paid, subsidies paid, investments and
exits. `finance_summary(year)` is the small dict the cockpit may show."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum

from innozone.core import regions
from innozone.core.models import Organization
from innozone.enterprises import selectors as registry

from ..models import Investment, Loan, PoolMovement, Subsidy

ZERO = Decimal("0.00")
DEFAULTED = (Loan.Status.DEFAULT, Loan.Status.COMPENSATED)


def _q(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _row(name: str) -> dict:
    return {
        "name": name,
        "loans": 0,
        "amount": ZERO,
        "rate_weighted": Decimal(0),
        "defaults": 0,
        "compensation": ZERO,
        "subsidies": ZERO,
    }


def _finish(row: dict) -> dict:
    amount = row.pop("rate_weighted")
    row["avg_rate"] = (amount / row["amount"]).quantize(Decimal("0.001")) if row["amount"] else None
    return row


def _places(org_ids) -> dict[int, tuple[str, str]]:
    """Organization id → (city name, park name) of the borrower: the registry entry's park, else its district
    (the organization's own region where it has no registry entry)."""
    tree = regions.tree()
    org_ids = set(org_ids)
    entries = registry.places_of(org_ids)
    out = {}
    for org_id, region_id in Organization.objects.filter(pk__in=org_ids).values_list("id", "region_id"):
        entry_region, entry_park = entries.get(org_id, (None, None))
        home = entry_region or region_id
        park_id = entry_park or home
        city_id = tree.city_of(home) or tree.city_of(park_id)
        city = tree.nodes[city_id].name if city_id in tree.nodes else "—"
        park = tree.nodes[park_id].name if park_id in tree.nodes else "—"
        out[org_id] = (city, park)
    return out


def finance_stats(year: int | None = None) -> dict:
    loans = Loan.objects.select_related("bank__organization")
    if year:
        loans = loans.filter(starts_on__year=year)
    loans = list(loans)
    comp = PoolMovement.objects.filter(kind=PoolMovement.Kind.COMPENSATION)
    subs = Subsidy.objects.filter(status=Subsidy.Status.PAID)
    invs = Investment.objects.all()
    if year:
        comp, subs, invs = comp.filter(on__year=year), subs.filter(year=year), invs.filter(invested_on__year=year)
    comp_by_loan = defaultdict(Decimal)
    for loan_id, amount in comp.values_list("claim__loan_id", "amount"):
        comp_by_loan[loan_id] += -amount
    sub_by_loan = defaultdict(Decimal)
    for loan_id, amount in subs.values_list("loan_id", "amount"):
        sub_by_loan[loan_id] += amount
    loan_names = {}
    for loan in Loan.objects.filter(pk__in=set(comp_by_loan) | set(sub_by_loan)).select_related("bank__organization"):
        loan_names[loan.pk] = (loan.bank.organization.name, loan.enterprise_id)
    places = _places([loan.enterprise_id for loan in loans] + [e for _b, e in loan_names.values()])
    by_bank, by_city, by_park = {}, {}, {}
    total = _row("")
    for loan in loans:
        city, park = places.get(loan.enterprise_id, ("—", "—"))
        for table, key in ((by_bank, loan.bank.organization.name), (by_city, city), (by_park, park)):
            row = table.setdefault(key, _row(key))
            for r in (row,):
                r["loans"] += 1
                r["amount"] += loan.amount
                r["rate_weighted"] += loan.amount * loan.rate
                r["defaults"] += loan.status in DEFAULTED
        total["loans"] += 1
        total["amount"] += loan.amount
        total["rate_weighted"] += loan.amount * loan.rate
        total["defaults"] += loan.status in DEFAULTED
    for field, amounts in (("compensation", comp_by_loan), ("subsidies", sub_by_loan)):
        for loan_id, amount in amounts.items():
            bank, org = loan_names[loan_id]
            city, park = places.get(org, ("—", "—"))
            for table, key in ((by_bank, bank), (by_city, city), (by_park, park)):
                table.setdefault(key, _row(key))[field] += amount
            total[field] += amount
    inv = invs.aggregate(n=Count("id"), s=Sum("amount"))
    exits = Investment.objects.filter(exited_on__isnull=False)
    if year:
        exits = exits.filter(exited_on__year=year)
    ex = exits.aggregate(n=Count("id"), s=Sum("exit_amount"))
    total = _finish(total)
    total.update(investments=inv["n"], invested=_q(inv["s"]), exits=ex["n"], exit_amount=_q(ex["s"]))

    def ordered(table):
        return sorted((_finish(r) for r in table.values()), key=lambda r: (-r["amount"], r["name"]))

    return {
        "year": year,
        "total": total,
        "by_bank": ordered(by_bank),
        "by_city": ordered(by_city),
        "by_park": ordered(by_park),
        "by_year": by_year(),
    }


def by_year() -> list[dict]:
    rows = defaultdict(lambda: {"loans": 0, "amount": ZERO, "defaults": 0})
    for starts_on, amount, status in Loan.objects.values_list("starts_on", "amount", "status"):
        row = rows[starts_on.year]
        row["loans"] += 1
        row["amount"] += amount
        row["defaults"] += status in DEFAULTED
    return [{"year": y, **rows[y]} for y in sorted(rows)]


def finance_summary(year: int) -> dict:
    """For the cockpit: the year's loans, compensation, subsidies and investments in one flat dict."""
    t = finance_stats(year)["total"]
    return {
        "year": year,
        "loans": t["loans"],
        "loan_amount": t["amount"],
        "avg_rate": t["avg_rate"],
        "defaults": t["defaults"],
        "compensation_paid": t["compensation"],
        "subsidies_paid": t["subsidies"],
        "investments": t["investments"],
        "invested": t["invested"],
        "exits": t["exits"],
    }
