"""The search tokens of a policy: the market's jieba analysis (`market.engine.tokenize.analyse`, the same
dictionary of technical terms and stopwords) of its title, number, issuer, summary, full text and every
clause's title and text, stored space-joined in `Policy.search_tokens`. The title counts three times so a
word of the title ranks above the same word deep in the text (see selectors/search.py)."""

from __future__ import annotations

from innozone.market.engine.tokenize import analyse

from ..models import Policy

TITLE_WEIGHT = 3


def policy_tokens(policy: Policy) -> str:
    title = analyse(policy.title)
    clauses = " ".join(f"{c.title} {c.text}" for c in policy.clauses.all())
    body = analyse(" ".join([policy.doc_number, policy.issuer, policy.summary, policy.full_text, clauses]))
    return " ".join([title] * TITLE_WEIGHT + [body]).strip()


def policy_index(policy: Policy) -> None:
    """Recompute and store the policy's search tokens (called by every service that changes its text)."""
    policy.search_tokens = policy_tokens(policy)
    Policy.objects.filter(pk=policy.pk).update(search_tokens=policy.search_tokens)


def policies_reindex() -> int:
    """Recompute every policy's tokens (after the market's dictionary changed); returns how many."""
    count = 0
    for policy in Policy.objects.prefetch_related("clauses"):
        policy_index(policy)
        count += 1
    return count
