"""Quotes without quotation marks: transcript turns and block quotes after a colon.

- A transcript turn: a paragraph opened by a speaker label in capitals and a colon
  ("SECRETARY BLINKEN: Thank you ...", "SECRETARIO TILLERSON: Gracias ...", "M. LE DRIAN :
  Merci ...") holds that speaker's words, and so do the paragraphs after it up to the next
  label (press conferences, briefings, interviews). Labels of the interviewer or of the page
  ("QUESTION:", "PREGUNTA:", "NOTE:") open no quote; the lexicon lists them
  (``turn_labels_skip``). The speaker is the article's actor mention whose last word is the
  label's last word ("TILLERSON" -> the "Rex Tillerson" named earlier), else the label alone.
- A post: a paragraph opened by a social-media handle and a colon ("@3arabawy: Sólo los
  idiotas ...", the way articles reproduce tweets) is that account's words, that paragraph only.
- A block quote: a paragraph ending in a speech verb and a colon ("BSyria tuitea:", "The
  ministry wrote:") introduces the next paragraph, a direct quote of that verb's subject.

Both give one quote per paragraph, with cue ":" (turns) or the verb, as the marks-based quotes
do; paragraphs already inside quotation marks are left to those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eventwire.analyze.quotes.lexicon import CueLexicon
from eventwire.analyze.quotes.speaker import Parsed, Speaker, cue_of, resolve_speaker, subject_of

_UPPER = "A-ZÁÉÍÓÚÑÜÇÀÂÈÊËÎÏÔÛ"
# one to six words in capitals (initials and "M." allowed), then a colon and the words
LABEL = re.compile(rf"[ \t]*((?:[{_UPPER}][{_UPPER}'’.\-]*[ \t]?){{1,6}}?)[ \t]?:[ \t]+(?=\S)")


# "@handle:" opening a paragraph (an account's post); RT/MT before the handle allowed
HANDLE = re.compile(r"[ \t]*(?:(?:RT|MT)[ \t]+)?(@\w{1,30})[ \t]?:[ \t]+(?=\S)")

BLOCK_CUE_WINDOW = 8  # tokens before the colon where a block quote's speech verb may stand


@dataclass
class Piece:
    """One paragraph (or its part after the label) of words said, and who said them."""

    start: int
    end: int
    speaker: Speaker | None
    cue: str
    cue_start: int
    cue_end: int


def _label_speaker(label: str, start: int, actors: Any) -> Speaker:
    last = label.replace(".", " ").split()[-1].lower()
    for mention in getattr(actors, "mentions", []):
        words = mention.text.replace(".", " ").split()
        if mention.actor is not None and words and words[-1].lower() == last:
            return Speaker(label, start, start + len(label), mention.actor)
    return Speaker(label, start, start + len(label), None)


def _turns(p: Parsed, lex: CueLexicon, actors: Any, taken: list[tuple[int, int]],
           paragraphs: list[tuple[int, int]]) -> list[Piece]:
    out: list[Piece] = []
    current: tuple[Speaker, int, int] | None = None  # speaker, colon offsets
    for start, end in paragraphs:
        post = HANDLE.match(p.text, start, end)
        if post:  # an account's post: its words, this paragraph only
            current = None
            if not any(a < end and post.end() < b for a, b in taken):
                handle, colon = post.group(1), p.text.index(":", post.end(1), end)
                speaker = Speaker(handle, post.start(1), post.end(1), None)
                out.append(Piece(post.end(), end, speaker, ":", colon, colon + 1))
            continue
        match = LABEL.match(p.text, start, end)
        label = match.group(1).strip() if match else ""
        if match and len(label.replace(" ", "")) >= 2:  # (LABEL starts with a capital letter)
            colon = p.text.index(":", match.start(1) + len(match.group(1)), end)
            if label.upper() in lex.turn_labels_skip:
                current = None
                continue
            current = (_label_speaker(label, match.start(1), actors), colon, colon + 1)
            start = match.end()
        elif current is None:
            continue
        if any(a < end and start < b for a, b in taken) or end - start < 2:
            continue
        speaker, c0, c1 = current
        out.append(Piece(start, end, speaker, ":", c0, c1))
    return out


def _block_quotes(p: Parsed, lex: CueLexicon, actors: Any, taken: list[tuple[int, int]],
                  paragraphs: list[tuple[int, int]]) -> list[Piece]:
    out: list[Piece] = []
    for (start, end), (nxt, nxt_end) in zip(paragraphs, paragraphs[1:], strict=False):
        if not p.text[start:end].rstrip().endswith(":") or LABEL.match(p.text, nxt, nxt_end):
            continue
        if any(a < nxt_end and nxt < b for a, b in taken):
            continue
        span = p.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        # the speech verb close before the colon ("BSyria tuitea:", "the ministry wrote in a
        # statement:"), in this line's words only (a parse may run on into the next line)
        words = [t for t in list(span.sents)[-1] if start <= t.idx < end][-BLOCK_CUE_WINDOW:]
        verb = next((t for t in reversed(words) if cue_of(t, lex) is not None), None)
        head = subject_of(verb, p, lex=lex) if verb is not None else None
        if head is None:
            continue
        speaker = resolve_speaker(head, actors, lex, p)
        out.append(Piece(nxt, nxt_end, speaker, verb.lemma_, verb.idx, verb.idx + len(verb)))
    return out


def find_unmarked(p: Parsed, lex: CueLexicon, actors: Any,
                  taken: list[tuple[int, int]]) -> list[Piece]:
    """Transcript turns and block quotes of an article, line by line, outside the `taken`
    regions (quotes already found in quotation marks)."""
    paragraphs = [m.span() for m in re.finditer(r"[^\n]+", p.text) if m.group().strip()]
    turns = _turns(p, lex, actors, taken, paragraphs)
    done = taken + [(t.start, t.end) for t in turns]
    return sorted(turns + _block_quotes(p, lex, actors, done, paragraphs),
                  key=lambda piece: piece.start)
