"""Import a TABARI / PETRARCH verb dictionary (``.verbs``) as an extra event-lexicon layer.

A verbs file holds synsets (``&NAME`` then ``+word`` lines) and verb blocks::

    --- CONTRIBUTE [070] ---          # block header: the block's CAMEO code
    CONTRIBUTE                        # a verb of the block (may carry its own [code] and
    DONATE {DONATED DONATING} [071]   # inflected forms in braces)
    - * RUPEES  [071]                 # pattern: * is the verb, $ source, + target, ^ skip,
    - * WITH % [031]                  # % a compound actor
    - * &CURRENCY [903]               # a synset stands for each of its words
    - &NEG * OVER EFFORTS [904]       # words before the verb too; _ joins adjacent words
    WIRE_+TAP [081]                   # a multi-word verb: + marks the head word

Each verb becomes ``Entry`` items: one per pattern of its block, with the pattern's words
(``analyze.events.patterns``) checked around the verb in the sentence, most specific first,
then the bare verb with its block's (or its own) CAMEO code.  ``[---]`` patterns code nothing
("- * CARD [---]").  The event keeps the dictionary's code as its ``cameo`` (``literal``: no
future conversion; a negation spelt out in the pattern is the coded act, not a negated one);
``[032:033]`` also codes the reciprocal event (target to source) with the second code.  The
target is the first actor after the verb, as in TABARI.  PLOVER category and mode come from
the CAMEO codes of ``data/plover.yaml`` (longest shared prefix, at least the two-digit root).
Codes with no PLOVER counterpart (CAMEO 01/02, or a dictionary's own codes) take the caller's
``fallback`` category, or are left out when it is None.  Usage::

    layer = load_verbs("PETR.Validate.verbs.txt", fallback="AGREE")
    lex = with_verb_layer(load_lexicon("en"), layer)
    with override_lexicon(lex):
        events = extract_events(doc, article, actors, quotes, "en")

A discards file (phrases such as ``BASEBALL`` or ``+TYPHOON`` whose sentences TABARI does not
code) is read with ``load_discards`` and checked with ``discarded(text, phrases)``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from eventwire.analyze.events.lexicon import Entry, Lexicon, Ontology, load_ontology
from eventwire.analyze.events.patterns import Pattern, parse_pattern, verb_forms, verb_words
from eventwire.errors import InvalidKnowledgeBase

# words right after the verb that attach its arguments rather than name an object
_CODE = re.compile(r"\[([^\]]*)\]")
_WORD = re.compile(r"[\w'-]+")
_RECIPIENT = ("after",)


def _code(text: str) -> tuple[str | None, str | None, str]:
    """(CAMEO digits, reciprocal digits, text without the [code] and comment); ``[---]``
    gives the code "---" (the pattern codes nothing)."""
    text = text.split("#", 1)[0]
    match = _CODE.search(text)
    if not match:
        return None, None, text.strip()
    code, _, reverse = match.group(1).partition(":")
    if code.strip().startswith("---"):
        return "---", None, _CODE.sub(" ", text).strip()
    digits = re.match(r"\d+", code.strip())
    back = re.match(r"\d+", reverse.strip())
    return (digits.group(0) if digits else None, back.group(0) if back else None,
            _CODE.sub(" ", text).strip())


def _plover_codes(onto: Ontology) -> list[tuple[str, str, str | None]]:
    """(CAMEO code, category, mode) from plover.yaml, category codes first."""
    out = [(c.cameo, name, None) for name, c in onto.categories.items()]
    out += [(m.cameo, name, mode) for name, c in onto.categories.items()
            for mode, m in c.modes.items()]
    return out


def plover_type(code: str, onto: Ontology | None = None) -> tuple[str, str | None] | None:
    """PLOVER (category, mode) of a CAMEO code: the plover.yaml code sharing its longest prefix."""
    best, best_len = None, 1
    for cameo, cat, mode in _plover_codes(onto or load_ontology()):
        n = len(_common_prefix(code, cameo))
        if n > best_len:
            best, best_len = (cat, mode), n
    return best


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _synsets(lines: list[str]) -> dict[str, list[str]]:
    """&NAME -> its words (lower case; nested synsets expanded)."""
    sets: dict[str, list[str]] = {}
    name = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("&"):
            name = line.split()[0]
            sets[name] = []
        elif line.startswith("+") and name:
            sets[name].append(line[1:].strip().lower())
        elif line:
            name = None
    for _ in range(3):  # "+&TIETYPES" inside another synset
        sets = {k: [x for w in v for x in (sets.get(w.upper(), [w]) if w.startswith("&") else [w])]
                for k, v in sets.items()}
    return sets


def _entry(lemma: str, code: str, reverse: str | None, pattern: Pattern | None,
           onto: Ontology, fallback: str | None) -> Entry | None:
    if code == "---":  # "- * CARD [---]": this use of the verb is not an event
        return Entry(lemma, "AGREE", pattern=pattern, skip=True, literal=True)
    kind = plover_type(code, onto) or ((fallback, None) if fallback else None)
    if kind is None:
        return None
    # TABARI codes an event only between a source and a target, the first actor after the verb
    return Entry(lemma, kind[0], kind[1], code, _RECIPIENT, needs_recipient=True,
                 pattern=pattern, literal=True, reverse_cameo=reverse)


def _specific_first(entries: list[Entry]) -> list[Entry]:
    """Longer patterns before shorter ones, the bare verb last (TABARI's order)."""
    return sorted(entries, key=lambda e: -(e.pattern.literals + 1 if e.pattern else 0))


def parse_verbs(text: str, *, fallback: str | None = None,
                base: Lexicon | None = None) -> dict[str, list[Entry]]:
    """lemma -> entries (most specific pattern first) of a TABARI verbs dictionary's text."""
    onto = base.ontology if base else load_ontology()
    if fallback is not None and fallback not in onto.categories:
        raise InvalidKnowledgeBase(f"fallback {fallback!r} is not a PLOVER category")
    lines = text.splitlines()
    synsets = _synsets(lines)
    out: dict[str, list[Entry]] = {}
    block: tuple[str | None, str | None] = (None, None)
    verbs: list[tuple[str, Pattern | None, str | None, str | None, frozenset[str]]] = []
    patterns: list[tuple[str, str | None, Pattern]] = []
    in_synset = False

    def flush() -> None:
        for lemma, own_words, own, own_back, forms in verbs:
            made = [_entry(lemma, code, back, p.join(own_words) if own_words else p, onto,
                           fallback) for code, back, p in patterns]
            code, back = (own, own_back) if own else block
            if code:
                made.append(_entry(lemma, code, back, own_words, onto, fallback))
            # TABARI matches the forms it knows, not a misspelling the lemmatiser repairs
            out.setdefault(lemma, []).extend(replace(e, forms=forms) for e in made if e)

    for raw in lines:
        line = raw.strip()
        if not line or line.startswith(("#", "<!--")):
            continue
        if line.startswith("&"):
            in_synset = True  # its "+WORD" lines are not verbs
        elif line.startswith("---"):
            flush()
            code, back, _ = _code(line.strip("- "))
            block, verbs, patterns, in_synset = (code, back), [], [], False
        elif line.startswith("- "):
            code, back, body = _code(line[2:])
            pattern = parse_pattern(body, synsets) if code else None
            if pattern is not None:
                patterns.append((code, back, pattern))
        elif line[0].isalpha() or (line[0] == "+" and not in_synset):
            code, back, body = _code(line)
            found = verb_words(body.split("{")[0].split()[0]) if body else None
            if found:
                verbs.append((found[0], found[1], code, back, verb_forms(found[0], body)))
    flush()
    return {k: _specific_first(v) for k, v in out.items() if v}


def load_verbs(path: str | Path, *, fallback: str | None = None,
               base: Lexicon | None = None) -> dict[str, list[Entry]]:
    """The verb layer of a TABARI / PETRARCH ``.verbs`` file."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InvalidKnowledgeBase(f"cannot read verb dictionary {path}: {exc}") from exc
    return parse_verbs(text, fallback=fallback, base=base)


def load_discards(path: str | Path) -> tuple[str, ...]:
    """Phrases of a TABARI discards file (``+`` marks story-level ones; both are kept)."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise InvalidKnowledgeBase(f"cannot read discards file {path}: {exc}") from exc
    phrases = (" ".join(ln.split("#", 1)[0].strip().lstrip("+").replace("_", " ").split())
               for ln in lines if not ln.lstrip().startswith(("#", "<!--")))
    return tuple(p.lower() for p in phrases if p)


def discarded(text: str, phrases: tuple[str, ...]) -> str | None:
    """The discard phrase found in ``text`` (whole words, any case), or None."""
    words = " " + " ".join(_WORD.findall(text.lower())) + " "
    return next((p for p in phrases if f" {p} " in words), None)


def with_verb_layer(lex: Lexicon, layer: dict[str, list[Entry]], *,
                    only: bool = False) -> Lexicon:
    """A copy of ``lex`` whose verbs try the layer's entries before their own; ``only``: the
    layer's verbs are the only event words (no packaged verbs, no nominal events), as when a
    dictionary's own codings are reproduced."""
    verbs = {} if only else {k: list(v) for k, v in lex.verbs.items()}
    for lemma, entries in layer.items():
        verbs[lemma] = list(entries) + verbs.get(lemma, [])
    forms: dict[str, list[Entry]] = {}
    for entries in layer.values():
        for entry in entries:
            for form in entry.forms:
                forms.setdefault(form, []).append(entry)
    return replace(lex, verbs=verbs, nouns={} if only else lex.nouns, verb_forms=forms)
