"""The library's pages in English: no Chinese in the chrome (table headers, the sub-navigation, section titles,
labels, buttons) — data (titles, issuers, clause texts) may stay Chinese. Needs the English catalogue compiled
with the library's messages."""

import re

from django.urls import reverse

from innozone.core.models import User
from innozone.policies.models import Clause, Policy

CJK = re.compile(r"[\u4e00-\u9fff]")
CHROME = re.compile(
    r"<th(?![^>]*\bdata\b)[^>]*>(.*?)</th>|<nav class=\"subnav\">(.*?)</nav>|<h2[^>]*>([^<]*)</h2>"
    r"|<label(?![^>]*\bdata\b)[^>]*>([^<]*)<|<button[^>]*>([^<]*)</button>",
    re.S,
)


def _chrome(html: str) -> str:
    text = " ".join(" ".join(g) for g in CHROME.findall(html))
    return re.sub(r"<[^>]+>", " ", text)


def test_library_pages_in_english(client, policy_world):
    published = Clause.objects.filter(status="published", policy__is_demo=True, policy__is_framework=False).first()
    review = Policy.objects.get(status="review")
    pages = [
        reverse("policies:library"),
        reverse("policies:library") + "?q=研发",
        reverse("policies:tree"),
        reverse("policies:policy", args=[published.policy_id]),
        reverse("policies:policy_new"),
        reverse("policies:policy_edit", args=[published.policy_id]),
        reverse("policies:clause_edit", args=[published.pk]),
        reverse("policies:fair_review", args=[review.pk]),
    ]
    client.force_login(User.objects.get(username="office"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    failures = []
    for url in pages:
        html = client.get(url).content.decode()
        chinese = CJK.findall(_chrome(html))
        if chinese:
            failures.append((url, "".join(chinese)[:60]))
    assert failures == []
