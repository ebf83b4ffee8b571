"""Where an event happened: the place phrase tied to its trigger, resolved with geonames.

- `resolve_place("Teherán", "es")` → Tehran (IRN); countries resolve to the country, located at
  its capital; among same-named cities, `prefer_countries` (alpha-3) first, then a city's own
  name over an alternate name, then population ("Paris" is Paris, France unless USA is
  preferred).
- `place_for(sent, anchor, lang)` → the place in a locative phrase ("in Cairo", "en Teherán",
  "à Paris", "in the countryside of the cities of Aleppo, Idlib, and Hama") tied to the anchor:
  its subtree / clause first, then the rest of the sentence. "Egypt's capital Cairo" gives Cairo
  (a city wins over its own country); "Kazakhstan's capital" gives Astana.
- `dateline_place(text)` → the place of a "TEHRAN, Dec. 1 (Reuters) -" dateline.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from eventwire.analyze.places.index import (
    Place,
    capital_of,
    country_adjectives,
    fold,
    lookup,
    lookup_alpha3,
    place_data,
)
from eventwire.models import Location

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

VERSION = "1"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# NER sometimes calls a town a person or an organisation ("Hama"): accepted in a locative
# phrase when the gazetteer knows a place that big (or a country) by that exact name.
OTHER_LABELS = {"PERSON", "PER", "ORG", "MISC", "NORP"}
MIN_POPULATION_OTHER_LABEL = 100_000
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod:poss"}
MAX_HOPS = 6  # how far up the tree a locative preposition may govern the name
DATELINE = re.compile(
    r"^\s*(?P<name>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’. -]{1,40}?|[A-ZÀ-ÖØ-Þ][\w'’. -]{1,40}?)"
    r"\s*(?:,\s*(?P<rest>[^\n]{0,40}?)\s*)?(?:\((?P<agency>[^)\n]{2,30})\)\s*)?(?:[-–—]{1,2}|:)\s")


def _location(place: Place, text: str | None = None, start: int | None = None,
              end: int | None = None) -> Location:
    return Location(place.name, place.country, place.lat, place.lon, place.geonameid,
                    text, start, end)


def resolve_place(name: str, lang: str, *, prefer_countries: tuple[str, ...] = ()
                  ) -> Location | None:
    """The country or city called `name` (exact match on folded names), or None.

    >>> resolve_place("Damasco", "es").country
    'SYR'
    """
    place = lookup(name, tuple(prefer_countries))
    return _location(place, name) if place else None


# ---------------------------------------------------------------------------------------------
# Place phrases in a parsed sentence
# ---------------------------------------------------------------------------------------------


def _locative(span: Span, lang: str, *, capital: bool = False) -> bool:
    """Whether a locative preposition governs the name ("in the cities of Aleppo").

    A name modifying another noun ("in the Astana peace talks", "Syria's television") is not
    a place of the event, unless it names a capital ("in Kazakhstan's capital").
    """
    preps = {p.casefold() for p in place_data()["locative_prepositions"].get(lang, ())}
    node = span.root
    if node.dep_ in MODIFIER_DEPS and not capital:
        return False
    for _ in range(MAX_HOPS):
        if node.lower_ in preps and node.dep_ in ("prep", "case", "mark"):
            return True
        if any(c.dep_ == "case" and c.lower_ in preps for c in node.children):
            return True
        if node.pos_ in ("VERB", "AUX") or node.head is node:
            return False
        node = node.head
    return False


def _capital_cue(span: Span, lang: str) -> bool:
    """ "Kazakhstan's capital", "la capital de Kazajistán"."""
    after, before = _capital_cues(lang)
    return (fold(_text_after(span, 20)).startswith(after)
            or fold(_text_before(span, 20)).endswith(before))


@cache
def _capital_cues(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The folded cue words written after and before a country name."""
    data = place_data()
    return (tuple(fold(c) for c in data["capital_after"].get(lang) or ()),
            tuple(fold(c) for c in data["capital_before"].get(lang) or ()))


# `doc.text` joins every token of the document on each access: the few characters around a
# span are read from its neighbouring tokens instead (the same characters).
def _text_after(span: Span, size: int) -> str:
    text = span[-1].whitespace_
    for token in span.doc[span.end:]:
        if len(text) >= size:
            break
        text += token.text_with_ws
    return text[:size]


def _text_before(span: Span, size: int) -> str:
    text = ""
    for i in range(span.start - 1, -1, -1):
        if len(text) >= size:
            break
        text = span.doc[i].text_with_ws + text
    return text[-size:] if text else ""


def _candidates(sent: Span, lang: str, prefer: tuple[str, ...]
                ) -> list[tuple[Span, Place]]:
    """Named places in locative phrases of the sentence, resolved."""
    found = []
    for ent in sent.ents:
        if ent.label_ not in PLACE_LABELS | OTHER_LABELS:
            continue
        capital = _capital_cue(ent, lang)
        if not _locative(ent, lang, capital=capital):
            continue
        place = lookup(ent.text, prefer)
        if place is None:
            continue
        if ent.label_ not in PLACE_LABELS and place.kind == "city" and (
                place.population < MIN_POPULATION_OTHER_LABEL):
            continue
        derived = place.kind == "country" and capital
        if derived:
            place = capital_of(place) or place
        found.append((ent, place, derived))
    found += _adjective_capitals(sent, lang, {e.start for e, _, _ in found})
    # "in Damascus, Syria": the city says more than its country; "in Egypt's capital Cairo":
    # the written name beats the capital we derived from "Egypt's capital".
    cities = {p.country for _, p, _ in found if p.kind == "city"}
    written = {p.geonameid for _, p, derived in found if not derived}
    return [(e, p) for e, p, derived in found
            if (p.kind == "city" or p.country not in cities)
            and not (derived and p.geonameid in written)]


def _adjective_capitals(sent: Span, lang: str, taken: set[int]
                        ) -> list[tuple[Span, Place, bool]]:
    """ "in the Syrian capital", "en la capital siria", "dans la capitale syrienne"."""
    words = {fold(w) for w in place_data().get("capital_words", {}).get(lang, ())}
    adjectives = country_adjectives(lang)
    found = []
    for token in sent:
        if token.lower_ not in words:
            continue
        for child in token.children:
            alpha3 = adjectives.get(fold(child.text))
            if alpha3 is None or child.dep_ not in ("amod", "compound") or child.i in taken:
                continue
            span = sent.doc[min(child.i, token.i):max(child.i, token.i) + 1]
            country = lookup_alpha3(alpha3)
            capital = capital_of(country) if country else None
            if capital is not None and _locative(span, lang):
                found.append((span, capital, True))
    return found


# Dependencies that open a clause of their own, whatever the head's part of speech
# ("que la situación en Gaza es grave": the clause head is the adjective).
CLAUSE_OPENERS = {"ccomp", "advcl", "relcl", "acl", "acl:relcl", "xcomp", "csubj", "parataxis"}


def _clause(token: Token) -> Token:
    for node in [token, *token.ancestors]:
        if node.pos_ in ("VERB", "AUX") or node.dep_ in CLAUSE_OPENERS:
            return node
    return token.sent.root


def _tie(ent: Span, anchor: Token | None) -> tuple[int, int]:
    """Lower is closer: in the anchor's subtree and clause, then token distance."""
    if anchor is None:
        return (2, ent.start)
    in_subtree = any(t.i == ent.root.i for t in anchor.subtree)
    same_clause = _clause(ent.root) == _clause(anchor)
    distance = min(abs(t.i - anchor.i) for t in ent)
    return ((0 if same_clause else 1) + (0 if in_subtree else 1), distance)


def place_for(sent: Span, anchor: Token | None, lang: str, *,
              prefer_countries: tuple[str, ...] = ()) -> Location | None:
    """The location of the event triggered by `anchor` in `sent`, or None.

    Offsets in the result are into the document text.
    """
    candidates = _candidates(sent, lang, tuple(prefer_countries))
    # A place outside the event's clause and phrase belongs to another statement ("…said that
    # developments in Syria must…, during a meeting"): better no place than a wrong one.
    candidates = [c for c in candidates if _tie(c[0], anchor)[0] < 2]
    if not candidates:
        return None
    ent, place = min(candidates, key=lambda c: _tie(c[0], anchor))
    return _location(place, ent.text, ent.start_char, ent.end_char)


def dateline_place(text: str) -> Location | None:
    """The place of a dateline opening the article ("TEHRAN, Dec. 1 (Reuters) -")."""
    match = DATELINE.match(text[:120])
    if not match:
        return None
    name = match.group("name").strip(" .")
    # A title-case opening is only a dateline when a date or an agency follows it.
    if not name.isupper() and not (match.group("agency") or re.search(
            r"\d", match.group("rest") or "")):
        return None
    place = lookup(name)
    if place is None:
        return None
    start = match.start("name")
    return _location(place, text[start:start + len(name)], start, start + len(name))
