"""Demo data of platforms and teams: the platforms with their recognitions (`records`), the teams (`teams`),
the yearly figures and the annual evaluation (`evaluation`, when present)."""

from importlib import import_module

from django.db import transaction

ORDER = 55  # after talent (50: experts for the reviews) and carriers (52)


@transaction.atomic
def seed(*, with_activity: bool = True) -> str:
    parts = []
    for name in ("records", "teams", "evaluation"):
        try:
            module = import_module(f"{__name__}.{name}")
        except ModuleNotFoundError:
            continue
        summary = module.seed_part(with_activity=with_activity)
        if summary:
            parts.append(summary)
    return "; ".join(parts)
