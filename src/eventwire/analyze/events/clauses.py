"""The event's clause: its own words (contexts, weapon modes) and the time expression tied to it.

A clause embedded in the anchor's (relative, adverbial, reported) has its own words and time;
an infinitive or relative clause takes the time of the clause it depends on.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.analyze.events import grammar as g
from eventwire.analyze.events.lexicon import Lexicon
from eventwire.models import Article, DateResolution

_CLAUSAL = {"relcl", "ccomp", "advcl", "acl", "parataxis", "xcomp", "csubj", "acl:relcl"}


def _clause_head(anchor: Token) -> Token:
    """The verb of the anchor's clause (a noun's governing verb), else the anchor."""
    return anchor if anchor.pos_ in {"VERB", "AUX"} else (g.governing_verb(anchor) or anchor)


def own_clause(anchor: Token) -> set[int]:
    """Token ids of the anchor's clause, without the clauses embedded in it."""
    head = _clause_head(anchor)
    own = set()
    for tok in head.subtree:
        node, inside = tok, True
        while node.i != head.i:
            if node.dep_ in _CLAUSAL:
                inside = False
                break
            node = node.head
        if inside:
            own.add(tok.i)
    return own


def contexts(frame: g.Frame, anchor: Token, lex: Lexicon) -> list[str]:
    """PLOVER contexts whose words occur in the event's clause (and what it governs)."""
    own = own_clause(anchor) | {t.i for t in g.complement(frame.trigger)}
    words = {g.lemma(t) for t in anchor.doc if t.i in own} | {
        t.lower_ for t in anchor.doc if t.i in own}
    return sorted(name for name, cues in lex.contexts.items() if cues & words)


def weapon_mode(frame: g.Frame, anchor: Token, lex: Lexicon, type_: str) -> str | None:
    """A mode of the category named by a weapon in the event's clause ("killed ... in a bomb
    attack": explosives), from the lexicon's mode cues."""
    modes = lex.ontology.categories[type_].modes
    cued = [(m, cues) for m, cues in lex.mode_cues.items() if m in modes]
    if not cued:
        return None
    own = own_clause(anchor) | {t.i for t in g.complement(frame.trigger)}
    words = {w for t in anchor.doc if t.i in own for w in (g.lemma(t), t.lower_)}
    return next((m for m, cues in cued if cues & words), None)


# clauses whose time is their governing clause's: "decided to resign on February 11", "el
# martes, practicaron su hábito de protestar", "el domingo en El Cairo, donde las protestas
# continuaron"; a reported or coordinated clause ("said on Tuesday that ...") has its own
_TIME_INHERITING = {"xcomp", "acl", "relcl", "acl:relcl"}


def scoping_clauses(anchor: Token, lex: Lexicon) -> set[int]:
    """Token ids of the anchor's clause and of the clauses whose time it takes."""
    own = own_clause(anchor)
    node = _clause_head(anchor)
    while node.dep_ in _TIME_INHERITING and node.head.i != node.i:
        node = node.head
        verb = node if node.pos_ in {"VERB", "AUX"} else g.governing_verb(node)
        if verb is None or g.lemma(verb) in lex.speech_verbs:
            break
        own |= own_clause(verb)
        node = verb
    return own


def event_date(sent: Span, anchor: Token, article: Article, lang: str,
               lex: Lexicon) -> DateResolution:
    """The date tied to the anchor, if its words are in the anchor's own clause (or a clause
    whose time it takes)."""
    from eventwire.analyze.dates.resolve import resolve_event_date

    found = resolve_event_date(sent, anchor, article.published, lang)
    if found.source == "text" and found.start is not None:
        own = scoping_clauses(anchor, lex)
        words = [t.i for t in sent if found.start <= t.idx < (found.end or found.start + 1)]
        if words and not set(words) & own:  # "on Wednesday" of another clause of the sentence
            return DateResolution(article.published, None, "article")
    return found
