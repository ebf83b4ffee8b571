"""Data contracts shared by every stage: plain dataclasses, no I/O, no storage concerns.

An article travels  RawDocument --(ingest)--> Article --(analyze)--> Analysis --(store)--> rows.
All character offsets (``start``/``end``) are ``[start, end)`` into ``Article.text`` (the
*cleaned* text), never into the raw text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

# ---------------------------------------------------------------------------------------------
# Ingest
# ---------------------------------------------------------------------------------------------


@dataclass
class RawDocument:
    """One item as a reader found it, before cleaning.

    ``content`` is text for text/JSON/feeds and the decoded HTML for HTML pages (``kind='html'``).
    Reader-supplied metadata (from JSON fields, HTML meta tags, feed entries) travel in the
    optional fields and win over anything guessed from the text.
    """

    source: str  # path, URL, "path:LINE" for JSON Lines, "-" for stdin
    content: str
    kind: str = "text"  # text | html
    id: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None  # as given; normalised by ingest.metadata
    outlet: str | None = None
    language: str | None = None
    encoding: str | None = None  # the encoding the bytes were decoded with
    origin: str | None = None  # the reader that made it: text | html | json | feed
    # a date to fall back on when the page and text give none, e.g. a WARC record's WARC-Date
    # (when the page was crawled); also the reference year for a year-less dateline
    crawled: str | None = None


@dataclass
class Skipped:
    """An input record that is deliberately not read as an article: counted, neither stored
    nor an error (a WARC record of an image, a 404 page, a duplicate)."""

    source: str
    reason: str  # not-html | status | duplicate


@dataclass
class Position:
    """How far a reader has got in a resumable input (a WARC file): every record before
    ``offset`` has been yielded. ``fingerprint`` tells one file from another at the same path."""

    input: str  # the file's resolved path
    fingerprint: str
    offset: int


@dataclass
class Removal:
    """One thing the cleaner took out or changed, with where it was in the raw text."""

    rule: str  # e.g. "web-residue", "repeated-headline", "outlet-tag", "stray-number"
    raw_start: int
    raw_end: int
    text: str  # what was removed / replaced
    replacement: str = ""


@dataclass
class Article:
    id: str
    source: str
    raw_text: str
    text: str  # cleaned; every offset refers to this
    content_hash: str  # sha256 hex of ``text``
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_source: str | None = None  # header | html | json | feed | dateline | crawl | None
    language: str | None = None  # ISO 639-1
    language_score: float | None = None
    outlet: str | None = None
    cited_source: str | None = None  # "Iranian media" in "News.az reports citing Iranian media"
    removals: list[Removal] = field(default_factory=list)
    # how much of ``published`` was written (ingest.dateparts): day | month | year | month-day
    # (year unknown: ``published`` is None, ``published_partial`` holds "--MM-DD") |
    # day-inferred-year (the year came from a reference date the caller gave, not the text)
    published_precision: str | None = None
    published_partial: str | None = None
    dateline_place: str | None = None  # the place of the wire dateline, as written ("MOSCOW")


# ---------------------------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------------------------


@dataclass
class ActorRef:
    """A resolved actor as it appears inside events, quotes and mentions (EXPORT.md)."""

    name: str  # canonical
    text: str  # as written in this article
    country: str | None = None  # ISO alpha-3
    sector: str | None = None  # GOV, MIL, REB, IGO, ...
    code: str | None = None  # country + sector, e.g. IRNGOV; "IGO"-style for IOs
    kb_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Mention:
    """A span of the cleaned text that refers to an actor (or an unresolved entity)."""

    text: str
    start: int
    end: int
    label: str  # PERSON, ORG, GPE, NORP, TITLE, PRON, NOMINAL ...
    actor: ActorRef | None = None
    how: str = ""  # evidence of the resolution: "kb-name", "title", "surname", "pronoun", ...
    antecedent: int | None = None  # index of the mention this one was resolved through


@dataclass
class Location:
    name: str
    country: str | None = None  # ISO alpha-3
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    text: str | None = None  # as written
    start: int | None = None
    end: int | None = None


@dataclass
class DateResolution:
    date: dt.date | None
    text: str | None  # the words that gave the date
    source: str  # "text" | "article" | "none"
    conflict: bool = False  # weekday and explicit date disagree
    start: int | None = None
    end: int | None = None


@dataclass
class Quote:
    text: str  # the quoted words
    start: int  # offsets of the quoted words
    end: int
    direct: bool
    speaker: ActorRef | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # verb lemma/surface or ":"
    cue_start: int | None = None
    cue_end: int | None = None
    language: str | None = None


@dataclass
class Event:
    type: str  # PLOVER category
    trigger: str  # trigger words as written
    start: int  # offsets of the evidence sentence
    end: int
    evidence: str  # the sentence text
    trigger_start: int | None = None
    trigger_end: int | None = None
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)
    recipients: list[ActorRef] = field(default_factory=list)
    date: dt.date | None = None
    date_text: str | None = None
    date_source: str = "article"  # text | article
    date_conflict: bool = False
    future: bool = False
    negated: bool = False
    hypothetical: bool = False
    location: Location | None = None
    score: float | None = None  # PLOVER cooperation-conflict score
    cameo: str | None = None
    confidence: float = 0.5
    quote_index: int | None = None  # index into Analysis.quotes of the quote it was coded from
    rule: str | None = None  # which lexicon entry / pattern produced it (explainability)


@dataclass
class Analysis:
    """Everything the analyzers found in one article."""

    article_id: str
    language: str | None
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # "name@version" of each step that ran
    errors: list[tuple[str, str]] = field(default_factory=list)  # (step, message), non-fatal
    learned: list[Any] = field(default_factory=list)  # actors learned here (KB entries)


@dataclass
class ItemError:
    """A per-item failure: which input, where, which step, and why (shown and stored)."""

    source: str
    step: str  # read | decode | parse | clean | analyze | store
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.step}: {self.message}"
