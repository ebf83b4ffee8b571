"""TABARI verb patterns, matched on the words of a sentence around the verb.

A pattern of a TABARI / PETRARCH verbs dictionary (``- UNEXPECTEDLY &NEG * OVER EFFORTS``)
names words before the verb (``*``) and after it, in order.  Words may be far apart ("clashed
over *the* efforts") unless they are joined by ``_`` ("NEW_&TIETYPES_RELATIONS",
"RECENTLY_*"), which makes them adjacent.  ``&NAME`` stands for any phrase of a synset.
``$`` (source), ``+`` (target), ``%`` (compound) and ``^`` (skip) mark where actors are; they
are not matched as words, but ``+`` before the verb and ``$`` after it mean the roles are
reversed ("+ * MONEY $": the subject *received* money from the source), the first ``+`` or
``$`` after the verb is where the other party is looked for ("* EID AT ^ WITH +"), and ``%``
before the verb makes a compound subject a joint act of its members ("% HAVE POSTPONED *").

Matching is on the surface words of the verb's sentence, lower case, a word also matching a
token's lemma, so the dictionary's base forms match inflected text ("MEMOS" ~ "memo").

    >>> p = parse_pattern("&NEG * OVER EFFORTS", {"&NEG": ["did n't", "will not"]})
    >>> p.literals, p.swap, p.negative
    (4, False, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Token

MARKERS = frozenset("$+%^")


@dataclass(frozen=True)
class Element:
    """One position of a pattern: any of its word sequences, adjacent to the previous one or
    anywhere after it."""

    phrases: tuple[tuple[str, ...], ...]
    glued: bool = False


@dataclass(frozen=True)
class Pattern:
    before: tuple[Element, ...] = ()  # in sentence order
    after: tuple[Element, ...] = ()
    verb_glued: bool = False  # the verb comes right after the last element before it
    swap: bool = False  # "+ * MONEY $": the subject is the target
    negative: bool = False  # the pattern spells out a negation ("WILL NOT *")
    role_at: int | None = None  # after-elements matched before the "+" / "$" after the verb
    compound: bool = False  # "% * [030:030]": the members of a compound subject act on each other

    @property
    def literals(self) -> int:
        """How specific the pattern is: the number of words it checks."""
        return sum(min(len(p) for p in e.phrases) for e in self.before + self.after)

    def matches(self, verb: Token) -> bool:
        """Whether the verb's sentence has the pattern's words around it."""
        return self.role_start(verb) is not None

    def role_start(self, verb: Token) -> int | None:
        """Doc index from which the actor marked after the verb is looked for ("* EID AT ^
        WITH +": after "with"), the verb's next word without a marker; None: no match."""
        sent = verb.sent
        at = verb.i - sent.start
        words = [_forms(t) for t in sent]
        ends = _forward(words[at + 1:], self.after, 0)
        if ends is None or _forward(words[:at][::-1], self._backwards, 0) is None:
            return None
        k = self.role_at or 0
        return verb.i + 1 + (ends[k - 1] if k else 0)

    @cached_property
    def _backwards(self) -> tuple[Element, ...]:
        """The elements before the verb as read from the verb leftwards (words reversed)."""
        return tuple(Element(tuple(p[::-1] for p in e.phrases), g) for e, g in
                     zip(self.before[::-1], _back_glue(self.before, self.verb_glued), strict=True))

    def join(self, other: Pattern) -> Pattern:
        """A multi-word verb's own words around this pattern's ("WILL NOT" + "WIRE_+TAP")."""
        role_at = None if other.role_at is None else len(self.after) + other.role_at
        return Pattern(other.before + self.before, self.after + other.after,
                       self.verb_glued or other.verb_glued, self.swap or other.swap,
                       self.negative or other.negative, role_at, other.compound)


_NEGATIONS = frozenset({"not", "n't", "never", "no"})


def _forms(tok: Token) -> frozenset[str]:
    return frozenset({tok.lower_, tok.lemma_.lower()})


def _back_glue(before: tuple[Element, ...], verb_glued: bool) -> list[bool]:
    """Glue flags of the elements read backwards from the verb."""
    flags = [e.glued for e in before[1:]] + [verb_glued]
    return flags[::-1] if before else []


def _at(words: list[frozenset[str]], i: int, phrase: tuple[str, ...]) -> bool:
    return i + len(phrase) <= len(words) and all(w in words[i + k] for k, w in enumerate(phrase))


def _forward(words: list[frozenset[str]], elements: tuple[Element, ...],
             start: int) -> list[int] | None:
    """Where each element ends, matching them in order from ``start``, each right there
    (glued) or somewhere later; None when they are not all there."""
    if not elements:
        return []
    first, rest = elements[0], elements[1:]
    positions = [start] if first.glued else range(start, len(words))
    for i in positions:
        for phrase in first.phrases:
            if not _at(words, i, phrase):
                continue
            ends = _forward(words, rest, i + len(phrase))
            if ends is not None:
                return [i + len(phrase)] + ends
    return None


def _atoms(text: str) -> list[tuple[str, bool]]:
    """(atom, glued to the previous atom) of a pattern body: "IN_ *" glues IN to the verb."""
    text = " ".join(text.replace("_ ", "_").split())
    out: list[tuple[str, bool]] = []
    for chunk in text.split():
        for k, atom in enumerate(a for a in chunk.split("_") if a):
            if atom[0] in MARKERS and len(atom) > 1 and atom[1:] != "*":
                atom = atom[1:]  # "+TAP": the head word of a multi-word verb
            out.append((atom, k > 0))
    return out


def _phrases(atom: str, synsets: dict[str, list[str]]) -> tuple[tuple[str, ...], ...]:
    if atom.startswith("&"):
        members = synsets.get(atom.upper(), [])
        return tuple(tuple(m.replace("_", " ").split()) for m in members if m.strip())
    return ((atom.lower(),),)


def parse_pattern(body: str, synsets: dict[str, list[str]]) -> Pattern | None:
    """The pattern of a dictionary line's body (without its code), or None without a ``*``
    or with an unknown synset."""
    atoms = _atoms(body)
    names = [a for a, _ in atoms]
    if "*" not in names:
        return None
    verb = names.index("*")
    before, after = atoms[:verb], atoms[verb + 1:]
    roles_before = set(names[:verb]) & MARKERS
    swap = "+" in roles_before and "$" in names[verb + 1:]
    marked = [i for i, (a, _) in enumerate(after) if a in "+$"]
    role_at = len([a for a, _ in after[:marked[0]] if a not in MARKERS]) if marked else None
    elems = []
    for part in (before, after):
        out = []
        glue = False
        for atom, glued in part:
            if atom in MARKERS:
                glue = False  # an actor stands there: the next word is not adjacent
                continue
            phrases = _phrases(atom, synsets)
            if not phrases:
                return None
            out.append(Element(phrases, glued and glue))
            glue = True
        elems.append(tuple(out))
    if elems[1] and after and after[0][1] and after[0][0] not in MARKERS:
        elems[1] = (Element(elems[1][0].phrases, True),) + elems[1][1:]
    words = {w for e in elems[0] for p in e.phrases for w in p}
    return Pattern(elems[0], elems[1], atoms[verb][1] and bool(before) and before[-1][0]
                   not in MARKERS, swap, bool(words & _NEGATIONS), role_at, "%" in roles_before)


def verb_words(text: str) -> tuple[str, Pattern | None] | None:
    """(head lemma, the pattern of its other words) of a dictionary verb ("WIRE_+TAP" ->
    ("tap", WIRE glued before it)); None when it is not a word."""
    parts = [p for p in text.split("_") if p]
    if not parts:
        return None
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    head = marked[0] if marked else 0
    words = [p.lstrip("+").lower() for p in parts]
    if not all(w.replace("'", "").isalpha() for w in words):
        return None
    if len(words) == 1:
        return words[0], None
    before = tuple(Element(((w,),), i > 0) for i, w in enumerate(words[:head]))
    after = tuple(Element(((w,),), True) for w in words[head + 1:])
    return words[head], Pattern(before, after, verb_glued=bool(before))


_VOWELS = set("aeiou")


def inflections(verb: str) -> set[str]:
    """The regular forms TABARI derives from a dictionary verb (-s, -ed, -ing; consonant
    doubled after a short vowel, as in "tapped")."""
    if verb.endswith("e"):
        forms = {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        forms = {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif verb.endswith(("s", "x", "z", "sh", "ch")):
        forms = {verb + "es", verb + "ed", verb + "ing"}
    else:
        forms = {verb + "s", verb + "ed", verb + "ing"}
        if len(verb) > 2 and verb[-1] not in _VOWELS | set("wxy") and verb[-2] in _VOWELS \
                and verb[-3] not in _VOWELS:
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms | {verb}


def verb_forms(head: str, line: str) -> frozenset[str]:
    """Surface forms of a dictionary verb line's head word ("tap" of "WIRE_+TAP {WIRE_+TAPPED}"
    -> tap, taps, tapped, tapping), listed irregular forms included."""
    forms = inflections(head)
    for word in line.partition("{")[2].split("}")[0].split():
        other = verb_words(word)
        if other:
            forms.add(other[0])
    return frozenset(forms)
