"""The parts every crawl test shares: the routes of a URL namespace, a few rows of a model to fill a route's id
(one of every status, stage and kind), and every page of a namespace with its ids filled in."""

from django.db.models import Model
from django.urls import URLPattern, get_resolver, reverse


def patterns(namespace: str) -> list[URLPattern]:
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == namespace:
            return [p for p in entry.url_patterns if isinstance(p, URLPattern)]
    return []


def sample_ids(model: type[Model]) -> list[int]:
    """A few rows of the model: the first two and the last, and one of every value of its status, stage and
    kind fields (so every state of a project, an asset or an agreement is opened once)."""
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True)[:2])
    ids += list(model.objects.order_by("-pk").values_list("pk", flat=True)[:1])
    names = {f.name for f in model._meta.get_fields()}
    for field in ("status", "stage", "kind"):
        if field in names:
            seen: dict = {}
            for pk, value in model.objects.order_by("pk").values_list("pk", field):
                seen.setdefault(value, pk)
            ids += list(seen.values())
    return list(dict.fromkeys(ids))


def urls_of(
    namespace: str,
    routes: dict[str, type[Model]],
    special=None,
    variants: dict[str, list[str]] | None = None,
    rows_required: bool = True,
) -> tuple[list[str], list[str]]:
    """Every page of the namespace with its ids filled in — a page without ids also as Excel (?format=xlsx)
    and with the query strings `variants` names for it — and the routes this crawl could not fill (a route
    with an id whose first segment is not in `routes` and that `special(name, params)` does not fill, and — with
    `rows_required` — a route whose model has no rows in the demo)."""
    urls, unfilled = [], []
    for p in patterns(namespace):
        params = list(p.pattern.regex.groupindex)
        name = f"{namespace}:{p.name}"
        queries = (variants or {}).get(p.name, [])
        if not params:
            url = reverse(name)
            urls += [url, *(f"{url}?{q}" for q in ["format=xlsx", *queries])]
            continue
        filled = special(p.name, params) if special else None
        if filled is not None:
            found = [reverse(name, args=args) for args in filled]
        elif len(params) != 1 or (model := routes.get(str(p.pattern).split("/", 1)[0])) is None:
            unfilled.append(f"{name} {p.pattern}")
            continue
        else:
            found = [reverse(name, args=[i]) for i in sample_ids(model)]
        if not found and rows_required:
            unfilled.append(f"{name} {p.pattern} (no rows in the demo)")
        urls += [*found, *(f"{url}?{q}" for url in found[:1] for q in queries)]
    return urls, unfilled
