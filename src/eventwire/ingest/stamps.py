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
    settings: dict = {"REQUIRE_PARTS": ["day", "month", "year"]}
    if order:
        settings["DATE_ORDER"] = order
    # a fixed language list: detecting among all of dateparser's languages takes seconds
    parsed = dateparser.parse(value, languages=languages or list(LANGUAGES), settings=settings)
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
