"""Import a TABARI / PETRARCH verb dictionary (``.verbs``) as an extra event-lexicon layer.

A verbs file holds synsets (``&NAME`` then ``+word`` lines) and verb blocks::

    --- CONTRIBUTE [070] ---          # block header: the block's CAMEO code
    CONTRIBUTE                        # a verb of the block (may carry its own [code] and
    DONATE {DONATED DONATING} [071]   # inflected forms in braces)
    - * RUPEES  [071]                 # pattern: * is the verb, $ source, + target, ^ skip,
    - * WITH % [031]                  # % a compound actor
    - * &CURRENCY [903]               # a synset stands for each of its words
    - TO *  [073]                     # words before the verb: not used (see below)

Each verb becomes an ``Entry`` coding its block's (or its own) CAMEO code, and each pattern
whose first word after the verb is a single word becomes a constrained entry of that verb:
a preposition or particle ("* WITH") or a direct object ("* RUPEES"), tried before the bare
verb.  The event keeps the dictionary's code as its ``cameo``; its PLOVER category and mode
come from the CAMEO codes of ``data/plover.yaml`` (longest shared prefix, at least the
two-digit root).  Codes with no PLOVER counterpart (CAMEO 01/02, or a dictionary's own codes)
take the caller's ``fallback`` category, or are left out when it is None.  Patterns with words
before the verb (auxiliaries, negation) or several content words after it cannot be checked
on a dependency parse and are skipped; multi-word verbs (``WIRE_+TAP``) too.  Usage::

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

from eventwire.analyze.events_lexicon import Entry, Lexicon, Ontology, load_ontology
from eventwire.errors import InvalidKnowledgeBase

# words right after the verb that attach its arguments rather than name an object
_PARTICLES = frozenset(
    "about across after against along among around as at away back before behind between by "
    "down for from in into of off on onto out over through to toward towards under up upon "
    "with within without".split())
_MARKERS = {"$", "+", "^", "*", "%"}
_CODE = re.compile(r"\[([^\]]*)\]")
_WORD = re.compile(r"[\w'-]+")
_DEFAULT_RECIPIENT = ("obj", "to", "with", "against")


def _code(text: str) -> tuple[str | None, str]:
    """(CAMEO digits or None, text without the [code] and comment)."""
    text = text.split("#", 1)[0]
    match = _CODE.search(text)
    if not match:
        return None, text.strip()
    code = match.group(1).split(":", 1)[0]
    digits = re.match(r"\d+", code)
    return (digits.group(0) if digits else None), _CODE.sub(" ", text).strip()


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


def _pattern_word(body: str, synsets: dict[str, list[str]]) -> list[str] | None:
    """The words a pattern checks right after the verb, or None when it cannot be checked.

    A particle ("* WITH $") is checked as such; a noun phrase ("* FULL DIPLOMATIC TIES",
    "* &CURRENCY") by its head, the last word before any particle (synset words: their last).
    """
    words = body.replace("_", " ").split()
    if "*" not in words or any(w not in _MARKERS for w in words[:words.index("*")]):
        return None  # words before the verb: auxiliaries, negation, adverbs
    after = [w.lower() for w in words[words.index("*") + 1:] if w not in _MARKERS]
    if not after:
        return None
    if after[0] in _PARTICLES:
        return None if any(w not in _PARTICLES for w in after[1:]) else [after[0]]
    phrase = []
    for word in after:
        if word in _PARTICLES:
            break
        phrase.append(word)
    if any(w not in _PARTICLES and not w.startswith("&") for w in after[len(phrase):]):
        return None  # "* WITH ENDING", "* OVER EFFORTS TO": words beyond the object
    head = phrase[-1]
    options = synsets.get(head.upper(), []) if head.startswith("&") else [head]
    return [w.split()[-1] for w in options if w] or None


def _entry(lemma: str, code: str, word: str | None, recipient: tuple[str, ...],
           onto: Ontology, fallback: str | None) -> Entry | None:
    kind = plover_type(code, onto) or ((fallback, None) if fallback else None)
    if kind is None:
        return None
    # TABARI codes an event only between a source and a target
    entry = Entry(lemma, kind[0], kind[1], code, recipient, needs_recipient=True)
    if word is None:
        return entry
    if word in _PARTICLES:
        return replace(entry, particle=word)
    forms = {word, word[:-1]} if word.endswith("s") else {word}  # "rupees" -> "rupee"
    return replace(entry, objects=frozenset(forms))


def parse_verbs(text: str, *, fallback: str | None = None,
                base: Lexicon | None = None) -> dict[str, list[Entry]]:
    """lemma -> entries (patterns before the bare verb) of a TABARI verbs dictionary's text."""
    onto = base.ontology if base else load_ontology()
    if fallback is not None and fallback not in onto.categories:
        raise InvalidKnowledgeBase(f"fallback {fallback!r} is not a PLOVER category")
    lines = text.splitlines()
    synsets = _synsets(lines)
    out: dict[str, list[Entry]] = {}
    block_code: str | None = None
    in_block = False
    verbs: list[tuple[str, str | None]] = []
    patterns: list[tuple[str, str]] = []

    def flush() -> None:
        for lemma, own in verbs:
            known = base.verb_entries(lemma) if base else []
            recipient = known[0].recipient if known else _DEFAULT_RECIPIENT
            made = [_entry(lemma, code, word, recipient, onto, fallback)
                    for code, body in patterns
                    for word in (_pattern_word(body, synsets) or [])]
            if own or block_code:
                made.append(_entry(lemma, own or block_code or "", None, recipient, onto,
                                   fallback))
            out.setdefault(lemma, []).extend(e for e in made if e is not None)

    for raw in lines:
        line = raw.strip()
        if not line or line.startswith(("#", "<!--")):
            continue
        if line.startswith("---"):
            flush()
            block_code, _ = _code(line.strip("- "))
            verbs, patterns, in_block = [], [], True
        elif line.startswith("- "):
            code, body = _code(line[2:])
            if code:
                patterns.append((code, body))
        elif in_block and line[0].isalpha():
            code, body = _code(line)
            word = body.split("{")[0].split()[0].lower() if body else ""
            if word.isalpha():
                verbs.append((word, code))
    flush()
    return {k: v for k, v in out.items() if v}


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


def with_verb_layer(lex: Lexicon, layer: dict[str, list[Entry]]) -> Lexicon:
    """A copy of ``lex`` whose verbs try the layer's entries before their own."""
    verbs = {k: list(v) for k, v in lex.verbs.items()}
    for lemma, entries in layer.items():
        verbs[lemma] = list(entries) + verbs.get(lemma, [])
    return replace(lex, verbs=verbs)
