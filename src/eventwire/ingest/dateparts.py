"""Written dates with their precision: "8 May 2014", "8 de mayo de 2014", "May 8", "2014-05".

A publication date is not always a whole date: a wire dateline ("MOSCOW, May 8 (Reuters) -")
gives the day and month but no year, a header may give only "May 2014". `PubDate` keeps what
was written and nothing more; its `precision` names it (the values are stored as
``Article.published_precision``):

=====================  ===========================================================
``day``                year, month and day written
``month``              year and month ("May 2014"); ``date()`` is the 1st of the month
``year``               the year alone; ``date()`` is 1 January
``month-day``          day and month, year unknown: no ``date()``; ``iso()`` is ``--05-08``
``day-inferred-year``  (set by `metadata`) day and month written, the year inferred from a
                       reference date the caller gave, never from the clock
=====================  ===========================================================

Month and weekday names are CLDR's (via babel) for en/es/fr, plus the extra spellings and the
words around dates in ``data/datelines.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel.dates import get_day_names, get_month_names

from eventwire.errors import InvalidKnowledgeBase

LOCALES = ("en", "es", "fr")
_LIST_KEYS = ("day_prefixes", "day_suffixes", "day_month_links", "month_year_links", "time_links")
_ISO = re.compile(
    r"(?:(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?|--(?P<om>\d{2})-(?P<od>\d{2}))"
)


@dataclass(frozen=True)
class PubDate:
    """The parts of a date that were written; None for a part that was not."""

    year: int | None
    month: int | None
    day: int | None

    @classmethod
    def make(cls, year: int | None, month: int | None, day: int | None) -> PubDate | None:
        """A PubDate when the parts form a calendar date (29 February allowed without a year)."""
        if year is None and (month is None or day is None):
            return None
        if day is not None and month is None:
            return None
        try:
            dt.date(year or 2000, month or 1, day or 1)  # 2000: a leap year
        except ValueError:
            return None
        return cls(year, month, day)

    @classmethod
    def from_iso(cls, value: str | None) -> PubDate | None:
        """Read `iso`'s forms back ("2014-05-08", "2014-05", "2014", "--05-08")."""
        m = _ISO.fullmatch((value or "").strip())
        if not m:
            return None
        if m["om"]:
            return cls.make(None, int(m["om"]), int(m["od"]))
        return cls.make(int(m["y"]), _int(m["m"]), _int(m["d"]))

    @property
    def precision(self) -> str:
        if self.year is None:
            return "month-day"
        return "day" if self.day else "month" if self.month else "year"

    def date(self) -> dt.date | None:
        """The calendar date (first of the period when coarser than a day); None without year."""
        if self.year is None:
            return None
        return dt.date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        """ISO 8601 as far as known; a year-less day is ``--MM-DD`` (XML Schema gMonthDay)."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        parts = [f"{self.year:04d}", *(f"{v:02d}" for v in (self.month, self.day) if v)]
        return "-".join(parts)

    def latest_before(self, reference: dt.date) -> dt.date | None:
        """A year-less day in the year that puts it on or before ``reference`` (+1 day)."""
        assert self.month is not None and self.day is not None
        for year in (reference.year, reference.year - 1, reference.year - 2, reference.year - 3):
            try:
                candidate = dt.date(year, self.month, self.day)
            except ValueError:  # 29 February: the latest leap year
                continue
            if candidate <= reference + dt.timedelta(days=1):
                return candidate
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


@dataclass(frozen=True)
class DatelineData:
    """`data/datelines.yaml`, validated."""

    header_labels: tuple[str, ...]
    extra_months: dict[str, int]
    words: dict[str, tuple[str, ...]]  # the _LIST_KEYS lists
    agencies: dict[str, str]  # casefolded spelling -> canonical name


def compile_dateline_data(raw: Any) -> DatelineData:
    """Validate a parsed datelines.yaml (each error names the key at fault)."""
    if not isinstance(raw, dict):
        raise InvalidKnowledgeBase("datelines.yaml: expected a mapping at the top level")
    labels = raw.get("header_labels")
    if not isinstance(labels, dict) or not labels:
        raise InvalidKnowledgeBase("datelines.yaml: 'header_labels' must map languages to lists")
    found: list[str] = []
    for lang, values in labels.items():
        found += _strings(values, f"header_labels.{lang}")
    words = {key: tuple(_strings(raw.get(key), key)) for key in _LIST_KEYS}
    months = raw.get("extra_months") or {}
    if not isinstance(months, dict) or any(
        not isinstance(v, int) or not 1 <= v <= 12 for v in months.values()
    ):
        raise InvalidKnowledgeBase("datelines.yaml: 'extra_months' must map names to 1..12")
    agencies: dict[str, str] = {}
    table = raw.get("wire_agencies")
    if not isinstance(table, dict) or not table:
        raise InvalidKnowledgeBase("datelines.yaml: 'wire_agencies' must map names to lists")
    for name, aliases in table.items():
        for spelling in [str(name), *_strings(aliases or [], f"wire_agencies.{name}", empty=True)]:
            agencies[spelling.casefold()] = str(name)
    return DatelineData(
        header_labels=tuple(sorted(set(found), key=len, reverse=True)),
        extra_months={str(k).casefold(): v for k, v in months.items()},
        words=words,
        agencies=agencies,
    )


def _strings(values: Any, key: str, *, empty: bool = False) -> list[str]:
    if not isinstance(values, list) or (not values and not empty):
        raise InvalidKnowledgeBase(f"datelines.yaml: {key!r} must be a non-empty list")
    bad = [v for v in values if not isinstance(v, str) or not v.strip()]
    if bad:
        raise InvalidKnowledgeBase(f"datelines.yaml: {key!r} has non-string items {bad!r}")
    return [v.strip() for v in values]


@lru_cache(maxsize=1)
def load_dateline_data() -> DatelineData:
    """The packaged dateline knowledge (cached for the process)."""
    text = (Path(__file__).parent.parent / "data" / "datelines.yaml").read_text("utf-8")
    return compile_dateline_data(yaml.safe_load(text))


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Month names and abbreviations in en/es/fr (CLDR via babel, + extras) -> month number."""
    names: dict[str, int] = {}
    for locale in LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names[name.casefold().rstrip(".")] = number
    names.update(load_dateline_data().extra_months)
    return names


def alternation(words: Any) -> str:
    """Regex alternation of literal words, longest first; spaces match any run of spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=1)
def _weekdays() -> str:
    names = {
        name.casefold().rstrip(".")
        for locale in LOCALES
        for width in ("wide", "abbreviated")
        for name in get_day_names(width, "format", locale).values()
    }
    return alternation(names)


def date_pattern(p: str, *, numeric: bool = True) -> str:
    """A written date (groups prefixed ``p``: ``{p}y``, ``{p}mon`` or ``{p}m``, ``{p}d``).

    Forms: ISO (``2014-05-08``, ``2014-05``), day-first numeric (``08/05/2014``), day month
    (``8 May``, ``8 de mayo de 2014``, ``le 8 mai 2014``), month day (``May 8, 2014``) and
    month year (``May 2014``), with an optional weekday in front.
    """
    w = load_dateline_data().words
    month = rf"(?:{alternation(month_numbers())})\.?(?![^\W\d_])"
    suffix = rf"(?:{alternation(w['day_suffixes'])})?"
    day = rf"[0-3]?\d(?!\d){suffix}"
    year = r"(?:1[89]|20)\d\d(?!\d)"
    ylink = rf"(?:(?:{alternation(w['month_year_links'])})\s+)?"
    weekday = rf"(?:(?:{_weekdays()})\.?,?\s+)?"
    prefix = rf"(?:(?:{alternation(w['day_prefixes'])})\s+)?"
    dlink = rf"(?:(?:{alternation(w['day_month_links'])})\s+)?"
    forms = [
        rf"{weekday}{prefix}(?P<{p}dmd>{day})\s+{dlink}(?P<{p}dmm>{month})"
        rf"(?:,?\s+{ylink}(?P<{p}dmy>{year}))?",
        rf"{weekday}(?P<{p}mdm>{month})\s+(?P<{p}mdd>{day})(?:,?\s+(?P<{p}mdy>{year}))?",
        rf"(?P<{p}mym>{month}),?\s+{ylink}(?P<{p}myy>{year})",
    ]
    if numeric:
        forms[:0] = [
            rf"(?P<{p}iy>{year})-(?P<{p}im>[01]\d)(?:-(?P<{p}id>[0-3]\d))?"
            r"(?:T[\d:.]+(?:Z|[+\-]\d\d:?\d\d)?)?(?![\d\-])",
            rf"(?P<{p}nd>[0-3]?\d)[/.](?P<{p}nm>[01]?\d)[/.](?P<{p}ny>{year})",
        ]
    return "(?:" + "|".join(forms) + ")"


def time_pattern() -> str:
    """A clock time after a date: ", 10:32 GMT", " à 18h05", " a las 10:00 CET"."""
    links = alternation(load_dateline_data().words["time_links"])
    return (
        rf"(?:[ \t]*(?:{links})?[ \t]*[0-2]?\d[:h.][0-5]\d(?::[0-5]\d)?"
        r"(?:[ \t]*[ap]\.?[ \t]?m\.?)?"
        r"(?-i:[ \t]*\(?(?:[A-Z]{2,5})(?:[+\-]\d{1,2}(?::?\d\d)?)?\)?)?)?"
    )


def read_date(m: re.Match[str], p: str) -> PubDate | None:
    """The PubDate a `date_pattern(p)` match wrote (None when the parts are no date)."""
    g = m.groupdict()
    if g.get(f"{p}iy"):
        return PubDate.make(int(g[f"{p}iy"]), int(g[f"{p}im"]), _int(g[f"{p}id"]))
    if g.get(f"{p}ny"):
        return PubDate.make(int(g[f"{p}ny"]), int(g[f"{p}nm"]), int(g[f"{p}nd"]))
    for form in ("dm", "md", "my"):
        name = g.get(f"{p}{form}m")
        if name:
            month = month_numbers().get(name.casefold().rstrip(".").replace(" ", ""))
            day = re.match(r"\d+", g.get(f"{p}{form}d") or "")
            year = g.get(f"{p}{form}y")
            if month is None:
                return None
            return PubDate.make(_int(year), month, int(day.group()) if day else None)
    return None


@lru_cache(maxsize=1)
def _written() -> re.Pattern[str]:
    return re.compile(rf"\s*{date_pattern('w')}{time_pattern()}\s*", re.IGNORECASE)


def parse_written(value: str | None) -> PubDate | None:
    """A value that is only a date, as far as it is written ("May 8", "mayo de 2014")."""
    m = _written().fullmatch(value or "")
    return read_date(m, "w") if m else None
