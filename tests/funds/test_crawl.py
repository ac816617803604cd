"""A crawl of every special-funds and technology-finance page as one user of each role, on the whole demo with
activity: no page fails (5xx), and every link to a funds or finance page that a page shows opens for the user
who sees it (a link is shown only where its page would open)."""

import re

from django.urls import URLPattern, get_resolver, reverse

from innozone.core.models import User
from innozone.finance import models as fin
from innozone.funds import models as fm

USERS = ["office", "lanzhou", "lzgx", "enterprise", "expert1", "finance", "bank", "leader", "auditor", "provider"]
#: a URL parameter → the rows whose ids fill it (a few of each, so a row of every state is likely among them)
PARAMS = {
    "programme_id": fm.Programme,
    "call_id": fm.Call,
    "application_id": fm.Application,
    "review_id": fm.Review,
    "award_id": fm.Award,
    "project_id": fm.Project,
    "tranche_id": fm.Tranche,
    "report_id": fm.ProgressReport,
    "change_id": fm.ChangeRequest,
    "inspection_id": fm.Inspection,
    "milestone_id": fm.Milestone,
    "repayment_id": fm.Repayment,
    "file_id": fm.ApplicationFile,
    "pool_id": fin.Pool,
    "loan_id": fin.Loan,
    "claim_id": fin.Claim,
    "subsidy_id": fin.Subsidy,
    "investment_id": fin.Investment,
}
HREF = re.compile(r'href="(/(?:funds|finance)/[^"#?]*)')


def _patterns(namespace: str):
    resolver = get_resolver()
    for entry in resolver.url_patterns:
        if getattr(entry, "namespace", None) == namespace:
            return [p for p in entry.url_patterns if isinstance(p, URLPattern)]
    return []


def _urls() -> list[str]:
    urls = []
    for namespace in ("funds", "finance"):
        for p in _patterns(namespace):
            params = list(p.pattern.regex.groupindex)
            if not params:
                urls.append(reverse(f"{namespace}:{p.name}"))
                continue
            if len(params) > 1 or params[0] not in PARAMS:
                continue
            model = PARAMS[params[0]]
            ids = list(model.objects.order_by("pk").values_list("pk", flat=True)[:2])
            ids += list(model.objects.order_by("-pk").values_list("pk", flat=True)[:1])
            urls += [reverse(f"{namespace}:{p.name}", args=[i]) for i in dict.fromkeys(ids)]
    return urls


def test_every_page_as_every_role_and_every_link_opens(client, busy_funds):
    urls = _urls()
    assert len(urls) > 60
    failures, seen = [], {}
    for username in USERS:
        client.force_login(User.objects.get(username=username))
        links = set()
        for url in urls:
            response = client.get(url)
            seen[(username, url)] = response.status_code
            if response.status_code >= 500:
                failures.append(f"{username} {url}: {response.status_code}")
            elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                links |= set(HREF.findall(response.content.decode()))
        for link in sorted(links):
            status = seen.get((username, link))
            if status is None:
                status = client.get(link).status_code
            if status in (403, 404) or status >= 500:
                failures.append(f"{username} sees a link to {link} that gives {status}")
    assert failures == []
