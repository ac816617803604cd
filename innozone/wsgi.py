import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innozone.settings")
application = get_wsgi_application()

# Load every URL module (and what it imports: pandas, SciPy, openpyxl…) before freezing.
from django.urls import get_resolver  # noqa: E402

_ = get_resolver().url_patterns

# Move everything loaded at start-up (Django, the apps, libraries) out of the garbage collector's reach:
# full collections then scan only per-request objects. Measured in bench/plans.py: it removes the
# p95 tail of large pages (docs/benchmarks.md). With gunicorn --preload it also keeps forked workers'
# memory shared.
gc.freeze()
