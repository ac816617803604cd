"""Demo data of 知识产权: the registry demo enterprises' patents, trademarks, software copyrights and a plant
variety in every state (pending, valid with fees paid and due, one in grace, lapsed, expired, rejected), fee
payments (one with a surcharge), a transfer and a licence, a pledge linked to a demo IP-pledge loan of
technology finance (with activity), and IP service listings in the market."""

from . import assets

ORDER = 72


def seed(*, with_activity: bool) -> str:
    notes = [part.seed_part(with_activity=with_activity) for part in (assets,)]
    return "; ".join(n for n in notes if n)
