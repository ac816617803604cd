"""Where a free-text region lies and how close two regions are (the R of the matcher's score).

The places are data given by the caller: `Places.from_rows(rows)` takes rows
`{"name", "short_name", "kind", "city", "province"}` — what `innozone.core.regions.RegionTree.places()`
gives for the zone's region tree — and adds the generic geography of `geography.txt` (the rest of the
province, regions outside it written without 省). The caller's rows define the zone: their province is
the home province and their cities are the zone's cities (兰州市 and 白银市: the 兰白 zone). Rows of
kind province and city are provinces and cities; any other row with a city (district, county, park) is
a district; rows without one (zones spanning cities) are left out.

    level 0  same district, county or park, or the same text      R = 1
          1  same city                                            R = 0.8
          2  two cities of the zone                               R = 0.55
          3  both in the home province                            R = 0.3
          4  elsewhere                                            R = 0
    None     either region unknown                                R = 0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

GEOGRAPHY_PATH = Path(__file__).with_name("geography.txt")
PROXIMITY = {0: 1.0, 1: 0.8, 2: 0.55, 3: 0.3, 4: 0.0}
_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Place:
    """Where a region name points: province, city (地级市/州) and district, county or park ('' = unknown)."""

    province: str = ""
    city: str = ""
    district: str = ""


def read_geography(path: Path = GEOGRAPHY_PATH) -> tuple[list[dict], list[str]]:
    """(place rows, names of regions outside any 省) of a geography file (format in the file's header)."""
    rows: list[dict] = []
    outside: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        head, _sep, tail = line.partition(":")
        if head.strip() == "outside":
            outside += tail.split()
            continue
        province, _sep, city = (part.strip() for part in head.partition(">"))
        name, _sep, short = city.partition("(")
        name = name.strip()
        rows.append({"name": name, "short_name": short.strip(" )"), "kind": "city", "city": name, "province": province})
        for district in tail.split():
            rows.append({"name": district, "short_name": "", "kind": "district", "city": name, "province": province})
    return rows, outside


class Places:
    """A place list: `locate` a free-text region, `level`, `proximity` and `reason` for two regions."""

    def __init__(
        self,
        rows: Iterable[Mapping[str, str]],
        *,
        geography: Iterable[Mapping[str, str]] = (),
        outside: Iterable[str] = (),
        zone_name: str | None = None,
    ):
        """`rows`: the caller's places (they define the home province and the zone); `geography`: more
        places, known but outside the zone; `outside`: names marking a region outside the home province;
        `zone_name`: the zone in reasons (default: the first characters of its cities' short names + 地区,
        the cities' short names in brackets, e.g. 兰白地区（兰州—白银）)."""
        rows = list(rows)
        self.home = next((r["province"] for r in rows if r.get("province")), "")
        home_row = next((r for r in rows if r.get("kind") == "province" and r["name"] == self.home), {})
        self.home_short = home_row.get("short_name") or self.home.removesuffix("省")
        self.zone = tuple(dict.fromkeys(r["name"] for r in rows if r.get("kind") == "city"))
        shorts = {r["name"]: r.get("short_name") or r["name"] for r in rows if r.get("kind") == "city"}
        zone_shorts = [shorts[c] for c in self.zone]
        self.zone_name = zone_name or "".join(s[0] for s in zone_shorts) + f"地区（{'—'.join(zone_shorts)}）"
        self.outside = tuple(outside)
        self.cities: dict[str, str] = {}  # city name → province
        aliases: dict[str, str] = {}  # short name → city name
        self.districts: dict[str, tuple[str, str]] = {}  # district label → (province, city)
        for row in [*rows, *geography]:
            kind, name, province = row.get("kind"), row["name"], row.get("province", "")
            if kind == "city":
                self.cities.setdefault(name, province)
                aliases.setdefault(row.get("short_name") or name.removesuffix("市"), name)
            elif kind != "province" and row.get("city"):
                for label in (row.get("short_name"), name):
                    if label:
                        self.districts.setdefault(label, (province, row["city"]))
        self.aliases = sorted(aliases.items(), key=lambda kv: -len(kv[0]))  # longest first
        self._located: dict[str, Place] = {}

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]], *, geography: Path | None = GEOGRAPHY_PATH, **kwargs):
        """The caller's rows plus the generic geography of a file (`geography=None`: the rows alone)."""
        extra, outside = read_geography(geography) if geography else ([], [])
        return cls(rows, geography=extra, outside=outside, **kwargs)

    def locate(self, region: str | None) -> Place:
        """The place a free-text region names, e.g. '甘肃省兰州市城关区' or '白银高新区'."""
        text = (region or "").strip()
        if text not in self._located:
            if len(self._located) >= _CACHE_SIZE:
                self._located.clear()
            self._located[text] = self._locate(text)
        return self._located[text]

    def _locate(self, text: str) -> Place:
        if not text:
            return Place()
        home_named = bool(self.home_short) and self.home_short in text
        if ("省" in text and not home_named) or any(name in text for name in self.outside):
            return Place(text.split("省")[0] + "省" if "省" in text else text)
        district = max((d for d in self.districts if d in text), key=len, default="")
        if district:
            province, city = self.districts[district]
            return Place(province, city, district)
        city = next((c for c in self.cities if c in text), "")
        city = city or next((c for alias, c in self.aliases if alias in text), "")
        if city:
            return Place(self.cities[city], city)
        return Place(self.home) if home_named else Place(text)

    def level(self, a: str | None, b: str | None) -> int | None:
        """0 same district/park, 1 same city, 2 two zone cities, 3 both in the home province, 4 elsewhere;
        None if either is unknown."""
        pa, pb = self.locate(a), self.locate(b)
        if not pa.province or not pb.province:
            return None
        if (pa.district and pa.district == pb.district) or (a or "").strip() == (b or "").strip():
            return 0
        if pa.city and pa.city == pb.city:
            return 1
        if pa.city in self.zone and pb.city in self.zone:
            return 2
        return 3 if self.home and pa.province == pb.province == self.home else 4

    def proximity(self, a: str | None, b: str | None) -> float:
        """R in the matcher's formula: 1, 0.8, 0.55, 0.3 or 0 by `level` (0 when unknown)."""
        level = self.level(a, b)
        return 0.0 if level is None else PROXIMITY[level]

    def reason(self, a: str | None, b: str | None) -> str | None:
        """A reason such as '同在兰州市', or None when the regions are far apart or unknown."""
        level = self.level(a, b)
        if level is None or level == 4:
            return None
        place = self.locate(a)
        return {
            0: f"同在{place.district or place.city or (a or '').strip()}",
            1: f"同在{place.city}",
            2: f"同在{self.zone_name}",
            3: f"同在{self.home}",
        }[level]
