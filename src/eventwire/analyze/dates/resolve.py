"""Time expressions (TIMEX3-style) and event dates, rule-based for en/es/fr.

`find_timexes` finds and normalises time expressions in plain text against a reference date
(the article's publication date); `resolve_event_date` picks the expression tied to an event
trigger in a parsed sentence and turns it into a calendar date.

Decisions, so callers know what to expect:
- a bare weekday ("on Thursday") is the latest such day on or before the reference date, or the
  next one on or after it in future contexts ("will meet on Thursday"); `tense` chooses, and
  "auto" looks for cues (time.yaml `future_cues`, `direction_words`) just before it;
- a day-month without a year takes the year that puts it on or before the reference date in
  past contexts (on or after it in future ones; the nearest one when `tense="auto"` finds no
  cue: "on November 11" in an article of 5 November is the coming one);
- `resolve_event_date` takes the tense from the anchor's verb (future / past; "auto" when it
  shows neither, e.g. a noun trigger in a non-finite clause);
- when a weekday and an explicit date disagree ("miércoles 30 de noviembre" of 2024, a Saturday)
  the explicit date wins and `conflict` is set;
- with no publication date, expressions that need one stay unresolved (date None). A day-month
  without a year then has no date either; its weekday conflict is judged against `year_hint`
  when the caller gives one (e.g. the year the article was collected), else against the year
  of the latest fully written date of the document, else it is not judged;
- expressions naming only a month, a year or a week give no day: when the period holds the
  publication date ("this week") the event takes that date (source "article"); otherwise
  ("in November" in a December article) the event date is left empty rather than invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventwire.analyze.dates.lexicon import TimeLexicon, fold, load_time_lexicon
from eventwire.analyze.dates.normalise import normalise
from eventwire.models import DateResolution

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

VERSION = "1"
TENSES = ("auto", "past", "future")
FUTURE_WINDOW_WORDS = 8  # how far back a future cue may stand ("will travel to Paris on ...")
SHORT_WORD = 3  # articles and the like, skipped between a direction word and the expression
CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "relcl", "acl", "acl:relcl", "xcomp", "conj",
               "parataxis", "csubj", "advcl:relcl"}
FUTURE_AUX = {"will", "shall", "'ll", "’ll", "wo"}
SENTENCE_END = re.compile(r"[!?;\n]|\.\s")


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # TIMEX3-style: 2024-12-19, 2024-12, 2024-W48, PRESENT_REF, P3D ...
    date: dt.date | None = None  # the calendar day it names, when it names one
    conflict: bool = False  # written weekday disagrees with the written date
    weekday: int | None = None  # written weekday (0 = Monday)
    month_day: tuple[int, int] | None = None  # written (month, day) when the day was written
    rule: str = ""  # the lexicon pattern that matched (evidence)


def _fields(lex: TimeLexicon, match: re.Match[str]) -> dict[str, Any]:
    """Named groups of a match mapped to lexicon values (numbers stay strings)."""
    fields: dict[str, Any] = {}
    for name, text in match.groupdict().items():
        if text is None:
            continue
        if name in lex.words:
            fields[name] = lex.value(name, text)
        elif name == "anaphor":
            fields[name] = fold(text)
        else:
            fields[name] = text
    return fields


def _num_value(lex: TimeLexicon, match: re.Match[str]) -> int | None:
    text = match.groupdict().get("num")
    if text is None:
        return None
    return int(text) if text.isdigit() else lex.value("num", text)


def context_direction(text: str, start: int, lex: TimeLexicon) -> int:
    """+1 when the words before `start` point to the future, -1 to the past, 0 if unknown.

    "until Friday" / "since (the) November" (`direction_words` right before, an article aside)
    decide first; else a future cue ("will", a "-rá" verb ending) a few words back in the same
    sentence makes it +1.
    """
    before = text[max(0, start - 120):start]
    ends = list(SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end():]
    raw = before.split()[-FUTURE_WINDOW_WORDS:]
    words = [fold(w) for w in raw]
    # "until the Friday" but not "killed by forces on Monday": skip at most one short word.
    near = words[-1:] + (words[-2:-1] if words and len(words[-1]) <= SHORT_WORD else [])
    for word in near:
        if word in lex.words["dirw"]:
            return lex.words["dirw"][word]
    window = " " + " ".join(words) + " "
    if any(f" {cue.strip()} " in window for cue in lex.future_words):
        return 1
    # Verb endings only on lower-case words: "Teherán" is not a future like "reunirán".
    return int(any(w[:1].islower() and fold(w).endswith(end) and len(w) > len(end) + 2
                   for w in raw for end in lex.future_endings))


def _candidates(text: str, lex: TimeLexicon) -> list[tuple[re.Match[str], Any]]:
    """All pattern matches, keeping the longest where they overlap (earlier pattern on ties)."""
    found = []
    for order, pattern in enumerate(lex.patterns):
        for match in pattern.regex.finditer(text):
            if match.end() > match.start():
                found.append((match.end() - match.start(), order, match, pattern))
    found.sort(key=lambda c: (-c[0], c[1], c[2].start()))
    taken: list[tuple[int, int]] = []
    kept = []
    for _, _, match, pattern in found:
        if all(match.end() <= s or match.start() >= e for s, e in taken):
            taken.append((match.start(), match.end()))
            kept.append((match, pattern))
    return sorted(kept, key=lambda c: c[0].start())


def find_timexes(text: str, dct: dt.date | None, lang: str, *,
                 tense: str = "auto") -> list[Timex]:
    """Time expressions in `text`, normalised against the reference date `dct`.

    >>> [t.value for t in find_timexes("They met on Thursday.", dt.date(2024, 12, 20), "en")]
    ['2024-12-19']
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES}, not {tense!r}")
    if isinstance(dct, dt.datetime):  # a datetime would not compare with the dates we build
        dct = dct.date()
    lex = load_time_lexicon(lang)
    timexes: list[Timex] = []
    last_day: str | None = None
    for match, pattern in _candidates(text, lex):
        fields = _fields(lex, match)
        fields["num"] = _num_value(lex, match)
        fields["shift"] = pattern.shift
        direction = {"past": -1, "future": 1}.get(tense, 0)
        if tense == "auto":
            direction = context_direction(text, match.start(), lex)
        value = normalise(fields, pattern.type, dct, direction, last_day)
        if value is None:
            continue
        start, end = match.span()
        written_day = fields.get("day") and (fields.get("month") or fields.get("mnum"))
        timexes.append(Timex(
            start, end, text[start:end], value.type, value.value, value.date, value.conflict,
            fields.get("wd") if pattern.type in ("DATE", "TIME") else None,
            (int(fields.get("month") or fields["mnum"]), int(fields["day"]))
            if written_day else None,
            pattern.source,
        ))
        if value.date is not None:
            last_day = value.date.isoformat()
    return timexes


# ---------------------------------------------------------------------------------------------
# Event dates
# ---------------------------------------------------------------------------------------------


def _clause(token: Token) -> Token:
    """The verb heading the clause a token belongs to (the root if none)."""
    for node in [token, *token.ancestors]:
        if node.pos_ in ("VERB", "AUX") or node.dep_ in CLAUSE_DEPS:
            return node
    return token.sent.root


def event_tense(anchor: Token) -> str:
    """ "future" ("will meet", "se reunirán"), "past" ("met", "se reunió", "s'est rendu") or
    "auto" when the anchor's verb shows neither (a noun trigger of a non-finite clause)."""
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else _clause(anchor)
    nodes = [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]
    if any("Fut" in n.morph.get("Tense") or n.lower_ in FUTURE_AUX for n in nodes):
        return "future"
    if any("Past" in n.morph.get("Tense") for n in nodes):
        return "past"
    return "auto"


def _tie(timex: Timex, sent: Span, anchor: Token | None) -> tuple[int, int]:
    """How closely a time expression is tied to the anchor: lower is closer."""
    tokens = [t for t in sent if t.idx < timex.end and t.idx + len(t) > timex.start]
    if anchor is None or not tokens:
        return (2, timex.start)
    subtree = {t.i for t in anchor.subtree}
    head = min(tokens, key=lambda t: len(list(t.ancestors)))
    same_clause = _clause(head) == _clause(anchor)
    in_subtree = head.i in subtree
    distance = min(abs(t.i - anchor.i) for t in tokens)
    return ((0 if same_clause else 1) + (0 if in_subtree else 1), distance)


def _dating(timex: Timex) -> bool:
    """Expressions that can date an event (not durations, sets, clock times or refs)."""
    if timex.type not in ("DATE", "TIME") or not timex.value:
        return False
    return not timex.value.endswith("_REF") and not re.match(r"X{4}-X{2}-X{2}T", timex.value)


def resolve_event_date(sent: Span, anchor: Token | None, published: dt.date | None, lang: str,
                       *, year_hint: int | None = None) -> DateResolution:
    """The date of the event triggered by `anchor` in `sent`, with the words that gave it.

    Offsets in the result are into the document text. Without a tied expression the event
    takes the publication date (source "article"), or no date at all (source "none").
    """
    tense = "auto" if anchor is None else event_tense(anchor)
    timexes = [t for t in find_timexes(sent.text, published, lang, tense=tense) if _dating(t)]
    if not timexes:
        if published is None:
            return DateResolution(None, None, "none")
        return DateResolution(published, None, "article")
    base = sent.start_char
    for t in timexes:
        t.start, t.end = t.start + base, t.end + base
    best = min(timexes, key=lambda t: _tie(t, sent, anchor))
    conflict = best.conflict
    if best.date is None and best.weekday is not None and best.month_day:
        year = year_hint or implied_year(sent.doc, lang)
        try:
            conflict = bool(year) and dt.date(year, *best.month_day).weekday() != best.weekday
        except ValueError:  # 29 February of a common year
            conflict = False
    if best.date is None and published is not None and covers(best.value, published):
        # "this week", "in 2024": the text agrees with the article date without naming a day.
        return DateResolution(published, None, "article")
    source = "text" if best.date is not None else "none"
    return DateResolution(best.date, best.text, source, conflict, best.start, best.end)


def implied_year(doc: Any, lang: str) -> int | None:
    """The year of the latest fully written date in the document ("12 March 2023"), if any.

    Cached on the spaCy Doc; used only to judge weekday conflicts of undated articles.
    """
    key = "eventwire.dates.implied_year"
    if key not in doc.user_data:
        years = [t.date.year for t in find_timexes(doc.text, None, lang)
                 if t.date is not None and t.month_day is not None]
        doc.user_data[key] = max(years, default=None)
    return doc.user_data[key]


def covers(value: str | None, day: dt.date) -> bool:
    """Whether a year / month / ISO week / quarter value contains `day`."""
    if not value or not value[:4].isdigit() or int(value[:4]) != day.year and "W" not in value:
        return False
    if len(value) == 4:
        return True
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return int(value[5:]) == day.month
    if re.fullmatch(r"\d{4}-Q[1-4]", value):
        return int(value[6]) == (day.month - 1) // 3 + 1
    if re.fullmatch(r"\d{4}-W\d{2}(-WE)?", value):
        year, week, weekday = day.isocalendar()
        return (year, week) == (int(value[:4]), int(value[6:8])) and (
            not value.endswith("WE") or weekday >= 6)
    return False
