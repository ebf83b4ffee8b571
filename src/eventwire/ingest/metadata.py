"""Article metadata: publication date (with its precision), place, title, outlet, cited source.

Priority for the date: a reader field (JSON/HTML/feed; for HTML, trafilatura's reading of
``<meta>``, JSON-LD and ``<time>``) > a header in the first lines (`` date 2024-12-20``,
"Date: 8 May 2014", "Publié le 8 mai 2014", or a "Published: 20 Dec 2024" stamp line; source
"header") > a wire dateline in the text ("TEHRAN, Dec. 1 (Reuters) -", "Madrid, 3 dic (EFE).-",
"PARIS, 12 novembre (AFP) -", "KYIV, Ukraine (AP) —"). The first of these that writes a year
gives ``published``; a day and month without a year stay ``published_partial`` ("--05-08",
precision "month-day") unless the caller gives a ``reference`` date to infer the year from
(precision "day-inferred-year"). The clock never gives a year. Precisions: `dateparts`.
A document's ``crawled`` date (a WARC record's WARC-Date) is the reference when the caller
gives none, and the date (source "crawl") only when nothing else gives even a day and month.
The dateline's place ("MOSCOW", "KYIV, Ukraine") is the article's ``dateline_place``; the
dateline itself stays in the text (the analysers read it).
Outlet: reader field > trailing tag ("News.Az") > "X reports citing Y" > dateline agency >
the URL's host name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from eventwire.ingest.clean import CleanResult
from eventwire.ingest.dateparts import (
    PubDate,
    date_pattern,
    load_dateline_data,
    month_numbers,
    parse_written,
    read_date,
)
from eventwire.ingest.patterns import CleaningData, load_cleaning_data
from eventwire.ingest.stamps import parse_date
from eventwire.models import RawDocument

__all__ = [
    "Dateline",
    "Metadata",
    "extract_metadata",
    "find_citing",
    "find_dateline",
    "month_numbers",
    "parse_date",
]

_PLACE = r"(?P<place>[A-ZÀ-Þ][\w'’.\-]*(?: [A-ZÀ-Þa-zà-ÿ][\w'’.\-]*){0,3})"
_REGION = r"(?:,\s*(?P<region>[A-ZÀ-Þ][\w'’.\-]*(?: [A-ZÀ-Þ][\w'’.\-]*){0,2}))?"
_AGENCY = r"\((?P<agency>[^()\n]{2,30})\)"
_DASH = r"(?:\.?-+|[–—:])"


@lru_cache(maxsize=1)
def _dateline_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(dated, agency-only) dateline patterns; the dated one's date groups are prefixed "d"."""
    date = date_pattern("d", numeric=False)
    dated = re.compile(rf"{_PLACE}{_REGION},?\s+(?i:{date})\s*(?:{_AGENCY})?\s*{_DASH}")
    agency_only = re.compile(rf"{_PLACE}{_REGION},?\s+{_AGENCY}\s*{_DASH}")
    return dated, agency_only


@dataclass
class Metadata:
    published: dt.date | None = None
    published_source: str | None = None  # header | html | json | feed | dateline | crawl
    published_precision: str | None = None  # dateparts.PubDate.precision, day-inferred-year
    published_partial: str | None = None  # "--05-08": a day and month without a known year
    title: str | None = None
    outlet: str | None = None
    cited_source: str | None = None
    dateline_place: str | None = None  # "MOSCOW", "KYIV, Ukraine", "Ciudad de México"


@dataclass
class Dateline:
    date: dt.date | None  # the full date: written with its year, or inferred from reference
    agency: str | None
    start: int
    end: int
    place: str | None = None
    written: PubDate | None = None  # the date as written (year None when not written)


def find_dateline(text: str, *, reference: dt.date | None = None) -> Dateline | None:
    """A wire dateline at the start of one of the first three paragraphs.

    A date without a year ("MOSCOW, May 8 (Reuters) -") gets one only from ``reference`` (the
    latest such day not after it); without a reference its ``date`` is None and ``written``
    keeps the day and month: the clock never supplies a year.
    """
    dated, agency_only = _dateline_patterns()
    offset = 0
    for paragraph in text.split("\n\n")[:3]:
        m = dated.match(paragraph)
        written = read_date(m, "d") if m else None
        if m and written and _place_like(m["place"]):
            date = written.date()
            if date is None and reference is not None:
                date = written.latest_before(reference)
            place = _place(m)
            return Dateline(date, _agency(m["agency"]), offset, offset + m.end(), place, written)
        m = agency_only.match(paragraph)
        if m and (m["region"] is None or _known_agency(m["agency"]) or m["place"].isupper()):
            place = _place(m) if m["place"].isupper() or _known_agency(m["agency"]) else None
            return Dateline(None, _agency(m["agency"]), offset, offset + m.end(), place)
        offset += len(paragraph) + 2
    return None


def _place_like(name: str) -> bool:
    """A dateline's place is no month ("May 8 (AP) -" opening a paragraph has no place)."""
    return name.split()[0].casefold().rstrip(".") not in month_numbers()


def _place(m: re.Match[str]) -> str:
    """The dateline's place as written, with its region ("KYIV, Ukraine")."""
    place = m["place"].strip(" .")
    return f"{place}, {m['region'].strip(' .')}" if m["region"] else place


def _known_agency(value: str | None) -> bool:
    return bool(value) and value.strip().casefold() in load_dateline_data().agencies


def _agency(value: str | None) -> str | None:
    """The agency named in a dateline, outlet-list spelling when known."""
    if not value:
        return None
    key = value.strip().casefold()
    known = load_dateline_data().agencies.get(key)
    return known or load_cleaning_data().outlets.get(key, value.strip())


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
    _date(meta, doc, cleaned, dateline, origin, reference)
    citing = find_citing(cleaned.text)
    agency = dateline.agency if dateline else None
    meta.dateline_place = dateline.place if dateline else None
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


def _date(
    meta: Metadata,
    doc: RawDocument,
    cleaned: CleanResult,
    dateline: Dateline | None,
    origin: str,
    reference: dt.date | None,
) -> None:
    """The publication date: the first source (in priority order) that writes its year.

    Without any year, the first day-and-month found is kept as ``published_partial`` (precision
    "month-day"), or dated in the year ``reference`` implies (precision "day-inferred-year").
    """
    found = [
        (_reader_date(doc.published), origin),
        (PubDate.from_iso(cleaned.header.get("date")), "header"),
        (dateline.written if dateline else None, "dateline"),
    ]
    for value, source in found:
        if value is not None and value.year is not None:
            meta.published, meta.published_source = value.date(), source
            meta.published_precision = value.precision
            return
    crawled = _reader_date(doc.crawled)
    crawl_day = crawled.date() if crawled is not None else None
    partial = next(((v, s) for v, s in found if v is not None), None)
    if partial is None:
        if crawl_day is not None:  # the crawl date only when the page and text give none
            meta.published, meta.published_source = crawl_day, "crawl"
            meta.published_precision = crawled.precision
        return
    reference = reference or crawl_day  # a page is published on or before its crawl
    value, meta.published_source = partial
    if reference is not None:
        meta.published = value.latest_before(reference)
    if meta.published is not None:
        meta.published_precision = "day-inferred-year"
    else:
        meta.published_precision, meta.published_partial = value.precision, value.iso()


def _reader_date(value: str | None) -> PubDate | None:
    """A reader field's date: a whole date (ISO, RFC 2822, dateparser), else as written."""
    full = parse_date(value)
    if full is not None:
        return PubDate(full.year, full.month, full.day)
    return PubDate.from_iso(value) or parse_written(value)
