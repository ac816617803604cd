"""The hand-written domain material: 10 fields × 8 topics × 3 sub-topics, one text file per field.

A file holds one block per topic, blocks separated by a blank line:

    @<field> <key> <topic name> [~<neighbouring field>]
    t <technical terms of the topic>
    p <colloquial words>
    d <products>
    u <applications>
    o <typical providers (keys of vocabulary.PROVIDERS)>
    r <regions (keys of vocabulary.PLACES)>
    i <instruments>
    s <sub-topic name> | <its terms> | <its problem, technically> | <the same problem, colloquially> | <short ask>

Words are separated by spaces; each topic has three `s` lines. The order of the files and of the blocks in
them is the order the generator draws in, so it fixes the generated set.
"""

from dataclasses import dataclass
from pathlib import Path

MATERIAL = Path(__file__).with_name("material")
FIELD_FILES = (
    "new_materials",  # 新材料
    "nonferrous_metals",  # 有色金属
    "new_energy",  # 新能源
    "biomedicine",  # 生物医药
    "electronics",  # 电子信息
    "advanced_manufacturing",  # 先进制造
    "energy_saving_environment",  # 节能环保
    "modern_agriculture",  # 现代农业
    "chemicals",  # 化工
    "equipment",  # 装备制造
)


@dataclass
class Sub:
    key: str
    name: str
    terms: list
    issue: str
    problem: str
    ask: str


@dataclass
class Topic:
    field: str
    key: str
    name: str
    alt: str
    terms: list
    plain: list
    products: list
    uses: list
    providers: list
    regions: list
    instruments: list
    subs: list


def parse_material(text):
    """Parse the line-oriented material (see the module docstring) into topics."""
    topics = []
    for block in text.strip().split("\n\n"):
        lines = block.strip().splitlines()
        head = lines[0][1:].split()
        parts = {line[0]: line[2:] for line in lines[1:] if not line.startswith("s ")}
        subs = [line[2:].split(" | ") for line in lines[1:] if line.startswith("s ")]
        topic = Topic(
            field=head[0], key=head[1], name=head[2], alt=head[3][1:] if len(head) > 3 else "",
            terms=parts["t"].split(), plain=parts["p"].split(), products=parts["d"].split(),
            uses=parts["u"].split(), providers=parts["o"].split(), regions=parts["r"].split(),
            instruments=parts["i"].split(), subs=[],
        )  # fmt: skip
        for n, (name, terms, issue, problem, ask) in enumerate(subs):
            topic.subs.append(Sub(f"{head[1]}.{n + 1}", name, terms.split(), issue, problem, ask))
        topics.append(topic)
    return topics


def load_topics():
    """Every topic of the material, field by field in FIELD_FILES order."""
    topics = []
    for name in FIELD_FILES:
        topics += parse_material((MATERIAL / f"{name}.txt").read_text(encoding="utf-8"))
    return topics
