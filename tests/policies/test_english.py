"""The policy and one-stop pages in English: no Chinese in the chrome — the navigation, headings, buttons,
form labels and table headers — while data (policy titles, clause names, item names, departments) may stay
Chinese."""

import re

from django.urls import reverse

from innozone.core.models import Organization, Region, User
from innozone.onestop.models import Case, ItemMaterial, ServiceItem
from innozone.policies.models import Clause, GrantList, Policy

CJK = re.compile(r"[\u4e00-\u9fff]")
CHROME = re.compile(
    r"<th(?![^>]*\bdata\b)[^>]*>(.*?)</th>|<nav[^>]*>(.*?)</nav>|<h[1-3][^>]*>([^<]*)<"
    r"|<label(?![^>]*\bdata\b)[^>]*>([^<]*)<|<button[^>]*>([^<]*)</button>|<legend[^>]*>([^<]*)</legend>"
    r"|<summary[^>]*>([^<]*)</summary>|<(?:input|textarea)[^>]*\bplaceholder=\"([^\"]*)\"",
    re.S,
)


def _data() -> list[str]:
    """The data a heading or label may name (titles, names, departments), longest first."""
    names = [
        *Policy.objects.values_list("title", flat=True),
        *Policy.objects.values_list("issuer", flat=True),
        *Policy.objects.values_list("doc_number", flat=True),
        *Clause.objects.values_list("title", flat=True),
        *Clause.objects.values_list("number", flat=True),
        *ServiceItem.objects.values_list("name", flat=True),
        *ItemMaterial.objects.values_list("name", flat=True),
        *Organization.objects.values_list("name", flat=True),
        *Region.objects.values_list("name", flat=True),
        *User.objects.values_list("display_name", flat=True),
    ]
    return sorted({n for n in names if n}, key=len, reverse=True)


def _chrome(html: str, data: list[str]) -> str:
    text = " ".join(" ".join(g) for g in CHROME.findall(html))
    text = re.sub(r"<[^>]+>", " ", text)
    for name in data:
        text = text.replace(name, " ")
    return text


def _pages() -> dict[str, list[str]]:
    policy = Policy.objects.filter(status=Policy.Status.PUBLISHED, is_framework=False).order_by("pk").first()
    clause = Clause.objects.filter(status=Clause.Status.PUBLISHED).order_by("pk").first()
    grant_list = GrantList.objects.order_by("pk").first()
    item = ServiceItem.objects.get(code="62000000KJ-QR-0003")
    parallel = Case.objects.filter(item=item).exclude(approval=None).order_by("pk").first()
    mine = Case.objects.filter(applicant__name="甘肃陇原新材料科技有限公司").order_by("pk").first()
    office = [
        reverse("policies:library"),
        reverse("policies:tree"),
        reverse("policies:policy", args=[policy.pk]),
        reverse("policies:policy_edit", args=[policy.pk]),
        reverse("policies:clause_edit", args=[clause.pk]),
        reverse("policies:matching_clause", args=[clause.pk]),
        reverse("policies:grant_lists"),
        reverse("onestop:catalogue"),
        reverse("onestop:item", args=[item.pk]),
        reverse("onestop:item_edit", args=[item.pk]),
        reverse("onestop:powers"),
        reverse("onestop:negatives"),
        reverse("onestop:calendar"),
        reverse("onestop:case_list"),
        reverse("onestop:case_detail", args=[parallel.pk]),
        reverse("onestop:rating_list"),
        reverse("onestop:stats"),
    ]
    if grant_list is not None:
        office.append(reverse("policies:grant_list", args=[grant_list.pk]))
    in_review = Policy.objects.filter(status=Policy.Status.REVIEW).order_by("pk").first()
    if in_review is not None:
        office.append(reverse("policies:fair_review", args=[in_review.pk]))
    return {
        "office": office,
        "enterprise": [
            reverse("policies:policy", args=[policy.pk]),
            reverse("policies:matching_mine") + "?show=all",
            reverse("policies:grants_mine"),
            reverse("onestop:case_mine"),
            reverse("onestop:case_new", args=[item.pk]),
            reverse("onestop:case_detail", args=[mine.pk]),
        ],
        "kjt": [reverse("onestop:case_queue"), reverse("onestop:case_detail", args=[parallel.pk])],
    }


def test_policy_and_service_pages_in_english(client, busy_policies):
    failures, data = [], _data()
    for username, urls in _pages().items():
        client.force_login(User.objects.get(username=username))
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (username, url, response.status_code)
            found = CJK.findall(_chrome(response.content.decode(), data))
            if found:
                failures.append(f"{username} {url}: {''.join(found[:40])}")
    assert failures == [], "\n".join(failures)
