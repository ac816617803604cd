"""Enterprise technical demands, each from one latent sub-topic and one need (tech: wants a technology; test:
wants testing/analysis; service: wants pilot, consulting or engineering), phrased mostly with colloquial
words and only sometimes one technical term; the declared field is sometimes missing or a neighbouring
field, the region is the enterprise's (often, not always, where the topic's industry is)."""

from .design import DEMANDS_PER_SUBTOPIC, NEED_MIX, pick
from .vocabulary import BRANDS, HINTS, NEEDS, OTHER_PLACES, OUTSIDE, PLACES, SCALES, TITLES, TRADE, URGENCY, ZONE_PLACES


def demand_region(rng, topic):
    """Where the enterprise is: often where the topic's industry is, sometimes anywhere."""
    roll = rng.random()
    if roll < 0.6:
        return PLACES[rng.choice(topic.regions)]
    if roll < 0.9:
        return PLACES[rng.choice(ZONE_PLACES)]
    return PLACES[rng.choice(OTHER_PLACES)] if roll < 0.97 else rng.choice(OUTSIDE)


def declared_field(rng, topic, fields):
    """The field the enterprise picks: right 70 %, a neighbour or a wrong one 10 %, none 20 %."""
    roll = rng.random()
    if roll < 0.7:
        return topic.field
    if roll < 0.8:
        return topic.alt or rng.choice(fields)
    return ""


def demand_text(rng, topic, sub, need, region):
    """The enterprise's own words: context, colloquial problem, maybe one technical hint, the need."""
    if rng.random() < 0.6:
        product = rng.choice(topic.plain) + rng.choice(("", "产品", "相关产品"))
    else:
        product = rng.choice(topic.products)
    city = region.split("市")[0] if "市" in region else region
    intros = (
        f"我公司位于{city}，主要做{product}。",
        f"我们是{city}的一家{rng.choice(SCALES)}企业，做{product}。",
        f"本企业在{city}，产品主要是{product}，用于{rng.choice(topic.uses)}。",
    )
    text = rng.choice(intros)
    text += sub.problem + "。"
    if rng.random() < 0.35:
        text += rng.choice(HINTS).format(t=rng.choice(sub.terms))
    text += rng.choice(URGENCY) + rng.choice(NEEDS[need])
    if (rng.random() < 0.5 and len(text) < 180) or len(text) < 50:
        text += f"预算{rng.randint(5, 300)}万元左右。"
    return text


def make_demands(rng, topics):
    """Enterprise demands, each from one sub-topic and one need."""
    fields = sorted({t.field for t in topics})
    rows = []
    for topic in topics:
        for sub in topic.subs:
            for _ in range(rng.randint(*DEMANDS_PER_SUBTOPIC)):
                need = pick(rng, NEED_MIX)
                region = demand_region(rng, topic)
                title = rng.choice(TITLES[need]).format(a=sub.ask, p=rng.choice(topic.plain))
                city = region[:2]
                rows.append({
                    "title": title, "text": demand_text(rng, topic, sub, need, region),
                    "field": declared_field(rng, topic, fields), "region": region,
                    "enterprise": f"{city}{rng.choice(BRANDS)}{TRADE[topic.field]}有限公司", "need": need,
                    "latent": {"topic": topic.key, "subtopic": sub.key},
                })  # fmt: skip
    rng.shuffle(rows)
    return [{"id": f"D{n:04d}", **row} for n, row in enumerate(rows, 1)]
