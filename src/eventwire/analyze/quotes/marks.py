"""Quotation marks: find the quoted stretches of a text, character by character.

Handles straight "..." (opening or closing told apart by the characters around them),
British straight '...' (closing only after the quote's own punctuation: 'We will,' he said),
typographic “...” and „...“, guillemets « ... » (with French inner spaces) and ‹ ... ›, single
‘...’ (a ’ between letters is an apostrophe, not a closing mark), quotes over several
sentences, and quotes that run over paragraphs the newspaper way (no closing mark at the end
of a paragraph, an opening mark at the start of the next). A mark that never closes inside its
paragraph is ignored, so one stray mark cannot swallow the rest of an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> closing marks
PAIRS = {"“": "”", "„": "“”", "«": "»", "‹": "›", "‘": "’", '"': '"', "'": "'"}
CLOSERS = frozenset("”»›’\"")
# marks that open a paragraph continuing a quote (French presses also use » for this)
RUN_ON = {"«": "«»", "“": "“", '"': '"', "‘": "‘", "'": "'"}
_MARK = re.compile(r"[\"'“”„«»‹›‘’]")
_SPACE = " \t\u00a0\u202f\u2009"
_BEFORE_OPENER = "([{—–-:/"  # a straight " right after these opens a quote
_AFTER_CLOSER = ",.;:!?)]}—–…"
_PARAGRAPH_END = ".!?…:\"”»›’"
_TRAILING = _SPACE + ",;"  # the comma before a closing mark belongs to the attribution


@dataclass(frozen=True)
class Quoted:
    """One quoted stretch: its marks and the quoted words inside them."""

    open: int  # offset of the opening mark
    close: int  # offset just after the closing mark (the paragraph end if it runs on)
    start: int  # the quoted words: [start, end)
    end: int
    closed: bool = True  # False when the quote runs on into the next paragraph
    chain: int = 0  # shared by the paragraph pieces of one quote


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: split at blank lines and at line ends after a finished sentence."""
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        before = text[start : match.start()].rstrip(_SPACE)
        if not before or before[-1] in _PARAGRAPH_END or text[match.end() :].startswith("\n"):
            if before:
                spans.append((start, match.start()))
            start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _straight_role(text: str, i: int) -> str:
    """'open', 'close' or 'either' for a straight double quote at `i`."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace() or nxt in _AFTER_CLOSER:
        return "close" if not prev.isspace() else "either"
    if prev.isspace() or prev in _BEFORE_OPENER:
        return "open"
    return "either"  # glued on both sides: `Muslims."Pezeshkian` or `."Praising`


def _single_role(text: str, i: int) -> str | None:
    """'open', 'close' or None (an apostrophe) for a straight single quote, the British way:
    'We will win,' he said. A closing one follows the quote's own punctuation."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if (prev.isspace() or prev in _BEFORE_OPENER) and nxt.isalpha():
        return "open"
    if prev in ",.!?…" and (nxt.isspace() or nxt in _AFTER_CLOSER):
        return "close"
    return None


def _is_apostrophe(text: str, i: int) -> bool:
    """A ’ or ‘ inside a word (don’t, l’Iran, ‘90s) is not a quotation mark."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if text[i] == "’":
        return prev.isalnum() and nxt.isalnum()
    return not (prev.isspace() or prev in _BEFORE_OPENER) or nxt.isspace() or nxt.isdigit()


def _scan(text: str, start: int, end: int, reopen: str | None = None,
          ) -> tuple[list[tuple[int, int]], tuple[int, str] | None]:
    """Closed (open, close) pairs in [start, end) and the mark left open at the end, if any.
    `reopen`: the mark of a quote the paragraph continues (its first character reopens it)."""
    pairs: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = (start, reopen) if reopen else None  # (offset, mark)
    depth = 1 if reopen else 0
    for m in _MARK.finditer(text, start + (1 if reopen else 0), end):
        i, ch = m.start(), m.group()
        if ch in "‘’" and _is_apostrophe(text, i):
            continue
        if ch == "'":
            role = _single_role(text, i)
            if opened is None and role == "open":
                opened, depth = (i, ch), 1
            elif opened is not None and opened[1] == "'" and role == "close":
                pairs.append((opened[0], i + 1))
                opened = None
            continue
        if opened is None:
            if ch == '"' and _straight_role(text, i) == "close":
                continue  # a stray closing mark (sample 004's first paragraph)
            if ch in PAIRS:
                opened, depth = (i, ch), 1
            continue
        mark = opened[1]
        if mark == '"':
            if ch != '"':
                continue
            if _straight_role(text, i) == "open":  # the previous one never closed
                opened = (i, ch)
            else:
                pairs.append((opened[0], i + 1))
                opened = None
        elif ch == mark and ch != "‘":
            depth += 1
        elif ch in PAIRS[mark]:
            depth -= 1
            if depth == 0:
                pairs.append((opened[0], i + 1))
                opened = None
    return pairs, opened


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces (and a trailing comma) from the quoted words."""
    while start < end and text[start] in _SPACE + "\n":
        start += 1
    while end > start and text[end - 1] in _TRAILING + "\n":
        end -= 1
    return start, end


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted stretch of `text`, in order; run-on paragraph pieces share a `chain`.

    >>> [text[q.start:q.end] for text in ['He said: « Non merci ».'] for q in find_quoted(text)]
    ['Non merci']
    """
    found: list[Quoted] = []
    paras = paragraphs(text)
    carry: int | None = None  # chain of a quote running on from the previous paragraph
    carried_mark: str | None = None
    for n, (p_start, p_end) in enumerate(paras):
        pos, runs_on, mark_on = p_start, None, None
        while True:
            reopen = carried_mark if carry is not None and pos == p_start else None
            pairs, left_open = _scan(text, pos, p_end, reopen)
            for o, c in pairs:
                chain = carry if carry is not None and o == p_start else len(found)
                found.append(_quoted(text, o, c, True, chain))
            if left_open is None:
                break
            o, mark = left_open
            if n + 1 < len(paras) and text[paras[n + 1][0]] in RUN_ON.get(mark, mark):
                # the newspaper way: no closing mark, the next paragraph reopens
                chain = carry if carry is not None and o == p_start else len(found)
                found.append(_quoted(text, o, p_end, False, chain))
                runs_on, mark_on = chain, mark
                break
            pos = o + 1  # a stray opening mark: ignore it and scan on
        carry, carried_mark = runs_on, mark_on
    return found


def _quoted(text: str, o: int, c: int, closed: bool, chain: int) -> Quoted:
    """Build a Quoted from its mark offsets."""
    start, end = _inner(text, o + 1, c - 1 if closed else c)
    return Quoted(o, c, start, end, closed, chain)
