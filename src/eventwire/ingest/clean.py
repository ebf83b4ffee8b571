"""Turn raw article text into the cleaned text every offset refers to, recording each change.

Example::

    >>> r = clean_text(" date 2024-12-20 Talks ended.\\n\\n+ ↺ − 16 px\\n\\nHe said.The end\\n\\n4")
    >>> r.text
    'Talks ended.\\n\\nHe said. The end'
    >>> [x.rule for x in r.removals]  # in raw-text order
    ['header', 'web-residue', 'sentence-space', 'stray-number']

Steps, in order: mojibake and odd/invisible/control characters, date headers in the first
lines (`` date 2024-12-20``, "Date: 8 May 2014", "Publicado el 8 de mayo", see `headers`),
spaces, web residue lines (`data/cleaning.yaml`), "Published: …" date stamps, a repeated
headline, trailing outlet tags / stray numbers, paragraph breaks (always ``\\n\\n``), quote
direction (straight ``"`` becomes “ or ” so quotes pair up; typographic quotes are kept),
glued sentences (``said.The``) and quotes that open a new sentence (``media “The …,” he said``
gets a full stop after ``media``). Every change is a `Removal` with raw-text offsets.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from eventwire.ingest.encoding import mojibake_repairs
from eventwire.ingest.headers import find_headers
from eventwire.ingest.patterns import CleaningData, load_cleaning_data
from eventwire.ingest.stamps import stamp_date
from eventwire.ingest.textedit import Edit, EditableText
from eventwire.models import Removal

_CHARS = re.compile(
    r"\r\n?|[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]|[\x0b\x0c\u2028]|\u2029"
    r"|[\u200b\u2060\ufeff\u00ad\u202a-\u202e]|[\x00-\x08\x0e-\x1f\x7f-\x9f]"
)
_COMBINING = re.compile(r".[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_SPACES = re.compile(r"(?P<inner>(?<=\S) {2,}(?=\S))|[ ]+(?=\n)|(?<=\n)[ ]+|\A\s+|\s+\Z")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*\Z")
_NUMBER_LINE = re.compile(r"[#№]?\s*\d[\d.,\s]{0,11}")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_GLUED = re.compile(r"(?<=[^\W_])[.!?](?=[^\W\d_]{2})")
_QUOTE_GLUE = re.compile(r"(?<=[.!?,;:])”(?=[^\W_])|(?<=[^\W_][.!?:;,])“")
_QUOTE_OR_PARAGRAPH = re.compile(r'\n\n|["“”]')
_QUOTE_START = re.compile(r"(?<=[^\W\d_]) (?P<open>[“«])[ \u202f]?(?=[^\W\d_])")
_CLOSER = {"“": "”", "«": "»"}
_QUOTE_REACH = 3000  # characters; longer direct quotes do not start a sentence-break check
_OPEN_CONTEXT = set(" \n([{-–—/«")
_CLOSE_CONTEXT = set(" \n.,;:!?)]}»-–—…")


@dataclass
class CleanResult:
    """The cleaned text, what was removed/changed, and what the cleaner learned on the way."""

    text: str
    removals: list[Removal] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)  # e.g. {"date": "2024-12-20"}
    headline: str | None = None  # a headline found at the top (removed if repeated)
    outlet_tag: str | None = None  # a trailing "News.Az" / "Source: IRNA" tag (removed)


def clean_text(
    raw: str, *, title: str | None = None, data: CleaningData | None = None
) -> CleanResult:
    """Clean ``raw``; ``title`` (from a reader) is removed when the text repeats it on top."""
    data = data or load_cleaning_data()
    doc = EditableText(raw)
    result = CleanResult(text="")
    _normalise_characters(doc)
    result.header = _strip_header(doc)
    _collapse_spaces(doc)
    result.headline = _clean_top(doc, result, title, data)
    result.outlet_tag = _strip_trailing(doc, data)
    _normalise_paragraphs(doc)
    doc.apply(list(_quote_edits(doc.text)))
    doc.apply(list(_glue_edits(doc.text, data)))
    doc.apply(list(_quote_break_edits(doc.text, data)))
    _collapse_spaces(doc)
    result.text = doc.text
    result.removals = sorted(doc.removals, key=lambda r: (r.raw_start, r.raw_end))
    return result


def _clean_top(
    doc: EditableText, result: CleanResult, title: str | None, data: CleaningData
) -> str | None:
    """Residue, date stamps, a repeated headline and a header, until none is left on top.

    Each removal can expose another (a header under a widget line, a repeated headline under
    a header), so the steps repeat while they remove something; the headline is the first
    one removed, else the last top line that looked like one.
    """
    removed_headline = candidate = None
    for _ in range(4):
        count = len(doc.removals)
        residue = [s for s in _lines(doc.text) if _is_residue(s[2], data)]
        doc.apply([Edit(s, e, "", "web-residue") for s, e, _ in residue])
        stamped = _strip_stamps(doc, result.header)
        top, removed = _strip_headline(doc, title, stamped=stamped)
        if removed and removed_headline is None:
            removed_headline = top
        candidate = top or candidate  # a stamp under the top line counts in its round only
        result.header = {**_strip_header(doc), **result.header}
        if len(doc.removals) == count:
            break
    return _tidy(removed_headline or candidate)


def _strip_header(doc: EditableText) -> dict[str, str]:
    """Remove date headers in the first lines (`headers`); return the first one's date.

    The date is ISO 8601 as far as written ("2014-05-08", "2014-05", "--05-08" without a year).
    A whole line that is a publication stamp `stamp_date` reads ("Published: 8 May 2014") is
    left to `_strip_stamps`, which has always removed those (rule "date-stamp").
    """
    fields: dict[str, str] = {}
    edits = []
    for header in find_headers(doc.text):
        if header.whole_line and stamp_date(header.line)[1]:
            continue
        fields.setdefault("date", header.date.iso())
        edits.append(Edit(header.start, header.end, "", "header"))
    doc.apply(edits)
    return fields


def _strip_stamps(doc: EditableText, header: dict[str, str]) -> bool:
    """Remove "Published: 20 Dec 2024" lines near the top or bottom; keep the first as a header.

    Returns True when a stamp came right after the first line (which is then a headline).
    """
    lines = list(_lines(doc.text))
    edits = []
    after_first = False
    for index, (start, end, line) in enumerate(lines[:6] + lines[6:][-3:]):
        if len(line) > 70:
            continue
        date, published = stamp_date(line)
        if date is None:
            continue
        edits.append(Edit(start, end, "", "date-stamp"))
        after_first = after_first or index == 1
        if published:
            header.setdefault("date", date.isoformat())
    doc.apply(edits)
    return after_first


def _normalise_characters(doc: EditableText) -> None:
    """Mojibake, line ends, odd spaces, invisible and control characters; NFC accents."""
    _repair_mojibake(doc)  # first: mojibake runs contain C1 characters ("â€\x9d" is ”)
    edits = []
    for m in _CHARS.finditer(doc.text):
        ch = m.group()
        if ch.startswith("\r") or ch in "\x0b\x0c\u2028":
            edits.append(Edit(m.start(), m.end(), "\n", "line-break"))
        elif ch == "\u2029":
            edits.append(Edit(m.start(), m.end(), "\n\n", "line-break"))
        # bidi embeddings/overrides (U+202A-E) can make a quote display reversed on a page
        elif ch in "\u200b\u2060\ufeff\u00ad" or "\u202a" <= ch <= "\u202e":
            edits.append(Edit(m.start(), m.end(), "", "invisible"))
        elif ch.isspace() and ch != "\x85":  # U+0085 is more often cp1252's "…" than NEL
            edits.append(Edit(m.start(), m.end(), " ", "whitespace"))
        else:
            edits.append(_control_edit(m.start(), ch))
    doc.apply(edits)
    _repair_mojibake(doc)  # again: a removed control character may have split a run
    composed = (
        Edit(m.start(), m.end(), unicodedata.normalize("NFC", m.group()), "unicode-nfc")
        for m in _COMBINING.finditer(doc.text)
    )
    doc.apply([e for e in composed if e.replacement != doc.text[e.start : e.end]])


def _repair_mojibake(doc: EditableText) -> None:
    """UTF-8 read as cp1252 ("â€™", "Ã©") back to what was meant, also when done twice."""
    for _ in range(4):  # text mis-decoded twice needs two rounds ("ÃƒÂ©" -> "Ã©" -> "é")
        edits = [Edit(s, e, fixed, "mojibake") for s, e, fixed in mojibake_repairs(doc.text)]
        if not edits:
            return
        doc.apply(edits)


def _control_edit(at: int, ch: str) -> Edit:
    """A C1 character is a cp1252 character decoded as latin-1 ("\x93" is “): restore it."""
    if "\x80" <= ch <= "\x9f":
        try:
            return Edit(at, at + 1, bytes([ord(ch)]).decode("cp1252"), "cp1252-character")
        except UnicodeDecodeError:
            pass
    return Edit(at, at + 1, "", "control")


def _collapse_spaces(doc: EditableText) -> None:
    """Runs of spaces become one; spaces around line ends and at both ends go."""
    edits = []
    for m in _SPACES.finditer(doc.text):
        edits.append(Edit(m.start(), m.end(), " " if m["inner"] else "", "whitespace"))
    doc.apply(edits)


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped line) for each non-blank line; end takes in the blank lines after."""
    found = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    for i, (start, end) in enumerate(found):
        stop = found[i + 1][0] if i + 1 < len(found) else len(text)
        yield start, stop, text[start:end].strip()


def _is_residue(line: str, data: CleaningData) -> bool:
    """A short line that is page furniture (widgets, ads, teasers), not article text."""
    if len(line) > 220:
        return False
    return bool(data.ui_line.fullmatch(line)) or any(p.fullmatch(line) for p in data.residue)


def _tidy(line: str | None) -> str | None:
    """A headline with its quotes given a direction, like the text."""
    if line is None:
        return None
    chars = list(line)
    for edit in _quote_edits(line):
        chars[edit.start] = edit.replacement
    return "".join(chars)


def _key(line: str) -> str:
    """Comparison key for headlines: case- and punctuation-insensitive."""
    return " ".join(re.sub(r"[^\w\s]", " ", line.casefold()).split())


def _same_headline(title: str, line: str) -> bool:
    """The line is the title, maybe without the " | Site Name" a page title carries."""
    a, b = sorted((_key(title), _key(line)), key=len)
    suffix = len(b) - len(a)
    return bool(a) and (a == b or (b.startswith(a + " ") and suffix <= min(40, len(a))))


def _headline_like(line: str, *, stamped: bool = False) -> bool:
    """Short, and no final stop (unless a date stamp under it shows it is a headline)."""
    return len(line) <= 250 and len(line.split()) <= 40 and (stamped or not _TERMINAL.search(line))


def _strip_headline(
    doc: EditableText, title: str | None, *, stamped: bool
) -> tuple[str | None, bool]:
    """Remove a headline that is repeated on top (or equals the reader's title).

    Returns (the top line if it looks like a headline, whether it was removed).

    Repeated lines right under it (a subtitle printed twice) go too, so that cleaning the
    cleaned text finds nothing more to remove.
    """
    lines = list(_lines(doc.text))
    if not lines or not _headline_like(lines[0][2], stamped=stamped):
        return None, False
    drop: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines) and (i == 0 or _headline_like(lines[i][2])):
        j = i + 1
        while j < len(lines) and _key(lines[j][2]) == _key(lines[i][2]):
            j += 1
        titled = i == 0 and title is not None and _same_headline(title, lines[0][2])
        if j - i == 1 and not titled:
            break
        drop.extend(lines[i:j])
        i = j
    doc.apply([Edit(s, e, "", "repeated-headline") for s, e, _ in drop])
    return lines[0][2], bool(drop)


def _strip_trailing(doc: EditableText, data: CleaningData) -> str | None:
    """Remove trailing outlet tags, stray numbers and residue; return the outlet named."""
    text, outlet, edits = doc.text, None, []
    lines = list(_lines(text))

    def content_end(index: int) -> int:
        start, stop, _ = lines[index]
        return start + len(text[start:stop].rstrip())

    # walk up from the last line (the first line always stays); each removed line goes with
    # the line break before it, so the text never ends in blank lines
    for index in range(len(lines) - 1, 0, -1):
        line = lines[index][2]
        rule = _trailing_rule(line, data)
        if rule is None:
            break
        if rule == "outlet-tag" and outlet is None:
            name = data.outlet_tag.fullmatch(line)["name"]  # type: ignore[index]
            outlet = data.outlets.get(name.casefold(), name)
        stop = len(text) if index == len(lines) - 1 else content_end(index)
        edits.append(Edit(content_end(index - 1), stop, "", rule))
    doc.apply(edits)
    return outlet


def _trailing_rule(line: str, data: CleaningData) -> str | None:
    """Which trailing rule (if any) a last line falls under."""
    if _NUMBER_LINE.fullmatch(line):
        return "stray-number"
    if len(line) <= 40 and len(line.split()) <= 5 and data.outlet_tag.fullmatch(line):
        return "outlet-tag"
    if _is_residue(line, data):
        return "web-residue"
    return None


def _normalise_paragraphs(doc: EditableText) -> None:
    """Single line breaks become paragraph breaks (or spaces in hard-wrapped text)."""
    text = doc.text
    wrapped = _looks_hard_wrapped(text)
    edits = []
    for m in re.finditer(r"\n+", text):
        if len(m.group()) >= 2:
            edits.append(Edit(m.start(), m.end(), "\n\n", "paragraph-break"))
            continue
        before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        joins = wrapped and not _TERMINAL.search(before)
        edits.append(Edit(m.start(), m.end(), " " if joins else "\n\n", "paragraph-break"))
    doc.apply(edits)


def _looks_hard_wrapped(text: str) -> bool:
    """True when most lines stop mid-sentence at a similar width (e-mail style wrapping)."""
    inner = [ln for block in text.split("\n\n") for ln in block.split("\n")[:-1] if ln.strip()]
    if len(inner) < 3:
        return False
    open_ended = sum(1 for ln in inner if not _TERMINAL.search(ln))
    widths = sorted(len(ln) for ln in inner)
    return open_ended / len(inner) >= 0.6 and widths[len(widths) // 2] >= 40


def _quote_edits(text: str) -> Iterator[Edit]:
    """Give every straight double quote a direction; fix curly quotes facing the wrong way."""
    inside = False
    for m in _QUOTE_OR_PARAGRAPH.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n\n":
            inside = False  # quotes never run across paragraphs here
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        opens, closes = prev in _OPEN_CONTEXT, nxt in _CLOSE_CONTEXT
        if ch == '"':
            is_open = opens if opens != closes else not inside
        else:
            is_open = (ch == "“") if opens == closes else opens
        inside = is_open
        wanted = "“" if is_open else "”"
        if wanted != ch and not _forms_mojibake(text, i, wanted):
            yield Edit(i, i + 1, wanted, "quote-direction")


def _forms_mojibake(text: str, i: int, char: str) -> bool:
    """True when ``char`` at ``i`` would complete a mojibake run ('Ã' + '”' reads as 'Ô')."""
    before = text[max(0, i - 3) : i]
    snippet = before + char + text[i + 1 : i + 4]
    return any(s <= len(before) < e for s, e, _ in mojibake_repairs(snippet))


def _protected(text: str, data: CleaningData) -> list[tuple[int, int]]:
    """Sorted spans never split as sentences: URLs, e-mails, domain-style names (News.Az)."""
    spans = [m.span() for m in _URL.finditer(text)]
    spans += [m.span() for m in data.domain.finditer(text)]
    return sorted(spans)


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """True when ``pos`` falls inside one of the sorted ``spans`` (nested spans are rare)."""
    i = bisect.bisect_right(starts, pos) - 1
    return any(spans[j][0] <= pos < spans[j][1] for j in range(max(0, i - 2), i + 1))


def _glue_edits(text: str, data: CleaningData) -> Iterator[Edit]:
    """A space after sentence punctuation glued to the next sentence (``said.The``)."""
    protected = _protected(text, data)
    starts = [s for s, _ in protected]
    for m in _GLUED.finditer(text):
        end = m.end()
        if not (text[m.start() - 1].islower() or text[m.start() - 1].isdigit()):
            continue
        if not (text[end].isupper() and text[end + 1].islower()):
            continue
        if _inside(protected, starts, m.start()):
            continue
        yield Edit(end, end, " ", "sentence-space")
    for m in _QUOTE_GLUE.finditer(text):
        at = m.end() if m.group() == "”" else m.start()
        yield Edit(at, at, " ", "sentence-space")


def _quote_break_edits(text: str, data: CleaningData) -> Iterator[Edit]:
    """End the sentence before a quote that opens a new one: ``media “The …,” he said``."""
    for m in _QUOTE_START.finditer(text):
        word = re.search(r"[\w'’\-]+\Z", text[max(0, m.start() - 40) : m.start()])
        if not word or not word.group()[-1].islower():
            continue
        if word.group().casefold() in data.quote_introducers:
            continue
        # the quote must close within its paragraph (and within reach: bounded work per quote)
        stop = text.find("\n", m.end(), m.end() + _QUOTE_REACH)
        stop = m.end() + _QUOTE_REACH if stop < 0 else stop
        close = text.find(_CLOSER[m["open"]], m.end(), stop)
        if close < 0:
            continue
        quoted = text[m.end() : close].rstrip()
        if m["open"] in quoted:
            continue
        comma = quoted.endswith(",") or text.startswith(",", close + 1)  # “…,” or “…”,
        if not quoted[0].isupper() or len(quoted.split()) < 4 or not comma:
            continue
        after = re.findall(r"[^\W\d_]+", text[close + 1 : close + 60])[:3]
        if any(w.casefold() in data.speech_verbs for w in after):
            yield Edit(m.start(), m.start(), ".", "sentence-break")
