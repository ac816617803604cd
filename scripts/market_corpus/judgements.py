"""Graded relevance judgements (qrels), from the latent labels only; no ranker is involved.

2 = same sub-topic and a kind that can meet the need; 1 = same sub-topic but another kind, or a sibling
sub-topic of the same topic (same field, related) with a fitting kind; 0 = sibling sub-topic with a kind
that does not fit (judged non-relevant). Listings not judged are non-relevant.
"""

FITS = {"tech": {"achievement", "expert"}, "test": {"instrument", "service"}, "service": {"service", "expert"}}


def grade(demand, listing):
    """Relevance from the latent labels only (see the module docstring); None = unjudged."""
    same_topic = demand["latent"]["topic"] == listing["latent"]["topic"]
    if not same_topic:
        return None
    fits = listing["kind"] in FITS[demand["need"]]
    if demand["latent"]["subtopic"] == listing["latent"]["subtopic"]:
        return 2 if fits else 1
    return 1 if fits else 0


def make_qrels(demands, listings):
    """(demand_id, listing_id, grade) rows for every judged pair."""
    by_topic = {}
    for listing in listings:
        by_topic.setdefault(listing["latent"]["topic"], []).append(listing)
    rows = []
    for demand in demands:
        for listing in by_topic[demand["latent"]["topic"]]:
            g = grade(demand, listing)
            if g is not None:
                rows.append((demand["id"], listing["id"], g))
    return rows
