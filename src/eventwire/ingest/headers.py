"""Publication-date headers in the first lines of a text: " date 2014-05-08", "Date: 8 May 2014".

A header is a label from ``data/datelines.yaml`` (``date``, ``Published``, ``Publié le``,
``Publicado el``, ``Fecha`` …) at the start of one of the first `MAX_LINES` lines, an optional
":", and a date (`dateparts.date_pattern`, optionally with a clock time). It is either the whole
line or a prefix of it (`` date 2014-05-08 Talks ended.``: the text after it is kept).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from eventwire.ingest.dateparts import (
    PubDate,
    alternation,
    date_pattern,
    load_dateline_data,
    read_date,
    time_pattern,
)

MAX_LINES = 6  # non-blank lines from the top where a header may stand


@dataclass(frozen=True)
class Header:
    """A header found in ``text``: remove ``[start, end)``; ``whole_line`` if nothing follows."""

    start: int
    end: int
    date: PubDate
    whole_line: bool
    line: str  # the header line as written (stripped)


@lru_cache(maxsize=1)
def _header() -> re.Pattern[str]:
    labels = alternation(load_dateline_data().header_labels)
    return re.compile(
        rf"[ \t]*(?:{labels})(?:[ \t]*:[ \t]*|[ \t]+)(?P<when>{date_pattern('h')}{time_pattern()})"
        r"(?![\w/\-])[ \t]*(?P<eol>\n|\Z)?",
        re.IGNORECASE,
    )


def find_headers(text: str, *, max_lines: int = MAX_LINES) -> list[Header]:
    """Date headers at the start of the first ``max_lines`` non-blank lines, in text order.

    Spans do not overlap: a header on top takes the blank lines after it; one below other
    content takes the line break before it, so the lines around it stay apart.
    """
    found: list[Header] = []
    lines = list(itertools.islice(re.finditer(r"[^\n]*\S[^\n]*", text), max_lines + 1))
    at_top = True  # only whitespace and headers so far
    previous_end = 0  # end of the last line kept (or removed below content) so far
    for index, line in enumerate(lines[:max_lines]):
        m = _header().match(text, line.start())
        date = read_date(m, "h") if m else None
        if m is None or date is None:
            at_top, previous_end = False, line.end()
            continue
        whole = m["eol"] is not None
        start = line.start() if found else 0
        if whole and at_top:
            end = lines[index + 1].start() if index + 1 < len(lines) else len(text)
        elif whole:
            start, end = previous_end, line.end()
        else:
            start = start if at_top else line.start()
            end = m.end()
            at_top = False
        previous_end = line.end()
        found.append(Header(start, end, date, whole, text[line.start() : m.end()].strip()))
    return found
