"""Per-language actor lexicons (titles, collective agents, anaphora cues) from
``data/kb/agents/{lang}.yaml`` and ``titles.yaml``, validated and loaded once, plus the
spaCy ``PhraseMatcher`` built from them for a vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab

from eventwire.errors import InvalidKnowledgeBase
from eventwire.knowledge import SECTORS

ANAPHORA_LISTS = (
    "person_pronouns",
    "plural_pronouns",
    "pair",
    "pair_countries",
    "country",
    "possessive_country",
    "regime",
    "top_markers",
    "former_markers",
    "of_words",
    "origin_words",
)


@dataclass(frozen=True)
class Lexicon:
    """The actor words of one language."""

    lang: str
    titles: dict[str, str]  # phrase -> title key
    title_sectors: dict[str, str | None]  # title key -> sector
    groups: dict[str, str]  # collective noun phrase -> sector
    anaphora: dict[str, Any]
    honorifics: frozenset[str] = frozenset()  # stripped before looking a name up
    plural_titles: dict[str, str] = field(default_factory=dict)  # "foreign ministers" -> key

    def words(self, key: str) -> frozenset[str]:
        return frozenset(self.anaphora.get(key, ()))


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidKnowledgeBase(f"cannot load lexicon {path}: {exc}") from exc


def _folder() -> Path:
    return Path(str(resources.files("eventwire") / "data" / "kb" / "agents"))


@lru_cache(maxsize=4)
def load_lexicon(lang: str) -> Lexicon:
    """Load and validate the lexicon of ``lang``."""
    path = _folder() / f"{lang}.yaml"
    if not path.exists():
        raise InvalidKnowledgeBase(f"no actor lexicon for language {lang!r} ({path} missing)")
    sectors = _read(_folder() / "titles.yaml")
    raw = _read(path)
    for key in ("titles", "groups", "anaphora"):
        if not isinstance(raw.get(key), dict):
            raise InvalidKnowledgeBase(f"{path}: section {key!r} missing or not a mapping")
    for phrase, title in raw["titles"].items():
        if title not in sectors:
            raise InvalidKnowledgeBase(f"{path}: title {phrase!r} -> unknown key {title!r}")
    for phrase, sector in raw["groups"].items():
        if sector not in SECTORS:
            raise InvalidKnowledgeBase(f"{path}: group {phrase!r} has unknown sector {sector!r}")
    missing = [k for k in ANAPHORA_LISTS if k not in raw["anaphora"]]
    if missing:
        raise InvalidKnowledgeBase(f"{path}: anaphora lacks {missing}")
    if not isinstance(raw["anaphora"].get("pro_drop", False), bool):
        raise InvalidKnowledgeBase(f"{path}: anaphora.pro_drop must be true or false")
    plurals = {k.lower(): v for k, v in (raw.get("plural_titles") or {}).items()}
    for phrase, title in plurals.items():
        if title not in sectors:
            raise InvalidKnowledgeBase(f"{path}: plural title {phrase!r} -> unknown {title!r}")
    return Lexicon(
        lang,
        {k.lower(): v for k, v in raw["titles"].items()},
        sectors,
        {k.lower(): v for k, v in raw["groups"].items()},
        raw["anaphora"],
        frozenset(w.lower() for w in raw.get("honorifics") or ()),
        plurals,
    )


def _phrases(lex: Lexicon) -> dict[str, list[str]]:
    """Matcher label -> phrases."""
    ana = lex.anaphora
    return {
        "TITLE": list(lex.titles),
        "TITLES": list(lex.plural_titles),
        "GROUP": list(lex.groups),
        "PAIR": list(ana["pair"]),
        "PAIR_COUNTRIES": list(ana["pair_countries"]),
        "THE_COUNTRY": list(ana["country"]),
        "POSS_COUNTRY": list(ana["possessive_country"]),
        "REGIME": list(ana["regime"]),
        "GROUP_COUNTRY": list(ana.get("group_country", {})),
    }


@lru_cache(maxsize=16)
def _tokenizer(lang: str):  # noqa: ANN202 - spaCy tokenizer object
    return spacy.blank(lang).tokenizer


_MATCHERS: dict[tuple[str, int], PhraseMatcher] = {}


def phrase_matcher(lang: str, vocab: Vocab) -> PhraseMatcher:
    """A LOWER PhraseMatcher over the lexicon phrases for ``vocab`` (cached per vocab)."""
    key = (lang, id(vocab))
    if key not in _MATCHERS:
        lex, tok = load_lexicon(lang), _tokenizer(lang)
        matcher = PhraseMatcher(vocab, attr="LOWER")
        for label, phrases in _phrases(lex).items():
            docs = [spacy.tokens.Doc(vocab, words=[t.text for t in tok(p)]) for p in phrases]
            matcher.add(label, docs)
        _MATCHERS[key] = matcher
    return _MATCHERS[key]
