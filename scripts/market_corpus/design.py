"""The set's proportions: how many rows per sub-topic and the mixes of listing kinds and demand needs."""

PER_SUBTOPIC = (18, 26)  # listings per sub-topic, inclusive range → ≈ 5,300 listings
DEMANDS_PER_SUBTOPIC = (1, 2)  # → ≈ 360 demands
KIND_MIX = {"achievement": 0.42, "expert": 0.2, "service": 0.2, "instrument": 0.18}
NEED_MIX = {"tech": 0.55, "test": 0.2, "service": 0.25}


def pick(rng, weights):
    """One key of a {key: probability} dict."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]
