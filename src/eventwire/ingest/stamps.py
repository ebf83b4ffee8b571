"""Dates as readers and pages write them: field values and "Published: 20 Dec 2024" lines."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

import dateparser

# "Published on 20 December 2024, 10:32 GMT", "Actualizado: 3 dic 2024", "Mis à jour le 12/11/2024"
STAMP = re.compile(
    r"(?:(?P<label>published|posted|updated|last updated|publicado|actualizado|publié|"
    r"mis à jour|modifié)(?:\s+(?:on|at|el|le))?\s*:?\s*)?(?P<when>[\w ,.:/+\-]{6,50})",
    re.IGNORECASE,
)
LANGUAGES = ("en", "es", "fr")
_SPLIT = re.compile(
    r"(?<!last )(?=\b(?:published|posted|updated|last updated|publicado|actualizado|publié|"
    r"mis à jour|modifié)\b)",
    re.IGNORECASE,
)
_UPDATE_LABELS = ("updated", "last updated", "actualizado", "mis à jour", "modifié")


def parse_date(
    value: str | None, *, languages: list[str] | None = None, order: str | None = None
) -> dt.date | None:
    """A date from a reader field: ISO 8601, RFC 2822 (feeds), or anything dateparser reads."""
    if not value or not value.strip():
        return None
    value = value.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    return _dateparser(value, tuple(languages or LANGUAGES), order)


# Pages repeat the same stamps ("17 de septiembre de 2008" on every article of a day) and
# dateparser takes about a millisecond each, so absolute dates are remembered. A relative one
# ("2 hours ago") depends on the clock and is parsed every time.
_ABSOLUTE: dict[tuple, dt.date | None] = {}
_RELATIVE: set[tuple] = set()
_MAX_REMEMBERED = 20_000
# a far-away clock: a value read the same against it and against now does not depend on now
_OTHER_BASE = dt.datetime(2001, 3, 4, 5, 6)


def _dateparser(value: str, languages: tuple[str, ...], order: str | None) -> dt.date | None:
    """dateparser's reading of a stamp, remembered when it does not depend on the clock."""
    key = (value, languages, order)
    if key in _ABSOLUTE:
        return _ABSOLUTE[key]
    parsed = _parse_with_dateparser(value, languages, order)
    if key not in _RELATIVE:
        if len(_ABSOLUTE) + len(_RELATIVE) >= _MAX_REMEMBERED:
            _ABSOLUTE.clear()
            _RELATIVE.clear()
        if _parse_with_dateparser(value, languages, order, base=_OTHER_BASE) == parsed:
            _ABSOLUTE[key] = parsed
        else:
            _RELATIVE.add(key)
    return parsed


def _parse_with_dateparser(
    value: str, languages: tuple[str, ...], order: str | None, *, base: dt.datetime | None = None
) -> dt.date | None:
    settings: dict = {"REQUIRE_PARTS": ["day", "month", "year"]}
    if order:
        settings["DATE_ORDER"] = order
    if base is not None:
        settings["RELATIVE_BASE"] = base
    # a fixed language list: detecting among all of dateparser's languages takes seconds
    parsed = dateparser.parse(value, languages=list(languages), settings=settings)
    return parsed.date() if parsed else None


def stamp_date(line: str) -> tuple[dt.date | None, bool]:
    """(date, is_publication) for a line that is only date stamps; (None, False) otherwise.

    "Publié le 12/11/2024 à 18h05 Mis à jour le 12/11/2024 à 19h10" is two stamps on one line:
    every part must be a stamp, and the first publication stamp gives the date.
    """
    parts = [p for p in _SPLIT.split(line.strip()) if p.strip(" |·,;-")]
    found = [_one_stamp(p.strip(" |·,;-")) for p in parts]
    if not found or any(date is None for date, _ in found):
        return None, False
    published = [date for date, is_pub in found if is_pub]
    return (published[0], True) if published else (found[0][0], False)


def _one_stamp(text: str) -> tuple[dt.date | None, bool]:
    """(date, is_publication) for one "Published: 20 Dec 2024"-style stamp."""
    m = STAMP.fullmatch(text)
    if not m or not re.search(r"\d", m["when"]):
        return None, False
    # a stamp has few words (weekday, month, "GMT"); a headline with a number has more
    if len(re.findall(r"[^\W\d_]+", m["when"])) > 4:
        return None, False
    # numeric stamps are day-first in es/fr and in most English outside the US
    date = parse_date(m["when"], order="DMY")
    label = (m["label"] or "").casefold()
    return date, date is not None and label not in _UPDATE_LABELS
