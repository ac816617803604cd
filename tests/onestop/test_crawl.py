"""A crawl of every one-stop page (/services/) as one user of each demo role, on the busy demo (the catalogue,
cases in every state with parallel branches, 补正, pauses and ratings): no page fails (5xx), and every link to a
one-stop or policy page that a page shows opens for the user who sees it (no 403 or 404 behind a link)."""

from django.db.models import Model

from innozone.core.models import ApprovalTask
from innozone.onestop import models as om
from tests.crawling import sample_ids, urls_of
from tests.policies.test_crawl import crawl

#: the first segment of a /services/ route with one id → the rows whose ids fill it
SERVICE_ROUTES: dict[str, type[Model]] = {
    "items": om.ServiceItem,
    "materials": om.ItemMaterial,
    "powers": om.PowerEntry,
    "negative": om.NegativeEntry,
    "cases": om.Case,
}

#: the query strings a page is also opened with (filters, tabs, Excel)
SERVICE_VARIANTS = {
    "catalogue": ["type=XK", "q=科技", "page=2"],
    "case_queue": [f"tab={t}" for t in ("accept", "correcting", "progress", "warnings", "finished")]
    + ["tab=progress&format=xlsx", "level=overdue"],
    "case_list": ["status=branches", "level=yellow", "q=BJ", "page=2"],
    "case_mine": ["status=approved"],
    "calendar": ["year=2027", "year=2027&format=xlsx", "year=1900"],
    "stats": ["year=2025", "year=2026&type=XK", "year=2026&format=xlsx", "year=abc"],
    "rating_list": ["level=1"],
}


def _special(name: str, params: list[str]):
    """The routes whose ids are not one row's: the case form (an item) and a case's file or branch task."""
    if params == ["item_id"]:
        return [[i] for i in sample_ids(om.ServiceItem)]
    if params == ["pk", "file_id"]:
        return [[m.case_id, m.pk] for m in om.CaseMaterial.objects.order_by("pk")[:3]]
    if params == ["pk", "task_id"]:
        cases = om.Case.objects.exclude(approval=None).order_by("pk")[:3]
        return [
            [case.pk, task.pk]
            for case in cases
            for task in ApprovalTask.objects.filter(request_id=case.approval_id).order_by("pk")[:1]
        ]
    return None


def test_every_service_page_as_every_role_and_every_link_opens(client, busy_policies):
    urls, unfilled = urls_of("onestop", SERVICE_ROUTES, _special, SERVICE_VARIANTS, rows_required=False)
    assert unfilled == [], "routes with ids the crawl cannot fill: add them to SERVICE_ROUTES"
    assert len(urls) > 60, urls
    statuses = set(om.Case.objects.values_list("status", flat=True))
    assert statuses >= {"submitted", "correcting", "branches", "approved", "denied"}, statuses
    failures = crawl(client, urls)
    assert failures == [], "\n".join(failures)
