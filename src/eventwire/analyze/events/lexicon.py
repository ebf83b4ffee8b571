"""PLOVER ontology and per-language event lexicons: loaded once from data files, validated.

The knowledge (which verbs and nouns code which category, where their recipient is, which words
mark negation or intent) lives in ``data/plover.yaml`` and ``data/lexicons/<lang>/events.yaml``;
this module only reads and checks it.  Example::

    lex = load_lexicon("en")
    lex.verb_entries("meet")[0].type   # 'CONSULT'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from eventwire.errors import InvalidKnowledgeBase

LANGUAGES = ("en", "es", "fr")
_SLOTS = {"obj", "iobj", "comp"}  # recipient slots that are not prepositions


@dataclass(frozen=True)
class Mode:
    score: float
    cameo: str


@dataclass(frozen=True)
class Category:
    name: str
    score: float
    cameo: str
    modes: dict[str, Mode]


@dataclass(frozen=True)
class Ontology:
    categories: dict[str, Category]
    legacy: dict[str, tuple[str, str | None]]
    rules: dict[str, Any]
    confidence: dict[str, float]
    legacy_modes: dict[str, str] = field(default_factory=dict)
    legacy_countries: dict[str, str] = field(default_factory=dict)

    def score(self, category: str, mode: str | None) -> float:
        """The mode's score when it has one, else the category's."""
        cat = self.categories[category]
        return cat.modes[mode].score if mode in cat.modes else cat.score

    def cameo(self, category: str, mode: str | None) -> str:
        """Representative CAMEO code of a category / mode."""
        cat = self.categories[category]
        return cat.modes[mode].cameo if mode in cat.modes else cat.cameo


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: a word that codes a category, with where its arguments are."""

    lemma: str  # the head lemma
    type: str
    mode: str | None = None
    cameo: str | None = None
    recipient: tuple[str, ...] = ("obj",)
    particle: str | None = None  # "for" in "call for"
    objects: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()  # nouns: only with one of these prepositions
    light: bool = False
    inherit: bool | str = False  # True: any governing verb; "participation": join, gather...
    needs_recipient: bool = False  # "voiced concern" is only an ACCUSE against someone
    skip: bool = False  # a sense that codes nothing ("met the deadline", "fired the coach")
    # only without an object or a clause: "miles se manifestaron" is a protest, "manifestó su
    # apoyo" / "le manifesté que" a statement
    intransitive: bool = False
    # imported TABARI dictionaries (analyze.events.tabari): the words around the verb, a code
    # kept as the dictionary gives it (no future conversion), and the code of the reciprocal
    # event ("ARRIVE [032:033]": the host receives the visit)
    pattern: Any = None  # events.patterns.Pattern
    literal: bool = False
    reverse_cameo: str | None = None
    forms: frozenset[str] = frozenset()  # the surface forms it matches (empty: any)

    @property
    def rule(self) -> str:
        """Human-readable name of the entry, recorded on events it produces."""
        word = f"{self.lemma} {self.particle}" if self.particle else self.lemma
        return f"{word}:{self.type}" + (f"/{self.mode}" if self.mode else "")


@dataclass(frozen=True)
class Governor:
    """Words that take another event as complement: request, intent, reject, threaten."""

    verbs: dict[str, frozenset[str | None]]  # lemma -> allowed particles (None = bare)
    adjectives: frozenset[str]
    nouns: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    language: str
    verbs: dict[str, list[Entry]]
    nouns: dict[str, list[Entry]]
    light_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    governors: dict[str, Governor]
    cues: dict[str, frozenset[str]]
    accusation: frozenset[str]
    mode_cues: dict[str, frozenset[str]]
    ontology: Ontology = field(repr=False)
    contexts: dict[str, frozenset[str]] = field(default_factory=dict)
    pro_drop: bool = False  # subjects may be left out (Spanish)
    # surface form -> imported dictionary entries listing it ("cordoned", which the
    # lemmatiser may get wrong; "met", a verb of its own in TABARI dictionaries)
    verb_forms: dict[str, list[Entry]] = field(default_factory=dict)

    def verb_entries(self, lemma: str) -> list[Entry]:
        return self.verbs.get(lemma.lower(), [])

    def noun_entries(self, lemma: str) -> list[Entry]:
        return self.nouns.get(lemma.lower(), [])

    def cue(self, name: str) -> frozenset[str]:
        return self.cues.get(name, frozenset())


class _WordLoader(yaml.SafeLoader):
    """YAML 1.1 reads the words on/off/yes/no as booleans; in word lists they are words."""


_WordLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in rules if tag != "tag:yaml.org,2002:bool"]
    for key, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def _unique_keys(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    """A mapping; a key given twice is an error (YAML would keep the last one silently)."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen and key != "<<":
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_WordLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_keys)


def _data(path: str) -> Any:
    """Read a YAML file from the package's data folder."""
    ref = resources.files("eventwire") / "data" / path
    try:
        return yaml.load(ref.read_text(encoding="utf-8"), Loader=_WordLoader)  # noqa: S506
    except FileNotFoundError as exc:
        raise InvalidKnowledgeBase(f"missing data file data/{path}; reinstall eventwire") from exc
    except yaml.YAMLError as exc:
        raise InvalidKnowledgeBase(f"data/{path} is not valid YAML: {exc}") from exc


@cache
def load_ontology() -> Ontology:
    """The PLOVER categories, modes, scores, CAMEO codes and coding rules (cached)."""
    raw = _data("plover.yaml")
    cats = {}
    for name, spec in raw["categories"].items():
        modes = {m: Mode(float(v["score"]), str(v["cameo"])) for m, v in spec["modes"].items()}
        cats[name] = Category(name, float(spec["score"]), str(spec["cameo"]), modes)
    legacy = {k: (v[0], v[1]) for k, v in raw.get("legacy", {}).items()}
    onto = Ontology(cats, legacy, raw.get("rules", {}), raw.get("confidence", {}),
                    raw.get("legacy_modes", {}), raw.get("legacy_countries", {}))
    for old, (new, mode) in legacy.items():
        _check_type(onto, new, mode, f"plover.yaml legacy {old}")
    return onto


def _check_type(onto: Ontology, type_: str, mode: str | None, where: str) -> None:
    if type_ not in onto.categories:
        raise InvalidKnowledgeBase(
            f"{where}: unknown PLOVER category {type_!r}; use one of {sorted(onto.categories)}"
        )
    modes = onto.categories[type_].modes
    if mode is not None and mode not in modes:
        raise InvalidKnowledgeBase(
            f"{where}: {type_} has no mode {mode!r}; use one of {sorted(modes) or 'none'}"
        )


def _words(values: Any, where: str) -> frozenset[str]:
    if values is None:
        return frozenset()
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InvalidKnowledgeBase(f"{where}: expected a list of words, got {values!r}")
    return frozenset(v.lower() for v in values)


def _entry(key: str, spec: dict[str, Any], onto: Ontology, where: str) -> Entry:
    """Build and validate one entry; ``key`` may be "lemma particle"."""
    known = {"type", "mode", "cameo", "recipient", "objects", "modifiers", "preps", "light",
             "inherit", "needs_recipient", "skip", "intransitive"}
    unknown = set(spec) - known
    if unknown:
        raise InvalidKnowledgeBase(
            f"{where}: unknown field(s) {sorted(unknown)}; use {sorted(known)}")
    if spec.get("skip"):
        spec = {**spec, "type": spec.get("type", "AGREE")}  # placeholder, never emitted
    _check_type(onto, spec.get("type", ""), spec.get("mode"), where)
    lemma, _, particle = key.lower().partition(" ")
    recipient = tuple(str(s).lower() for s in spec.get("recipient", ["obj"]))
    return Entry(
        lemma=lemma,
        type=spec["type"],
        mode=spec.get("mode"),
        cameo=str(spec["cameo"]) if spec.get("cameo") else None,
        recipient=recipient,
        particle=particle or None,
        objects=_words(spec.get("objects"), where),
        modifiers=_words(spec.get("modifiers"), where),
        preps=_words(spec.get("preps"), where),
        light=bool(spec.get("light", False)),
        inherit=spec.get("inherit", False) if spec.get("inherit") == "participation"
        else bool(spec.get("inherit", False)),
        needs_recipient=bool(spec.get("needs_recipient", False)),
        skip=bool(spec.get("skip", False)),
        intransitive=bool(spec.get("intransitive", False)),
    )


def _entries(section: dict[str, Any], onto: Ontology, where: str) -> dict[str, list[Entry]]:
    """lemma -> entries (several keys like "call for" / "call on" share the lemma "call")."""
    out: dict[str, list[Entry]] = {}
    for key, spec in (section or {}).items():
        specs = spec if isinstance(spec, list) else [spec]
        for i, one in enumerate(specs):
            if not isinstance(one, dict):
                raise InvalidKnowledgeBase(f"{where} {key!r}[{i}]: expected a mapping")
            entry = _entry(str(key), one, onto, f"{where} {key!r}")
            out.setdefault(entry.lemma, []).append(entry)
    # entries needing a particle are tried before the bare verb ("call for" before "call")
    for entries in out.values():
        entries.sort(key=lambda e: e.particle is None)
    return out


def _governor(spec: dict[str, Any], where: str) -> Governor:
    verbs: dict[str, set[str | None]] = {}
    for key in _words(spec.get("verbs"), f"{where} verbs"):
        lemma, _, particle = key.partition(" ")
        verbs.setdefault(lemma, set()).add(particle or None)
    return Governor(
        verbs={k: frozenset(v) for k, v in verbs.items()},
        adjectives=_words(spec.get("adjectives"), f"{where} adjectives"),
        nouns=_words(spec.get("nouns"), f"{where} nouns"),
    )


_OVERRIDES: dict[str, Lexicon] = {}


def load_lexicon(lang: str) -> Lexicon:
    """The event lexicon of a language: an active override, else the packaged one."""
    return _OVERRIDES.get(lang) or _packaged_lexicon(lang)


@contextmanager
def override_lexicon(lex: Lexicon) -> Iterator[None]:
    """Code with ``lex`` instead of its language's packaged lexicon (e.g. with a verb layer)."""
    previous = _OVERRIDES.get(lex.language)
    _OVERRIDES[lex.language] = lex
    try:
        yield
    finally:
        if previous is None:
            _OVERRIDES.pop(lex.language, None)
        else:
            _OVERRIDES[lex.language] = previous


@cache
def _packaged_lexicon(lang: str) -> Lexicon:
    """The validated event lexicon of a language (cached per process)."""
    if lang not in LANGUAGES:
        raise InvalidKnowledgeBase(f"no event lexicon for {lang!r}; choose from {LANGUAGES}")
    onto = load_ontology()
    where = f"lexicons/{lang}/events.yaml"
    raw = _data(where)
    if raw.get("language") != lang:
        raise InvalidKnowledgeBase(f"{where}: `language` must be {lang!r}")
    governors = {
        kind: _governor(raw.get("governors", {}).get(kind) or {}, f"{where} governors.{kind}")
        for kind in ("request", "intent", "reject", "threaten")
    }
    return Lexicon(
        language=lang,
        verbs=_entries(raw.get("verbs"), onto, f"{where} verbs"),
        nouns=_entries(raw.get("nouns"), onto, f"{where} nouns"),
        light_verbs=_words(raw.get("light_verbs"), f"{where} light_verbs"),
        speech_verbs=_words(raw.get("speech_verbs"), f"{where} speech_verbs"),
        governors=governors,
        cues={k: _words(v, f"{where} cues.{k}") for k, v in (raw.get("cues") or {}).items()},
        accusation=_words(raw.get("accusation"), f"{where} accusation"),
        mode_cues={
            k: _words(v, f"{where} mode_cues.{k}") for k, v in (raw.get("mode_cues") or {}).items()
        },
        ontology=onto,
        pro_drop=bool(raw.get("pro_drop", False)),
        contexts={
            k: _words(v, f"{where} contexts.{k}") for k, v in (raw.get("contexts") or {}).items()
        },
    )
