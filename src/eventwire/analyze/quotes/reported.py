"""Reported speech: "X said (that) ...", "..., dijo X.", "selon X, ...", "X stressed the need".

The quote is the reported clause: the complement of a speech verb (its `ccomp`, or its object
for verbs such as "stress" / "subrayar" / "souligner" that take what was said as an object),
the clause before a postposed cue ("La situation est grave, a déclaré le ministre"), or the rest
of the sentence around an "according to X" phrase. Clauses already inside quotation marks are
left to the direct-quote finder.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.analyze.quotes.lexicon import CueLexicon, CueVerb
from eventwire.analyze.quotes.speaker import (
    NOMINAL,
    RELATIVE,
    SUBJECT_DEPS,
    Parsed,
    cue_extent,
    cue_of,
    impersonal,
    subject_of,
)

CLAUSE_DEPS = frozenset({"ccomp"})
OBJECT_DEPS = frozenset({"dobj", "obj", "xcomp"})
LEFT_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "parataxis", "csubj", "xcomp", "dep"})
EXTEND_DEPS = frozenset({"obl", "obl:arg", "obl:mod", "nmod", "prep"})
# a cue that hangs after its clause: "..., a déclaré le ministre" parsed as parataxis of it
POSTPOSED_DEPS = frozenset({"parataxis", "advcl", "conj", "dep"})
LEADING = frozenset({"that", "que", "qu'", "qu’", "si", "if", "whether", ":", ",", "—", "–"})
NP_STOP = frozenset({"PUNCT", "VERB", "AUX", "SCONJ", "CCONJ"})
_COMMAS = frozenset({",", "—", "–"})
_EDGE = " \t\n,;:—–-\"“”«»‘’'"


@dataclass
class Reported:
    """A reported clause with its cue and the token naming the speaker (None if dropped)."""

    start: int
    end: int
    cue: str
    cue_start: int
    cue_end: int
    speaker: Token | None
    speaker_extent: tuple[int, int] | None = None  # "according to X": the words of X


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, punctuation and quotation marks from both ends of a clause span."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and (text[end - 1] in _EDGE or text[end - 1] in ".!?…"):
        end -= 1
    return start, end


def _balance(text: str, start: int, end: int) -> int:
    """Keep the closing mark of a quotation that the clause opens: `avanzan "en todos"`."""
    straight = text.count('"', start, end)
    opened = sum(text.count(c, start, end) for c in "“«") > sum(
        text.count(c, start, end) for c in "”»")
    if (straight % 2 or opened) and end < len(text) and text[end] in '"”»':
        return end + 1
    return end


def _skip_marks(doc: Doc, start: int, end: int) -> int:
    """Move `start` past a complementiser: "that", "que", "qu'", "si" tagged as a mark."""
    for tok in doc.char_span(start, end, alignment_mode="expand") or []:
        if not (tok.lower_ in LEADING and (tok.dep_ == "mark" or tok.pos_ == "SCONJ")):
            return max(start, tok.idx)
        start = tok.idx + len(tok)
    return start


def _is_clause(tok: Token) -> bool:
    """An xcomp that is really a finite clause: it has a subject or a "que"/"that" mark."""
    return any(c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" and c.lower_ in LEADING
               for c in tok.children)


def _content_tokens(verb: Token, entry: CueVerb) -> list[Token]:
    """The children of the cue that carry what was said."""
    kids = [c for c in verb.children
            if c.dep_ in CLAUSE_DEPS or c.dep_ == "xcomp" and _is_clause(c)
            or entry.object and c.dep_ in OBJECT_DEPS and c.i > verb.i]
    if not kids:  # postposed: "La situation est grave, a estimé le chef de l'ONU"
        kids = [c for c in verb.lefts if c.dep_ in LEFT_CLAUSE_DEPS and _before_comma(c, verb)]
    return kids


def _before_comma(clause: Token, verb: Token) -> bool:
    """True when a comma follows `clause` and only auxiliaries/clitics separate it from the cue."""
    comma = clause.right_edge.i + 1
    return comma < verb.i and verb.doc[comma].text in {",", "—", "–"} and verb.i - comma <= 4


def _postposed_clause(verb: Token, p: Parsed) -> tuple[int, int] | None:
    """The clause before a cue parsed as hanging from it: "X est grave, a déclaré Y"."""
    head = verb.head
    if verb.dep_ not in POSTPOSED_DEPS or head.i >= verb.i:
        return None
    doc = verb.doc
    if not _nothing_said_after(verb, p):
        return None  # "..., saying “Stop me...”": the content follows the cue
    edge = verb.left_edge.i
    comma = edge if doc[edge].text in _COMMAS else edge - 1
    if comma <= head.left_edge.i or doc[comma].text not in _COMMAS or verb.i - comma > 4:
        return None
    return p.sent(verb).start_char, doc[comma].idx


def _nothing_said_after(verb: Token, p: Parsed) -> bool:
    """True when only the speaker and adjuncts follow the cue (no clause, no quotation)."""
    after = verb.doc[verb.i + 1 : p.sent(verb).end]
    if len(after) > 10 or any(t.text in "\"“«‘" for t in after):
        return False
    return not any(t.pos_ == "VERB" for t in after)


def _clause_span(verb: Token, entry: CueVerb, p: Parsed,
                 ) -> tuple[tuple[int, int], bool] | None:
    """Offsets of what was said and whether it comes before the cue."""
    kids = _content_tokens(verb, entry)
    if kids:
        left = min(k.left_edge.i for k in kids)
        right = max(k.right_edge.i for k in kids)
        for child in verb.rights:  # "souligné l'importance | du dialogue" parsed apart
            if right > verb.i and child.left_edge.i == right + 1 and child.dep_ in EXTEND_DEPS:
                right = child.right_edge.i
        doc = verb.doc
        return (doc[left].idx, doc[right].idx + len(doc[right])), right < verb.i
    span = _postposed_clause(verb, p)
    return (span, True) if span else None


def _covered(p: Parsed, start: int, end: int) -> bool:
    """True when most of [start, end) lies inside quotation marks."""
    inside = sum(1 for k in range(start, end, 4) if p.contains(k))
    return inside * 4 >= (end - start) / 2


def _from_verb(verb: Token, lex: CueLexicon, p: Parsed) -> Reported | None:
    """A reported clause governed by a speech verb, if it has one."""
    entry = cue_of(verb, lex)
    if entry is None or p.token(verb):
        return None
    found = _clause_span(verb, entry, p)
    if found is None:
        return None
    (start, end), before = found
    start, end = _trim(p.text, start, end)
    start, end = _trim(p.text, _skip_marks(verb.doc, start, end), end)
    end = _balance(p.text, start, end)
    if end - start < 8 or _covered(p, start, end):
        return None
    if impersonal(verb):
        return None  # "it was announced that ...", "on estime que": no speaker to report
    speaker = subject_of(verb, p, inverted=before, lex=lex)
    if speaker is not None and start <= speaker.idx < end:
        speaker = None  # a subject inside the clause is the clause's own subject
    c_start, c_end = cue_extent(verb, entry)
    return Reported(start, end, p.text[c_start:c_end], c_start, c_end, speaker)


def source_head(p: Parsed, end_char: int) -> tuple[Token | None, tuple[int, int]]:
    """The noun-phrase head after an attribution phrase and the noun phrase's offsets
    (taken from the words, not the parse, which often attaches "selon X" anywhere)."""
    first = bisect_left(p.starts, end_char)
    phrase: list[Token] = []
    for tok in p.doc[first : first + 12]:
        if tok.pos_ in NP_STOP and not (tok.pos_ == "PUNCT" and tok.text in "-'’"):
            break
        if phrase and tok.lower_ in RELATIVE:  # "la defensa de X | en que ..."
            break
        phrase.append(tok)
    while phrase and phrase[-1].pos_ in {"ADP", "DET", "PUNCT"}:
        phrase.pop()  # "la defensa de X | en" que ...
    nominals = [t for t in phrase if t.pos_ in NOMINAL]
    if not nominals:
        return None, (end_char, end_char)
    ids = {t.i for t in phrase}
    head = next((t for t in nominals if t.head.i not in ids), nominals[0])
    return head, (phrase[0].idx, phrase[-1].idx + len(phrase[-1]))


def _from_source(sent: Span, match: re.Match[str], p: Parsed) -> Reported | None:
    """The rest of the sentence around "according to X" / "según X" / "selon X"."""
    text = p.text
    p_start, p_end = sent.start_char + match.start(), sent.start_char + match.end()
    head, (np_start, np_end) = source_head(p, p_end)
    if head is None or p.contains(p_start):
        return None
    before = text[sent.start_char : p_start].rstrip()
    if before.endswith(",") or before.endswith("(") and len(before) > 8:
        start, end = sent.start_char, p_start  # "..., according to X."
    elif not before.strip(_EDGE) and text[np_end : np_end + 1] in _COMMAS:
        start, end = np_end, sent.end_char  # "According to X, ..."
    else:
        return None
    start, end = _trim(text, start, end)
    if end - start < 8 or _covered(p, start, end):
        return None
    return Reported(start, end, text[p_start:p_end], p_start, p_end, head, (np_start, np_end))


def find_reported(p: Parsed, lex: CueLexicon) -> list[Reported]:
    """Every reported-speech clause of the document, in text order."""
    found = [r for tok in p.doc if (r := _from_verb(tok, lex, p)) is not None]
    for sent in p.sents:
        for match in lex.sources.finditer(sent.text):
            found += [r for r in [_from_source(sent, match, p)] if r is not None]
    return sorted(found, key=lambda r: (r.start, r.end))
