"""The region tree in one place: ancestors, descendants, the city a region lies in, and a region named in
free text (兰州 → 兰州市, 兰州市城关区 → 城关区). Every app walks the tree through here.

The tree is small (a province's cities, districts, zones and parks), so each call loads it with one
query; pass a `RegionTree` around when a loop needs it many times.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Region


@dataclass(frozen=True)
class Node:
    id: int
    parent_id: int | None
    name: str
    short_name: str
    kind: str


class RegionTree:
    def __init__(self, nodes: list[Node]):
        self.nodes = {n.id: n for n in nodes}
        self.children: dict[int | None, list[int]] = {}
        for n in nodes:
            self.children.setdefault(n.parent_id, []).append(n.id)
        self.by_label: dict[str, int] = {}
        for n in sorted(nodes, key=lambda n: n.id, reverse=True):  # the lowest id wins a shared label
            for label in (n.short_name, n.name):
                if label:
                    self.by_label[label] = n.id

    @classmethod
    def load(cls) -> RegionTree:
        return cls([Node(*row) for row in Region.objects.values_list("id", "parent_id", "name", "short_name", "kind")])

    def ancestors(self, region_id: int | None) -> list[int]:
        """The region itself, then its parent, up to the root."""
        out: list[int] = []
        while region_id is not None and region_id in self.nodes and region_id not in out:
            out.append(region_id)
            region_id = self.nodes[region_id].parent_id
        return out

    def descendants(self, region_id: int) -> list[int]:
        """The region itself and every region below it."""
        out, todo = [], [region_id]
        while todo:
            pk = todo.pop()
            if pk in out:
                continue
            out.append(pk)
            todo.extend(self.children.get(pk, []))
        return out

    def within(self, region_id: int | None, ancestor_id: int) -> bool:
        return ancestor_id in self.ancestors(region_id)

    def city_of(self, region_id: int | None) -> int | None:
        """The city (市州) a region lies in, or None above or outside any city."""
        return next((pk for pk in self.ancestors(region_id) if self.nodes[pk].kind == Region.Kind.CITY), None)

    def resolve(self, label: str) -> int | None:
        """A region by full name, short name, name + 市, or a district written after its city."""
        label = (label or "").strip()
        if not label:
            return None
        found = self.by_label.get(label) or self.by_label.get(label + "市")
        if found:
            return found
        for city in (n for n in self.nodes.values() if n.kind == Region.Kind.CITY):
            for prefix in (city.name, city.short_name):
                if prefix and label.startswith(prefix) and len(label) > len(prefix):
                    rest = label[len(prefix) :]
                    hit = next(
                        (
                            c
                            for c in self.children.get(city.id, [])
                            if rest in (self.nodes[c].name, self.nodes[c].short_name)
                        ),
                        None,
                    )
                    if hit:
                        return hit
        return None

    def city_names(self) -> dict[int, str]:
        """Region id → the name of its city (the region's own name where it lies in none)."""
        out = {}
        for pk, node in self.nodes.items():
            city = self.city_of(pk)
            out[pk] = self.nodes[city].name if city else node.name
        return out

    def places(self) -> list[dict]:
        """Every region with its city and province names: the place list the market engine matches on."""
        out = []
        for pk, node in self.nodes.items():
            chain = [self.nodes[a] for a in self.ancestors(pk)]
            city = next((a.name for a in chain if a.kind == Region.Kind.CITY), "")
            province = next((a.name for a in chain if a.kind == Region.Kind.PROVINCE), "")
            out.append(
                {
                    "name": node.name,
                    "short_name": node.short_name,
                    "kind": node.kind,
                    "city": city,
                    "province": province,
                }
            )
        return out


def tree() -> RegionTree:
    return RegionTree.load()


def resolve(label: str) -> Region | None:
    """A region named in free text, or None."""
    pk = tree().resolve(label)
    return Region.objects.get(pk=pk) if pk else None


def descendants(region_id: int) -> list[int]:
    return tree().descendants(region_id)


def ancestors(region_id: int | None) -> list[int]:
    return tree().ancestors(region_id)


def city_of(region_id: int | None) -> int | None:
    return tree().city_of(region_id)


def city_names() -> dict[int, str]:
    return tree().city_names()
