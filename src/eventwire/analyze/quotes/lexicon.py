"""Quote-cue lexicons (`data/lexicons/<lang>/quotes.yaml`): loaded once per language, validated.

A lexicon says which verbs introduce speech (and whether a noun-phrase object can carry the
content), which prepositions attribute a statement ("according to", "según", "selon"), and
which nouns make a speaker a medium rather than an actor ("Iranian media").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from eventwire.errors import InvalidKnowledgeBase

LANGUAGES = ("en", "es", "fr")
_KEYS = {"language", "verbs", "sources", "media_heads", "outlet_verbs", "min_words",
         "inflection", "irregular", "turn_labels_skip"}


@dataclass(frozen=True)
class CueVerb:
    """One speech verb: its lemma, an optional required particle, and whether objects count."""

    lemma: str
    particle: str | None = None
    object: bool = False


@dataclass
class CueLexicon:
    """Everything the quote finder knows about one language."""

    language: str
    verbs: dict[str, list[CueVerb]]  # lemma or surface form (lower case) -> entries
    sources: re.Pattern[str]  # prepositional attributions: "according to", "según", "d'après"
    media_heads: frozenset[str]
    outlet_verbs: frozenset[str]
    min_words: int = 4
    lemmas: frozenset[str] = field(default_factory=frozenset)
    # transcript labels that are no speaker of record ("QUESTION:", "PREGUNTA:", "NOTE:")
    turn_labels_skip: frozenset[str] = field(default_factory=frozenset)

    def verb_entries(self, lemma: str, text: str) -> list[CueVerb]:
        """Entries matching a token by lemma first, then by its surface form."""
        return self.verbs.get(lemma.lower()) or self.verbs.get(text.lower()) or []


def _fail(lang: str, message: str) -> InvalidKnowledgeBase:
    path = f"data/lexicons/{lang}/quotes.yaml"
    return InvalidKnowledgeBase(f"{path}: {message}; fix the file (format in en/quotes.yaml)")


def _words(lang: str, raw: Any, key: str) -> list[str]:
    """A list of non-empty strings, lower-cased."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise _fail(lang, f"'{key}' must be a list of non-empty strings")
    return [x.strip().lower() for x in raw]


def _verb(lang: str, raw: Any) -> CueVerb:
    """One `verbs` entry: a lemma string or a mapping {lemma, particle?, object?}."""
    if isinstance(raw, str) and raw.strip():
        return CueVerb(raw.strip().lower())
    if isinstance(raw, dict) and isinstance(raw.get("lemma"), str):
        extra = set(raw) - {"lemma", "particle", "object"}
        if extra:
            raise _fail(lang, f"verb {raw['lemma']!r} has unknown keys {sorted(extra)}")
        particle = raw.get("particle")
        if particle is not None and not (isinstance(particle, str) and particle.strip()):
            raise _fail(lang, f"verb {raw['lemma']!r}: particle must be a non-empty string")
        if not isinstance(raw.get("object", False), bool):
            raise _fail(lang, f"verb {raw['lemma']!r}: object must be true or false")
        return CueVerb(raw["lemma"].strip().lower(), particle and particle.strip().lower(),
                       raw.get("object", False))
    raise _fail(lang, f"bad verb entry {raw!r}: give a lemma or {{lemma: ..., object: true}}")


def _inflected(lang: str, lemma: str, data: dict[str, Any]) -> list[str]:
    """Surface forms of a lemma from the file's suffix rules and irregular forms."""
    forms: list[str] = []
    rules = data.get("inflection") or {}
    if not isinstance(rules, dict):
        raise _fail(lang, "'inflection' must map a lemma ending to a list of endings")
    # the longest matching ending wins ("e" before "" for state -> stated)
    endings = sorted((e for e in rules if lemma.endswith(str(e or ""))),
                     key=lambda e: -len(e or ""))
    if endings:
        ending = str(endings[0] or "")
        stem = lemma[: len(lemma) - len(ending)]
        forms += [stem + s for s in _words(lang, rules[endings[0]], f"inflection.{ending}")]
    forms += _words(lang, (data.get("irregular") or {}).get(lemma), f"irregular.{lemma}")
    return forms


def parse_lexicon(lang: str, data: Any) -> CueLexicon:
    """Validate a parsed quotes.yaml and build the lookup tables."""
    if not isinstance(data, dict):
        raise _fail(lang, "top level must be a mapping")
    unknown = set(data) - _KEYS
    if unknown:
        raise _fail(lang, f"unknown keys {sorted(unknown)}")
    if data.get("language") != lang:
        raise _fail(lang, f"'language' must be {lang!r}, got {data.get('language')!r}")
    raw_verbs = data.get("verbs")
    if not isinstance(raw_verbs, list) or not raw_verbs:
        raise _fail(lang, "'verbs' must be a non-empty list")
    entries = [_verb(lang, v) for v in raw_verbs]
    keys = [(e.lemma, e.particle) for e in entries]
    dupes = sorted({f"{lemma} {p or ''}".strip() for lemma, p in keys
                    if keys.count((lemma, p)) > 1})
    if dupes:
        raise _fail(lang, f"duplicate verbs {dupes}")
    verbs: dict[str, list[CueVerb]] = {}
    for entry in entries:
        for form in [entry.lemma, *_inflected(lang, entry.lemma, data)]:
            verbs.setdefault(form, []).append(entry)
    irregular = data.get("irregular") or {}
    if not isinstance(irregular, dict) or set(irregular) - {e.lemma for e in entries}:
        raise _fail(lang, "'irregular' must map verbs listed in 'verbs' to lists of forms")
    min_words = data.get("min_words", 4)
    if not isinstance(min_words, int) or min_words < 1:
        raise _fail(lang, "'min_words' must be a positive integer")
    phrases = sorted(_words(lang, data.get("sources"), "sources"), key=len, reverse=True)
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) or "(?!)"
    sources = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return CueLexicon(
        language=lang,
        verbs=verbs,
        sources=sources,
        media_heads=frozenset(_words(lang, data.get("media_heads"), "media_heads")),
        outlet_verbs=frozenset(_words(lang, data.get("outlet_verbs"), "outlet_verbs")),
        min_words=min_words,
        lemmas=frozenset(e.lemma for e in entries),
        turn_labels_skip=frozenset(w.upper() for w in _words(lang, data.get("turn_labels_skip"),
                                                             "turn_labels_skip")),
    )


@cache
def load_cues(lang: str) -> CueLexicon:
    """The packaged cue lexicon of `lang` (cached).

    >>> load_cues("en").verb_entries("say", "said")[0].lemma
    'say'
    """
    if lang not in LANGUAGES:
        raise InvalidKnowledgeBase(
            f"no quote lexicon for language {lang!r}; choose from {', '.join(LANGUAGES)}")
    path = resources.files("eventwire") / "data" / "lexicons" / lang / "quotes.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(lang, f"cannot be read ({exc})") from exc
    return parse_lexicon(lang, data)
