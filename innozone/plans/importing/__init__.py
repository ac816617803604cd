"""Plan import: a document → the parsed plan (innozone.plans.parsing) → a structure a person reviews →
a saved plan. `services` holds the use case the page, the API and the command call; `reading` turns a
document into a structure, `units` matches unit names to organizations, `forms` and `highlight` serve
the review page."""

from .reading import read_upload
from .services import plan_import, plan_import_preview
from .units import guess_kind, resolve_units

__all__ = ["guess_kind", "plan_import", "plan_import_preview", "read_upload", "resolve_units"]
