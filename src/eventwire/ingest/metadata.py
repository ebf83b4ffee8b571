"""Article metadata: publication date, title, outlet and cited source.

Priority for the date: a reader field (JSON/HTML/feed) > the text's header line
(`` date 2024-12-20``, or a "Published: 20 Dec 2024" stamp line; source "header") > a dateline
in the text ("TEHRAN, Dec. 1 (Reuters) -", "Madrid, 3 dic (EFE).-", "PARIS, 12 novembre (AFP) -";
without a year, the latest such date not after ``reference``).
Outlet: reader field > trailing tag ("News.Az") > "X reports citing Y" > dateline agency >
the URL's host name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from babel.dates import get_month_names

from eventwire.ingest.clean import CleanResult
from eventwire.ingest.patterns import CleaningData, load_cleaning_data
from eventwire.ingest.stamps import parse_date
from eventwire.models import RawDocument

_LOCALES = ("en", "es", "fr")
_DATELINE = re.compile(
    r"(?P<place>[A-ZÀ-Þ][\w'’.\-]*(?: [A-ZÀ-Þa-zà-ÿ][\w'’.\-]*){0,3}),?\s+"
    r"(?:(?P<month1>[^\W\d_]{3,10})\.?\s+(?P<day1>\d{1,2})"
    r"|(?P<day2>\d{1,2})(?:er)?\s+(?:de\s+)?(?P<month2>[^\W\d_]{3,10})\.?)"
    r"(?:,?\s+(?:de\s+)?(?P<year>\d{4}))?"
    r"\s*(?:\((?P<agency>[^()\n]{2,30})\))?\s*(?:\.?-+|[–—:])"
)
_AGENCY_ONLY = re.compile(
    r"(?P<place>[A-ZÀ-Þ][\w'’.\-]*(?: [A-ZÀ-Þ][\w'’.\-]*){0,3}),?\s+"
    r"\((?P<agency>[^()\n]{2,30})\)\s*(?:\.?-+|[–—:])"
)


@dataclass
class Metadata:
    published: dt.date | None = None
    published_source: str | None = None  # header | html | json | feed | dateline
    title: str | None = None
    outlet: str | None = None
    cited_source: str | None = None


@dataclass
class Dateline:
    date: dt.date | None
    agency: str | None
    start: int
    end: int


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Month names and abbreviations in en/es/fr (from CLDR via babel) -> month number."""
    names: dict[str, int] = {}
    for locale in _LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names[name.casefold().rstrip(".")] = number
    names.setdefault("sept", 9)  # "Sept." is common in English wire style
    return names


def _resolve(day: int, month: int, year: int | None, reference: dt.date) -> dt.date | None:
    """A calendar date; without a year, the latest one not after ``reference`` (+1 day)."""
    try:
        if year is not None:
            return dt.date(year, month, day)
        candidate = dt.date(reference.year, month, day)
        if candidate > reference + dt.timedelta(days=1):
            candidate = dt.date(reference.year - 1, month, day)
        return candidate
    except ValueError:
        return None


def find_dateline(text: str, *, reference: dt.date | None = None) -> Dateline | None:
    """A wire dateline at the start of one of the first three paragraphs."""
    reference = reference or dt.date.today()
    offset = 0
    for paragraph in text.split("\n\n")[:3]:
        m = _DATELINE.match(paragraph)
        if m:
            month = month_numbers().get((m["month1"] or m["month2"]).casefold())
            if month:
                day = int(m["day1"] or m["day2"])
                year = int(m["year"]) if m["year"] else None
                date = _resolve(day, month, year, reference)
                return Dateline(date, _agency(m["agency"]), offset, offset + m.end())
        m = _AGENCY_ONLY.match(paragraph)
        if m:
            return Dateline(None, _agency(m["agency"]), offset, offset + m.end())
        offset += len(paragraph) + 2
    return None


def _agency(value: str | None) -> str | None:
    """The agency named in a dateline, outlet-list spelling when known."""
    if not value:
        return None
    return load_cleaning_data().outlets.get(value.strip().casefold(), value.strip())


def _host(url: str | None) -> str | None:
    """The site of an article URL ("tehrantimes.com"), the outlet of last resort."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.") or None


def find_citing(text: str, data: CleaningData | None = None) -> tuple[str, str] | None:
    """(outlet, cited source) from "News.az reports citing Iranian media" and its es/fr kin."""
    data = data or load_cleaning_data()
    for pattern in data.citing:
        m = pattern.search(text)
        if m:
            return m["outlet"].strip(), m["cited"].strip()
    return None


def extract_metadata(
    doc: RawDocument,
    cleaned: CleanResult,
    *,
    origin: str,
    reference: dt.date | None = None,
) -> Metadata:
    """Combine reader fields, the header, the dateline and text cues (see module docstring)."""
    meta = Metadata(title=(doc.title or "").strip() or cleaned.headline)
    dateline = find_dateline(cleaned.text, reference=reference)
    for value, source in (
        (parse_date(doc.published), origin),
        (parse_date(cleaned.header.get("date")), "header"),
        (dateline.date if dateline else None, "dateline"),
    ):
        if value is not None:
            meta.published, meta.published_source = value, source
            break
    citing = find_citing(cleaned.text)
    agency = dateline.agency if dateline else None
    candidates = (
        doc.outlet,
        cleaned.outlet_tag,
        citing[0] if citing else None,
        agency,
        _host(doc.url),
    )
    meta.outlet = next((c.strip() for c in candidates if c and c.strip()), None)
    if citing:
        meta.cited_source = citing[1]
    elif agency and meta.outlet and agency.casefold() != meta.outlet.casefold():
        meta.cited_source = agency
    return meta
