"""Quotes: who said what, direct (in quotation marks) and reported, in en/es/fr.

    >>> quotes = extract_quotes(doc, actors, "en")       # doc parsed by analyze.nlp.get_nlp
    >>> quotes[0].text, quotes[0].speaker.name, quotes[0].cue

Decisions (documented here because other stages rely on them):
- A quote split by its attribution (“A,” he said, “B.” / “A —dijo X—, B”) gives TWO quotes
  with the same speaker and cue: every quote's offsets cover quoted words only.
- A quote running over paragraphs the newspaper way gives one quote per paragraph piece, all
  with the speaker found on any piece.
- A quote with no cue of its own (a quote standing alone as a sentence, a cue with a dropped
  subject: “...”, enfatizó., or a French clitic the actor layer leaves open: a-t-elle ajouté)
  takes the speaker of the previous attributed quote in the same paragraph, else the subject
  of one of the two previous sentences, else the previous paragraph's last speaker; its
  `speaker_start/end` then point at that earlier mention. Impersonal statements ("it was
  announced that", "se informó que") get no speaker and no guess.
- Media are never their country: "Iranian media", "Turkish sources", "state television" keep
  `speaker_text`, and `speaker` is either None or a MED-sector actor (CAMEO style: IRNMED for
  "Iranian media", or a named outlet the KB knows) — never IRN / IRNGOV. Outlet verbs
  ("News.az reports citing ...", "IRNA quoted X as saying") are not cues; in the latter X is
  the speaker.
- A speaker with no speech verb ("Le ministre : « … »", "Pezeshkian: "…"") has cue ":" and is
  kept only when it is a name or an actor mention.
- Short quotes (fewer than `min_words` words, e.g. scare quotes) are kept only with a cue next
  to them; quotes with no cue at all must hold a verb (titles and names in marks are not
  quotes).
- Reported speech (`direct=False`) is the reported clause (without "that"/"que"); clauses
  already in quotation marks are direct quotes, not reported ones.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from eventwire.analyze.quotes.lexicon import CueLexicon, load_cues
from eventwire.analyze.quotes.marks import Quoted, find_quoted
from eventwire.analyze.quotes.reported import find_reported, source_head
from eventwire.analyze.quotes.speaker import (
    Parsed,
    Speaker,
    cue_extent,
    cue_of,
    impersonal,
    postposed_cue,
    resolve_speaker,
    subject_of,
)
from eventwire.analyze.quotes.turns import find_unmarked
from eventwire.models import Quote

VERSION = "3"
FRAME_TOKENS = 40  # how far from a quote its attribution may be, in tokens
POSTPOSED_WINDOW = 8  # "…,” said Iranian Foreign Minister Abbas Araghchi" fits
PREPOSED_WINDOW = 14
_SENTENCE_END = frozenset({".", "!", "?", "…"})
_ASIDE = re.compile(r"(?<=\s)[—–]\s?([^—–\n\"“”«»]{3,80}?)\s?[—–](?=[\s,.;:])")
# the words of a noun phrase that hang from its head ("ministre | des Affaires étrangères")
NP_INNER_DEPS = frozenset({"amod", "nmod", "flat", "flat:name", "compound", "fixed", "pobj",
                           "prep", "case", "det", "nummod", "appos"})


@dataclass
class _Draft:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    direct: bool
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    head: Token | None = None  # the token naming the speaker
    needs_context: bool = False  # no subject of its own: take the previous speaker
    chain: int | None = None
    weak: bool = False  # a speaker without a speech verb: kept only if named or resolved
    extent: tuple[int, int] | None = None  # the speaker's words when not its parse subtree
    speaker: Speaker | None = None  # known already (a transcript turn's label)


def _frame(p: Parsed, offset: int, step: int) -> list[Token]:
    """Tokens of the sentence around a quote up to `offset`, nearest first, stopping at
    another quote, a sentence end or a line break."""
    doc = p.doc
    i = bisect_right(p.starts, offset - 1) - (1 if step < 0 else 0)
    if step > 0 and 0 < i <= len(doc) and doc[i - 1].idx + len(doc[i - 1]) > offset:
        i -= 1  # a token glued to the closing mark: `"Pezeshkian`
    out: list[Token] = []
    while 0 <= i < len(doc) and len(out) < FRAME_TOKENS:
        tok = doc[i]
        if p.token(tok) or "\n" in tok.text or tok.text in _SENTENCE_END:
            break
        if step > 0 and out and "\n" in p.text[out[-1].idx : tok.idx]:
            break
        out.append(tok)
        i += step
    return out


def _ends_sentence(text: str, q: Quoted) -> bool:
    """True when the quote closes its sentence: “… countries.” Pezeshkian said this …"""
    inner = text[q.open + 1 : q.close - 1].rstrip(" \u00a0\u202f")
    after = text[q.close :].lstrip(" \u00a0\u202f")
    return inner[-1:] in {".", "!", "?", "…"} and not after[:1].islower()


def _postposed_shape(text: str, q: Quoted) -> bool:
    """True when the words after the closing mark can be an attribution (”, he said)."""
    inner = text[q.open + 1 : q.close - 1].rstrip()
    after = text[q.close :].lstrip(" \u00a0\u202f")
    if inner[-1:] in {",", "—", "–"} or after[:1] in {",", "—", "–"}:
        return True
    return bool(after[:1].isalpha() and after[:1].islower())


def _pick_cue(p: Parsed, q: Quoted, lex: CueLexicon, before: list[Token],
              after: list[Token]) -> tuple[Token | None, bool, bool]:
    """The cue verb of a direct quote, whether it follows the quote, and whether it is
    right next to it (rather than somewhere in the sentence)."""
    first = p.doc.char_span(q.start, q.end, alignment_mode="expand")
    anchor = first[0].i if first is not None and len(first) else None
    post = [t for t in after[:POSTPOSED_WINDOW] if cue_of(t, lex)] if _postposed_shape(
        p.text, q) else []
    slot = [t for t in after[:2] if t.is_alpha][:1]  # "», ajoute Hassan": the first word
    if not post and slot and _postposed_shape(p.text, q) and postposed_cue(slot[0], lex):
        post = slot
    pre = [t for t in before[:PREPOSED_WINDOW] if cue_of(t, lex)]
    frame_cues = [t for t in before + after if cue_of(t, lex)]

    def deepest_holding(pool: list[Token]) -> Token | None:
        held = [t for t in pool if anchor is not None and t.left_edge.i <= anchor <= t.right_edge.i]
        return min(held, key=lambda t: t.right_edge.i - t.left_edge.i) if held else None

    window = post[:1] + pre[:1]
    cue = deepest_holding(window) or (window[0] if window else None)
    near = cue is not None
    cue = cue or deepest_holding(frame_cues)
    return cue, cue is not None and cue.idx >= q.close, near


def _named_apposition(head: Token | None) -> Token | None:
    """A common noun named in apposition is that person: "un jeune manifestant, Abdel Nasser",
    "a student, Ahmed Ali," -> the name."""
    if head is None or head.pos_ != "NOUN":
        return head
    named = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    return named[0] if named else head


def _name_after(cue: Token, p: Parsed) -> Token | None:
    """The noun or name right after a postposed cue ("», ajoute Hassan, un étudiant")."""
    nxt = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if nxt is None or p.token(nxt) or nxt.pos_ not in {"PROPN", "NOUN"}:
        return None
    return nxt


def _source_in(p: Parsed, tokens: list[Token], lex: CueLexicon) -> _Draft | None:
    """An "according to X" / "selon X" phrase in a quote's frame."""
    if not tokens:
        return None
    lo = min(t.idx for t in tokens)
    hi = max(t.idx + len(t) for t in tokens)
    match = lex.sources.search(p.text, lo, hi)
    if match is None:
        return None
    head, extent = source_head(p, match.end())
    if head is None:
        return None
    return _Draft(0, 0, True, match.group(), match.start(), match.end(), head, extent=extent)


def _colon_speaker(q: Quoted, before: list[Token]) -> _Draft | None:
    """A name or title right before a colon: “Le ministre : « … »”, “Pezeshkian: "…"”."""
    if len(before) < 2 or before[1].pos_ not in {"NOUN", "PROPN", "ADJ"}:
        return None
    frame = {t.i for t in before}
    tok = before[1]
    while tok.dep_ in NP_INNER_DEPS and tok.head.i in frame and tok.head.i < tok.i:
        tok = tok.head
    colon = before[0]
    return _Draft(q.start, q.end, True, ":", colon.idx, colon.idx + 1, tok, chain=q.chain,
                  weak=True)


def _governor(q: Quoted, p: Parsed) -> Token | None:
    """The verb outside the marks that an embedded quote depends on ("described it as “…”")."""
    span = p.doc.char_span(q.start, q.end, alignment_mode="expand")
    tok = span.root if span is not None and len(span) else None
    for _ in range(6):
        if tok is None or tok.head.i == tok.i:
            return None
        tok = tok.head
        if not p.token(tok) and tok.pos_ in {"VERB", "AUX"}:
            return tok
    return None


def _attribute(q: Quoted, lex: CueLexicon, p: Parsed) -> _Draft | None:
    """Cue and speaker token of one direct quote, or None for a scare quote."""
    text = p.text
    words = len(re.findall(r"\w+", text[q.start : q.end]))
    if words == 0 or text[q.start] in ",;:)]}?!":
        return None  # not words someone said: inch marks, a mark misread as opening
    before = _frame(p, q.open, -1)
    after = _frame(p, q.close, 1) if not _ends_sentence(text, q) else []
    cue, follows, near = _pick_cue(p, q, lex, before, after)
    source = None if cue else _source_in(p, after, lex) or _source_in(p, before, lex)
    if words < 2 or words < lex.min_words and not near and source is None:
        return None  # a word or two in quotation marks is a name or a scare quote
    draft = _Draft(q.start, q.end, True, chain=q.chain)
    if cue is not None:
        entry = cue_of(cue, lex) or postposed_cue(cue, lex)
        draft.cue_start, draft.cue_end = cue_extent(cue, entry)  # type: ignore[arg-type]
        draft.cue = text[draft.cue_start : draft.cue_end]
        if not impersonal(cue):  # "« … », dit-on": said, but by nobody in particular
            draft.head = subject_of(cue, p, inverted=follows, lex=lex)
            if draft.head is None and follows and cue_of(cue, lex) is None:
                draft.head = _name_after(cue, p)  # mis-tagged cue: its subject is mis-parsed too
            draft.head = _named_apposition(draft.head)
            draft.needs_context = draft.head is None
        return draft
    if source is not None:
        source.start, source.end, source.chain = q.start, q.end, q.chain
        return source
    if before and before[0].text == ":" and (colon := _colon_speaker(q, before)) is not None:
        return colon
    if not any(t.is_alpha for t in before + after):
        draft.needs_context = True  # a quote standing alone: the speaker is in the context
        return draft
    span = p.doc.char_span(q.start, q.end, alignment_mode="expand")
    if words < lex.min_words or not any(t.pos_ in {"VERB", "AUX"} for t in span or []):
        return None  # a scare quote, a name or a title: no cue and no verb
    verb = _governor(q, p)
    if verb is not None:
        draft.cue, draft.cue_start, draft.cue_end = verb.text, verb.idx, verb.idx + len(verb)
        draft.head = subject_of(verb, p, lex=lex)
    return draft


def _split_asides(p: Parsed, marks: list[Quoted], lex: CueLexicon) -> list[Quoted]:
    """Split a quote around an attribution set off by dashes inside its marks, the Spanish
    way: “Vamos a ganar —dijo el ministro—, no hay duda” gives two pieces of one chain."""
    out: list[Quoted] = []
    text, doc = p.text, p.doc
    for q in marks:
        aside = _ASIDE.search(text, q.start, q.end)
        span = aside and doc.char_span(aside.start(1), aside.end(1), alignment_mode="expand")
        if aside is None or not span or not any(cue_of(t, lex) for t in span):
            out.append(q)
            continue
        first_end = aside.start()
        while first_end > q.start and text[first_end - 1] in " ,":
            first_end -= 1
        second = aside.end()
        while second < q.end and text[second] in " ,;":
            second += 1
        out.append(Quoted(q.open, aside.start() + 1, q.start, first_end, True, q.chain))
        out.append(Quoted(aside.end() - 1, q.close, second, q.end, q.closed, q.chain))
    return out


def _share_chains(drafts: list[_Draft]) -> None:
    """Pieces of one run-on quote share the cue and speaker found on any piece."""
    for draft in drafts:
        if draft.head is not None or draft.cue is not None:
            continue
        donor = next((d for d in drafts if d.chain == draft.chain and d.cue is not None), None)
        if donor is not None:
            draft.cue, draft.cue_start, draft.cue_end = donor.cue, donor.cue_start, donor.cue_end
            draft.head, draft.needs_context = donor.head, donor.needs_context


def _named(p: Parsed, speaker: Speaker, actors: Any) -> bool:
    """True when the speaker's words hold a proper noun or an actor mention (a title)."""
    span = p.doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    if any(t.pos_ == "PROPN" for t in span or []):
        return True
    mentions = getattr(actors, "mentions", None) or []
    return any(m.start < speaker.end and speaker.start < m.end for m in mentions)


def _previous_subject(offset: int, p: Parsed, actors: Any,
                      lex: CueLexicon, *, named_only: bool = True) -> Speaker | None:
    """The subject of one of the two sentences before `offset` (a dropped subject continues
    it): with `named_only`, only a proper noun or a phrase the actor layer resolves."""
    para_start = p.paragraph_starts[max(p.paragraph(offset), 0)] if p.paragraph_starts else 0
    sents = [s for s in p.sents if para_start <= s.start_char and s.end_char <= offset]
    for sent in reversed(sents[-2:]):
        head = subject_of(sent.root, p, lex=lex)
        if head is None or head.pos_ == "PRON" and actors is None:
            continue
        speaker = resolve_speaker(head, actors, lex, p)
        named = _named(p, speaker, actors)
        if speaker.actor is not None or named or not named_only and head.pos_ == "NOUN":
            return speaker
    return None


def _next_speaker(d: _Draft, p: Parsed, actors: Any, lex: CueLexicon) -> Speaker | None:
    """The speaker named right after a quote standing alone: “…” Pezeshkian said this on
    Monday. / « … » C'est ce qu'a affirmé le ministre. The draft takes that cue."""
    sent = next((s for s in p.sents if s.start_char >= d.end), None)
    if sent is None or p.paragraph(sent.start_char) - p.paragraph(d.start) > 1:
        return None
    for tok in sent:
        if p.token(tok) or not cue_of(tok, lex):
            continue
        if any(c.dep_ in {"ccomp", "xcomp"} for c in tok.children):
            return None  # the cue reports something else
        head = subject_of(tok, p, inverted=True, lex=lex)
        if head is None:
            return None
        d.cue_start, d.cue_end = cue_extent(tok, cue_of(tok, lex))  # type: ignore[arg-type]
        d.cue = p.text[d.cue_start : d.cue_end]
        return resolve_speaker(head, actors, lex, p)
    return None


def _context_speaker(d: _Draft, last: tuple[Speaker, int] | None, para: int,
                     p: Parsed, actors: Any, lex: CueLexicon, *,
                     named_only: bool = True) -> Speaker | None:
    """The speaker of a quote with no subject of its own, taken from what comes before."""
    if last is not None and last[1] == para:
        return last[0]
    following = _next_speaker(d, p, actors, lex) if d.cue is None else None
    if following is not None:
        return following
    previous = _previous_subject(d.start, p, actors, lex, named_only=named_only)
    if previous is not None:
        return previous
    if last is not None and para - last[1] == 1:
        return last[0]
    return None


def _speaker_of(d: _Draft, last: tuple[Speaker, int] | None, para: int,
                p: Parsed, actors: Any, lex: CueLexicon) -> Speaker | None:
    """The speaker of one draft: its own subject, else the one the context gives."""
    if d.speaker is not None:
        return d.speaker
    if d.head is None:
        if not d.needs_context:
            return None
        return _context_speaker(d, last, para, p, actors, lex)
    speaker = resolve_speaker(d.head, actors, lex, p, d.extent)
    if d.weak and speaker.actor is None and not _named(p, speaker, actors):
        return None
    if speaker.actor is None and d.head.text.startswith("-"):  # "a-t-elle ajouté"
        # a clitic pronoun certainly stands for someone: any earlier subject will do
        return _context_speaker(d, last, para, p, actors, lex,
                                named_only=False) or speaker
    return speaker


def _finish(drafts: list[_Draft], actors: Any, lex: CueLexicon, p: Parsed) -> list[Quote]:
    """Resolve speakers (carrying them over where the subject is implicit) into Quotes."""
    last: tuple[Speaker, int] | None = None  # last speaker and its paragraph
    out: list[Quote] = []
    for d in drafts:
        para = p.paragraph(d.start)
        speaker = _speaker_of(d, last, para, p, actors, lex)
        if speaker is not None:
            last = (speaker, para)
        out.append(Quote(
            text=p.text[d.start : d.end], start=d.start, end=d.end, direct=d.direct,
            speaker=speaker.actor if speaker else None,
            speaker_text=speaker.text if speaker else None,
            speaker_start=speaker.start if speaker else None,
            speaker_end=speaker.end if speaker else None,
            cue=d.cue, cue_start=d.cue_start, cue_end=d.cue_end, language=lex.language))
    return out


def extract_quotes(doc: Doc, actors: Any, lang: str) -> list[Quote]:
    """Direct and reported quotes of a parsed article, with speakers, cues and offsets.

    `actors` is the article's `ArticleActors` (see analyze.actors.resolve); speakers are
    resolved through its `for_token` / `for_span`.
    """
    lex = load_cues(lang)
    p = Parsed(doc)
    marks = _split_asides(p, find_quoted(p.text), lex)
    p.quote_regions((q.open, q.close) for q in marks)
    drafts = [d for q in marks if (d := _attribute(q, lex, p)) is not None]
    _share_chains(drafts)
    for piece in find_unmarked(p, lex, actors, [(q.open, q.close) for q in marks]):
        drafts.append(_Draft(piece.start, piece.end, True, piece.cue, piece.cue_start,
                             piece.cue_end, speaker=piece.speaker))
    for r in find_reported(p, lex):
        drafts.append(_Draft(r.start, r.end, False, r.cue, r.cue_start, r.cue_end, r.speaker,
                             needs_context=r.speaker is None, extent=r.speaker_extent))
    drafts.sort(key=lambda d: (d.start, d.end))
    return _finish(drafts, actors, lex, p)
