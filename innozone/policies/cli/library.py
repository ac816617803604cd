"""`python -m innozone policies …` subcommands of the library part:

- `list [--state valid|expired|withdrawn|draft|review|all] [--level L] [--format json|table]`: the policies;
- `show --policy ID [--format json|table]`: one policy with its clauses, conditions and amounts in words;
- `search QUERY [--state …] [--limit N] [--format json|table]`: jieba + BM25 search, best first, with scores;
- `publish --policy ID [--user office]`: publish a policy and its draft clauses (every problem listed);
- `expire [--user office]`: mark published policies past their validity as expired (run daily);
- `reindex`: recompute every policy's search tokens (after the market's dictionary changed).

Exit status ≠ 0 with a message on bad input (CommandError)."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from innozone.core.errors import DomainError
from innozone.core.models import User

from ..models import Policy
from ..selectors import library as selectors
from ..selectors import search
from ..selectors.library_rules import amount_words
from ..services import library, library_publish
from ..services.search import policies_reindex

STATES = ("valid", "expired", "withdrawn", "draft", "review", "all")


def _out(command, options, rows, columns: list[str]) -> None:
    if options.get("format") == "json":
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    command.stdout.write("\t".join(columns))
    for row in rows:
        command.stdout.write("\t".join(str(row.get(c, "")) for c in columns))


def _row(p: Policy, score=None) -> dict:
    row = {
        "id": p.pk,
        "title": p.title,
        "issuer": p.issuer,
        "doc_number": p.doc_number,
        "level": p.level,
        "status": p.status,
        "state": selectors.policy_state(p),
        "parent": p.parent_id,
        "is_framework": p.is_framework,
        "effective_from": p.effective_from,
        "effective_until": p.effective_until,
    }
    if score is not None:
        row["score"] = round(score, 4)
    return row


def _policies(options):
    state = options.get("state") or "valid"
    if state not in STATES:
        raise CommandError(f"--state must be one of {', '.join(STATES)}")
    level = options.get("level") or ""
    if level and level not in Policy.Level.values:
        raise CommandError(f"--level must be one of {', '.join(Policy.Level.values)}")
    return selectors.policy_filter(Policy.objects.select_related("parent"), level=level, state=state)


def _list(command, options):
    rows = [_row(p) for p in _policies(options).order_by("-issued_on", "-pk")]
    _out(command, options, rows, ["id", "state", "level", "doc_number", "title"])


def _get_policy(options) -> Policy:
    policy = Policy.objects.filter(pk=options["policy"]).select_related("parent").first()
    if policy is None:
        raise CommandError(f"no policy {options['policy']}")
    return policy


def _show(command, options):
    policy = _get_policy(options)
    clauses = [
        {
            "id": c.pk,
            "number": c.number,
            "title": c.title,
            "kind": c.kind,
            "status": c.status,
            "version": c.version,
            "no_application": c.no_application,
            "favours_specific": c.favours_specific,
            "service_item_id": c.service_item_id,
            "condition": c.condition,
            "condition_text": c.condition_text,
            "amount_rule": c.amount_rule,
            "amount_text": amount_words(c.amount_rule),
        }
        for c in policy.clauses.order_by("order", "pk")
    ]
    if options.get("format") == "json":
        _out(command, options, {**_row(policy), "clauses": clauses}, [])
        return
    command.stdout.write(f"{policy.title}\t{policy.doc_number}\t{selectors.policy_state(policy)}")
    _out(command, options, clauses, ["id", "number", "status", "title", "condition_text", "amount_text"])


def _search(command, options):
    query = " ".join(options.get("query") or []).strip()
    if not query:
        raise CommandError("give a query")
    limit = options.get("limit")
    limit = 20 if limit is None else limit
    if not 1 <= limit <= 1000:
        raise CommandError("--limit must be between 1 and 1000")
    qs = _policies(options)
    ranked = search.rank(qs, query)[:limit]
    by_id = qs.in_bulk([pk for pk, _s in ranked])
    rows = [_row(by_id[pk], score) for pk, score in ranked if pk in by_id]
    _out(command, options, rows, ["id", "score", "state", "title"])


def _actor(options) -> User:
    user = User.objects.filter(username=options.get("user") or "office", is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {options.get('user')}")
    return user


def _publish(command, options):
    policy = _get_policy(options)
    try:
        clauses = library_publish.policy_publish(actor=_actor(options), policy=policy)
    except DomainError as e:
        details = "; ".join(str(d.get("message", "")) for d in e.detail)
        raise CommandError(f"{e.message} {details}".strip()) from e
    command.stdout.write(f"published policy {policy.pk} with {len(clauses)} clause(s): {[c.pk for c in clauses]}")


def _expire(command, options):
    done = library.policies_expire_due(actor=_actor(options))
    command.stdout.write(f"expired {len(done)} policy(ies): {[p.pk for p in done]}")


def _reindex(command, options):
    command.stderr.write("re-analysing every policy …")
    command.stdout.write(f"reindexed {policies_reindex()} policies")


def add_parsers(sub) -> dict:
    p = sub.add_parser("list", help="政策列表")
    p.add_argument("--state", default="valid", help="valid|expired|withdrawn|draft|review|all")
    p.add_argument("--level", default="")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = sub.add_parser("show", help="政策详情与条款")
    p.add_argument("--policy", type=int, required=True)
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = sub.add_parser("search", help="政策全文检索")
    p.add_argument("query", nargs="+")
    p.add_argument("--state", default="valid")
    p.add_argument("--level", default="")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = sub.add_parser("publish", help="发布政策及其草稿条款")
    p.add_argument("--policy", type=int, required=True)
    p.add_argument("--user", default="office")
    p = sub.add_parser("expire", help="将超过有效期的政策标记为已失效（每日运行）")
    p.add_argument("--user", default="office")
    sub.add_parser("reindex", help="重建政策检索词")
    return {
        "list": _list,
        "show": _show,
        "search": _search,
        "publish": _publish,
        "expire": _expire,
        "reindex": _reindex,
    }
