"""A crawl of every IP page (/ip/: assets in every legal state, an asset's fee schedule, transactions with the
pledge linked to its loan, fees due, the import, the pilot-park indicators, the service providers) as one user
of each demo role, on the busy demo: no page fails (5xx), and every link a page shows opens for the user who
sees it (no 403 or 404 behind a link, also links out of /ip/ such as a pledge's loan or a provider's listing)."""

from innozone.ip import models as ipm
from tests.crawling import sample_ids, urls_of
from tests.investment.test_crawl import crawl, never_opened

#: the first segment of an /ip/ route with an id → the rows whose ids fill it
IP_ROUTES = {"assets": ipm.Asset, "transactions": ipm.Transaction}
#: the query strings a page is also opened with (filters, pages, years, Excel)
IP_VARIANTS = {
    "assets": ["kind=invention", "status=grace", "status=lapsed", "q=兰州", "page=2", "kind=x&status=y"],
    "transactions": ["kind=pledge", "kind=transfer", "page=2"],
    "fees_due": ["within=30", "within=366", "within=x", "page=2"],
    "parks": ["year=2025", "year=x"],
    "providers": ["q=专利"],
    "import": ["page=2"],
}


def test_every_ip_page_as_every_role_and_every_link_opens(client, busy_investment):
    urls, unfilled = urls_of("ip", IP_ROUTES, variants=IP_VARIANTS)
    assert unfilled == [], f"routes with ids the crawl cannot fill: {unfilled}"
    assert len(urls) > 30, urls
    # the busy demo has what the pages show: assets in every computed state, a pledge, a transfer
    assert {"filed", "granted", "grace", "lapsed"} <= set(ipm.Asset.objects.values_list("status", flat=True))
    assert {"pledge", "transfer"} <= set(ipm.Transaction.objects.values_list("kind", flat=True))
    assert len(sample_ids(ipm.Asset)) >= 6
    failures, statuses = crawl(client, urls)
    assert failures == [], "\n".join(failures)
    assert never_opened(statuses, "/ip/") == []
