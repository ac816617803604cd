"""Listings: achievements, experts, services and instruments, each written from ONE latent sub-topic by a
provider with a fixed location (recorded under "latent", which rankers must not read)."""

from .design import KIND_MIX, PER_SUBTOPIC, pick
from .vocabulary import (
    BENEFITS,
    BRANDS,
    GIVEN,
    INSTRUMENT_BRANDS,
    LABS,
    PLACES,
    PLATFORMS,
    PROVIDERS,
    RANKS,
    SERVICE_TYPES,
    STAGES,
    SURNAMES,
    TEST_CENTRES,
    TRADE,
    TRANSFER,
    ZONE_PLACES,
)


def sme(rng, topic):
    """A generated local enterprise: (name, region)."""
    place = rng.choice(topic.regions) if rng.random() < 0.7 else rng.choice(ZONE_PLACES)
    city = PLACES[place][:2]
    suffix = rng.choice(("科技有限公司", "技术有限公司", "股份有限公司"))
    return f"{city}{rng.choice(BRANDS)}{TRADE[topic.field]}{suffix}", PLACES[place]


def provider(rng, topic, kind):
    """(name, region, type) of the organisation offering a listing."""
    named = [PROVIDERS[c] for c in topic.providers]
    if kind == "expert":
        return rng.choice(named)
    if kind == "instrument" and rng.random() < 0.15:
        return PROVIDERS[rng.choice(TEST_CENTRES)]
    if rng.random() < {"achievement": 0.6, "service": 0.5, "instrument": 0.8}[kind]:
        return rng.choice(named)
    name, region = sme(rng, topic)
    return name, region, "ent"


def terms_of(rng, topic, sub, n_sub=2, n_topic=1):
    """A few technical terms: mostly the sub-topic's, some of the topic's."""
    return rng.sample(sub.terms, min(n_sub, len(sub.terms))) + rng.sample(topic.terms, n_topic)


def listing_field(rng, topic):
    """The field a provider files the listing under (usually the topic's, sometimes its neighbour)."""
    return topic.alt if topic.alt and rng.random() < 0.12 else topic.field


def fit(text, rng, optional):
    """Append a random choice of optional sentences, then fillers while shorter than 60 characters (max 200)."""
    optional = [s for s in optional if s]
    keep = [rng.random() < 0.65 for _ in optional]
    for sentence, kept in zip(optional, keep, strict=True):
        if kept and len(text) + len(sentence) <= 200:
            text += sentence
    for sentence, kept in zip(optional, keep, strict=True):
        if not kept and len(text) < 60 and len(text) + len(sentence) <= 200:
            text += sentence
    return text


def sibling_note(rng, topic, sub):
    """Sometimes a listing also mentions a sibling sub-topic (as real listings do)."""
    if rng.random() >= 0.2:
        return ""
    other = rng.choice([s for s in topic.subs if s is not sub])
    return f"同时开展{other.name}相关工作。"


def plain_note(rng, topic):
    """Rarely a listing uses a colloquial word too."""
    return f"（俗称{rng.choice(topic.plain)}）" if rng.random() < 0.1 else ""


def achievement(rng, topic, sub, org):
    """A technology achievement (科技成果)."""
    a, b, c = terms_of(rng, topic, sub)
    title = rng.choice((f"{sub.name}技术", f"{sub.name}关键技术及应用", f"一种{sub.name}方法", f"{sub.name}成套工艺",
                        f"高效{sub.name}技术", f"{sub.name}技术及产业化"))  # fmt: skip
    benefit = rng.choice(BENEFITS).format(n=rng.randint(10, 45), p=rng.randint(95, 99))
    trl = rng.randint(3, 9)
    text = rng.choice((f"针对{sub.issue}的问题，", f"为解决{sub.issue}等难题，", f"面向{rng.choice(topic.uses)}需求，"))
    who = (f"{org[0]}研发了本技术。", f"{org[0]}开展{topic.name}攻关形成本成果。", "本成果形成了系统解决方案。")
    text += rng.choice(who)
    text += f"采用{a}与{b}相结合的工艺路线，{benefit}。"
    optional = (f"可用于{rng.choice(topic.products)}{plain_note(rng, topic)}生产及{rng.choice(topic.uses)}等领域。",
                f"涉及{c}等关键环节。", sibling_note(rng, topic, sub),
                f"技术成熟度TRL {trl}，{rng.choice(STAGES)}，可{rng.choice(TRANSFER)}。",
                f"已授权发明专利{rng.randint(1, 8)}项。")  # fmt: skip
    price = rng.choice((None, rng.randint(10, 500)))
    return title, fit(text, rng, optional), trl, price, "万元"


def expert(rng, topic, sub, org):
    """An expert (专家) whose main direction is the sub-topic."""
    person = rng.choice(SURNAMES) + rng.choice(GIVEN)
    rank = rng.choice(RANKS[org[2]])
    a, b, _ = terms_of(rng, topic, sub)
    title = rng.choice((f"{person} {rank}（{org[0]}）", f"{topic.name}专家 {person}", f"{person}｜{sub.name}"))
    text = f"{org[0]}{rank}，{rng.choice(('博士', '硕士', '博士生导师'))}。长期从事{topic.name}研究，"
    text += f"主要方向为{sub.name}及{a}、{b}。"
    projects = (f"主持国家重点研发计划等项目{rng.randint(2, 9)}项，", f"主持国家自然科学基金{rng.randint(1, 6)}项，")
    offers = ("可提供技术咨询与联合攻关。", "可为企业提供技术诊断、工艺优化和人才培训。", "愿与企业开展横向合作。")
    optional = (
        rng.choice(projects) + f"授权发明专利{rng.randint(2, 30)}项。",
        sibling_note(rng, topic, sub),
        rng.choice(offers),
    )
    return title, fit(text, rng, optional), None, None, ""


def service(rng, topic, sub, org):
    """A technical service (技术服务)."""
    stype = rng.choice(SERVICE_TYPES)
    a, b, c = terms_of(rng, topic, sub)
    title = rng.choice((f"{sub.name}{stype}服务", f"{topic.name}{stype}服务（{sub.name}）", f"{stype}服务：{sub.name}"))
    text = f"{org[0]}依托{rng.choice(PLATFORMS)}，面向{rng.choice(topic.uses)}等领域企业提供{sub.name}{stype}服务，"
    text += f"内容包括{a}、{b}、{c}等。"
    optional = (rng.choice((f"可针对{sub.issue}提供解决方案。", f"帮助企业解决{sub.issue}等问题。")),
                "具备CMA/CNAS资质。" if stype == "检测分析" else "", sibling_note(rng, topic, sub),
                f"服务周期{rng.randint(1, 12)}周。")  # fmt: skip
    return title, fit(text, rng, optional), None, rng.randint(5, 200) * 100, "元/次"


def instrument(rng, topic, sub, org):
    """A shared large instrument (仪器共享)."""
    name = rng.choice(topic.instruments)
    brand = rng.choice(INSTRUMENT_BRANDS)
    a, b, _ = terms_of(rng, topic, sub)
    title = rng.choice((name, f"{name}（{brand}）", f"{name}对外共享"))
    text = f"{org[0]}{rng.choice(LABS)}现有{brand}{name}一台，"
    text += rng.choice((f"可用于{sub.name}研究中的{a}、{b}测试分析。", f"主要用于{topic.name}领域{a}和{b}的表征。"))
    unit = rng.choice(("样", "机时"))
    optional = (f"适合{rng.choice(topic.products)}生产企业送样检测。", sibling_note(rng, topic, sub),
                f"对外开放共享，收费{rng.randint(1, 40) * 50}元/{unit}。", "可预约上机或委托测试。")  # fmt: skip
    return title, fit(text, rng, optional), None, rng.randint(1, 40) * 50, f"元/{unit}"


BUILDERS = {"achievement": achievement, "expert": expert, "service": service, "instrument": instrument}


def make_listings(rng, topics):
    """All listings, each with its latent topic and sub-topic."""
    rows = []
    for topic in topics:
        for sub in topic.subs:
            for _ in range(rng.randint(*PER_SUBTOPIC)):
                kind = pick(rng, KIND_MIX)
                org = provider(rng, topic, kind)
                title, text, trl, price, unit = BUILDERS[kind](rng, topic, sub, org)
                rows.append({
                    "kind": kind, "title": title, "text": text, "field": listing_field(rng, topic),
                    "region": org[1], "trl": trl, "price": None if price is None else f"{price}.00",
                    "price_unit": unit if price is not None else "", "provider": org[0],
                    "latent": {"topic": topic.key, "subtopic": sub.key},
                })  # fmt: skip
    rng.shuffle(rows)
    for n, row in enumerate(rows, 1):
        row["id"] = f"L{n:05d}"
    return [{"id": r.pop("id"), **r} for r in rows]
