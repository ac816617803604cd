"""A crawl of every international-cooperation page (/cooperation/: partners with the Belt-and-Road filter, a
partner's agreements, projects, bases and listings, agreements with expiry warnings, projects, joint labs and
国际科技合作基地, foreign experts, statistics by country) as one user of each demo role, on the busy demo: no
page fails (5xx), and every link a page shows opens for the user who sees it (no 403 or 404 behind a link,
also links out of /cooperation/ such as a project's market listing or a base's platform)."""

from innozone.cooperation import models as cm
from tests.crawling import urls_of
from tests.investment.test_crawl import crawl, never_opened

#: the first segment of a /cooperation/ route with an id → the rows whose ids fill it
COOPERATION_ROUTES = {"partners": cm.Partner, "agreements": cm.Agreement, "projects": cm.Project}
#: the query strings a page is also opened with (filters, pages, Excel)
COOPERATION_VARIANTS = {
    "partners": ["belt_and_road=1", "belt_and_road=0", "country=KZ", "kind=university", "q=大学", "page=2",
                 "country=ZZ"],
    "agreements": ["expiring=on", "status=expired", "q=实验室", "page=2"],
    "projects": ["kind=transfer", "status=active", "q=技术", "page=2"],
    "experts": ["page=2"],
    "stats": ["year=2025"],
    "agreement_new": ["partner=1"],
    "project_new": ["partner=1"],
}  # fmt: skip


def special(name: str, params: list[str]):
    """The base routes: a platform that is a base (its id is the platforms app's), a base's partner link."""
    if name == "base_partner_add":
        return [[pk] for pk in dict.fromkeys(cm.BasePartner.objects.values_list("platform_id", flat=True))][:3]
    if name == "base_partner_remove":
        return [[pk] for pk in cm.BasePartner.objects.order_by("pk").values_list("pk", flat=True)[:2]]
    return None


def test_every_cooperation_page_as_every_role_and_every_link_opens(client, busy_investment):
    urls, unfilled = urls_of("cooperation", COOPERATION_ROUTES, special=special, variants=COOPERATION_VARIANTS)
    assert unfilled == [], f"routes with ids the crawl cannot fill: {unfilled}"
    assert len(urls) > 30, urls
    # the busy demo has what the pages show: Belt-and-Road partners and others, a base with partners
    assert {True, False} <= set(cm.Partner.objects.values_list("belt_and_road", flat=True))
    assert cm.BasePartner.objects.exists() and cm.Project.objects.filter(listing_id__isnull=False).exists()
    failures, statuses = crawl(client, urls)
    assert failures == [], "\n".join(failures)
    assert never_opened(statuses, "/cooperation/") == []
