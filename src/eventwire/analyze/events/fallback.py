"""Country-level actors for generic groups (PLOVER practice: "Indonesian students" are Indonesia).

When the subject of an event is a group the actor layer cannot name ("students throughout
Indonesia", "inhabitants of the Syrian Golan Heights", "thousands of people ... in Hong Kong"),
PLOVER codes the country the group belongs to.  The country is read, in order, from the
phrase's own words and its prepositional dependents, then (for common group nouns only, the
``people`` cue of the lexicon) from the event's place.  Anything less clear gives no actor.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from eventwire.analyze.events import grammar as g
from eventwire.models import ActorRef

# Dependents that start another clause: a country named there is not the group's.
_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "acl:relcl", "punct"}


def country_ref(code: str | None, text: str) -> list[ActorRef]:
    """A country as an actor (KB name and id), or nothing for an unknown code."""
    if not code:
        return []
    from eventwire.knowledge import load_kb

    entry = load_kb().get(code)
    if entry is None:
        return []
    return [ActorRef(name=entry.name, text=text, country=code, code=code, kb_id=entry.kb_id)]


def _phrase_tokens(tok: Token) -> list[Token]:
    """The noun phrase with its prepositional dependents, without embedded clauses."""
    out = [tok]
    for child in tok.children:
        if child.dep_ not in _CLAUSES:
            out.extend(_phrase_tokens(child))
    return out


def group_head(tok: Token, lex: Any) -> Token:
    """"thousands of students": the group noun behind a quantity word."""
    if g.lemma(tok) in lex.cue("quantity") or tok.pos_ == "NUM":
        preps = g.prep_args(tok)
        part = [t for p in lex.cue("partitive") for t in preps.get(p, [])]
        if part:
            return group_head(part[0], lex)
    return tok


def phrase_country(tok: Token, actors: Any) -> list[ActorRef] | None:
    """The one country named inside a group's phrase ("students throughout Indonesia"), [] when
    it names none, None when it names several (which one the group belongs to is a guess)."""
    words = _phrase_tokens(tok)
    start, end = min(w.idx for w in words), max(w.idx + len(w) for w in words)
    ids = {w.i for w in words}
    doc = tok.doc
    countries = []
    for mention in actors.mentions:
        if not (start <= mention.start and mention.end <= end) or mention.actor is None:
            continue
        inside = [t for t in doc if mention.start <= t.idx < mention.end]
        if inside and all(t.i in ids for t in inside) and mention.actor.country:
            countries.append(mention.actor.country)
    found = list(dict.fromkeys(countries))
    if len(found) > 1:
        return None
    return country_ref(found[0], doc.text[start:end]) if found else []


def generic_actor(tokens: list[Token], actors: Any, lex: Any, location: Any, *,
                  violent: bool = False, home: str | None = None) -> list[ActorRef]:
    """Country-level actor of an unresolved group subject (or, for ``violent`` acts, of
    an unattributed weapon: "a roadside bombing near Samarra killed ..."), or nothing; a group
    with no place named ("des militants autonomistes demandent ...") is of the article's
    country ``home``."""
    for tok in tokens + [s for s in _light_subjects(tokens) if s.pos_ != "PRON"]:
        if tok.pos_ not in {"NOUN", "NUM", "PROPN"}:
            continue
        head = group_head(tok, lex)
        refs = phrase_country(tok, actors)
        if refs is None:  # "supporters of Kenya and Uganda": not the place's, nor home's
            return []
        if refs:
            return refs
        placed = lex.cue("people") | (lex.cue("instruments") if violent else frozenset())
        if g.lemma(head) in placed and location is not None and location.country:
            return country_ref(location.country, head.text)
        if g.lemma(head) in lex.cue("people") and home:
            return country_ref(home, head.text)
    return []


def group_recipient(slots: list[list[Token]], actors: Any, lex: Any, location: Any,
                    own: list[ActorRef]) -> list[ActorRef]:
    """Country of an unnamed target: a group ("accused Darfur rebels", "arresting political
    opponents") named in its phrase, else the event's place, else the actor's own country (a
    domestic act); a thing or site ("shelled positions in Afghanistan's Khost province") only
    by the one foreign country its phrase names (at home, the place says it)."""
    mine = {a.country for a in own}
    for slot in slots:
        for tok in slot:
            if tok.pos_ not in {"NOUN", "NUM", "PROPN"}:
                continue
            head = group_head(tok, lex)
            person = head.ent_type_ in {"PERSON", "PER"} and not actors.for_token(head)
            if g.lemma(head) not in lex.cue("people") and not person:
                refs = phrase_country(tok, actors) if tok.dep_ in g.OBJ | g.PASS_SUBJ else []
                if refs and refs[0].country not in mine:
                    return refs
                continue
            refs = phrase_country(tok, actors)
            if refs is None:
                return []
            if refs:
                return refs
            if location is not None and location.country:
                return country_ref(location.country, tok.text)
            return own_country(own, tok.text)
    return []


def own_country(own: list[ActorRef], text: str) -> list[ActorRef]:
    """The actors' one country as an actor, or nothing when they have none or several."""
    countries = {a.country for a in own if a.country}
    return country_ref(countries.pop(), text) if len(countries) == 1 else []


def _light_subjects(tokens: list[Token]) -> list[Token]:
    """"students staged mass demonstrations": the modifier is no agent, the verb's subject is."""
    out = []
    for tok in tokens:
        if tok.dep_ in {"amod", "compound"} and tok.head.dep_ in g.OBJ:
            out += g.subjects(tok.head.head)
    return out


def verb_subjects(frame: Any, lex: Any) -> list[Token]:
    """Subjects of the verb whose object is a nominal event ("X staged a hunger strike",
    "the party issued a declaration demanding ..."), when the frame found no usable actor; not
    of a verb that codes an act of its own ("Mexico condemned the raid on its embassy": the
    raid is not Mexico's)."""
    if frame.kind in {"verb", "governed"} and not frame.actors:
        return []
    heads = [t for t in frame.actors if t.dep_ in g.OBJ] if frame.actors else []
    if not frame.actors and frame.trigger.dep_ in g.OBJ:
        heads = [frame.trigger]
    heads += [t.head for t in frame.actors if t.dep_ in {"amod", "compound"}
              and t.head.dep_ in g.OBJ]
    def lends(verb: Token) -> bool:
        word = g.lemma(verb)
        return word in lex.light_verbs or not (lex.verb_entries(word) or word in lex.speech_verbs)

    return [s for h in heads if lends(h.head) for s in g.subjects(h.head)]


def purpose_words(frame: Any) -> list[Token]:
    """Words of the infinitival purpose clause of a verb or light-verb frame ("blocked a road
    to show their disapproval of X", "began a hunger strike to protest against X"): where
    an act aimed at someone names its target when its own arguments do not."""
    if frame.kind not in {"verb", "light"}:
        return []
    head = frame.words[0]
    clauses = [c for c in head.children if c.dep_ in {"advcl", "xcomp"}
               and "Inf" in c.morph.get("VerbForm") and not [
                   s for s in c.children if s.dep_ in g.SUBJ]]
    words = [t for c in clauses for t in c.subtree if t.pos_ in {"NOUN", "PROPN", "NUM"}]
    return sorted(words, key=lambda t: t.i)
