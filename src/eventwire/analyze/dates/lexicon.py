"""Time lexicons (data/lexicons/{lang}/time.yaml): loading, validation, pattern compilation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("en", "es", "fr")

# Word-list sections: placeholder name -> (yaml key, whether values are ints).
WORD_LISTS: dict[str, tuple[str, bool]] = {
    "month": ("months", True),
    "wd": ("weekdays", True),
    "rday": ("relative_days", True),
    "mod": ("modifiers", True),
    "modp": ("modifiers_after", True),
    "unit": ("units", False),
    "num": ("numbers", True),
    "part": ("parts_of_day", False),
    "season": ("seasons", False),
    "qord": ("ordinals", True),
    "edge": ("edges", False),
    "ref": ("references", False),
    "setw": ("sets", False),
    "dirw": ("direction_words", True),
}

# Number shapes shared by all languages.
BUILTINS = {
    "day": r"(?P<day>3[01]|[12]\d|0?[1-9])",
    "mnum": r"(?P<mnum>1[0-2]|0?[1-9])",
    "year": r"(?P<year>(?:1[89]|20)\d\d)",
    "yy": r"(?P<yy>\d\d)",
    "hour": r"(?P<hour>2[0-3]|[01]?\d)",
    "minute": r"(?P<minute>[0-5]\d)",
    "ampm": r"(?P<ampm>[ap]\.m\.|[ap]m)",
    "decade": r"(?P<decade>(?:1[89]|20)\d0|'?\d0)",
    "qnum": r"(?P<qord>[1-4])",
}
UNIT_CODES = {"D", "W", "WE", "M", "Y", "Q", "DE", "CE", "H"}
REFERENCE_VALUES = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
SPACE_IN_SET = re.compile(r"\[[^\]]* [^\]]*\]")
# Digits may not touch a match (no "2008" inside "12008" or "2008%", no "15" in "15,000").
LEFT_GUARD = r"(?<![\w$€£])(?<!\d[.,])"
RIGHT_GUARD = r"(?!\w)(?![.,]\d)(?!\s?%)"


class TimeLexiconError(ValueError):
    """A time.yaml file is malformed; the message names the file and the fix."""


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    type: str  # DATE | TIME | DURATION | SET
    shift: int  # -1 "ago", +1 "in two weeks", 0 otherwise
    source: str  # the pattern as written in the yaml file (explainability)


@dataclass(frozen=True)
class TimeLexicon:
    lang: str
    words: dict[str, dict[str, Any]]  # placeholder -> casefolded word -> value
    anaphors: tuple[str, ...]
    future_words: tuple[str, ...]
    future_endings: tuple[str, ...]
    patterns: tuple[Pattern, ...]

    def value(self, placeholder: str, word: str) -> Any:
        """The lexicon value of a matched word (whitespace and apostrophes normalised)."""
        return self.words[placeholder].get(fold(word))


def fold(word: str) -> str:
    """Casefold and normalise whitespace/apostrophes so matched text finds its lexicon entry."""
    return re.sub(r"\s+", " ", word.replace("’", "'")).strip().casefold()


def _alternation(words: list[str], case_sensitive: set[str]) -> str:
    """A regex alternation of words, longest first; listed words keep their exact casing."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        exact = next((c for c in case_sensitive if fold(c) == fold(word)), None)
        escaped = re.escape(exact or word).replace(r"\ ", " ")
        parts.append(f"(?-i:{escaped})" if exact else escaped)
    return "|".join(parts)


def _expand(template: str, lists: dict[str, str], path: str) -> str:
    """Replace {placeholders} with named groups; spaces and apostrophes become tolerant."""

    def group(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in BUILTINS:
            return BUILTINS[name]
        if name in lists:
            return f"(?P<{name}>{lists[name]})" if lists[name] else "(?!x)x"
        raise TimeLexiconError(f"{path}: unknown placeholder {{{name}}}; use one of "
                               f"{sorted([*BUILTINS, *lists])}")

    if SPACE_IN_SET.search(template.replace("[ ]", "")):
        raise TimeLexiconError(f"{path}: pattern {template!r} has a space inside [...]; "
                               "write (?: |-) instead of [ -]")
    body = PLACEHOLDER.sub(group, template)
    # "[ ]" is exactly one space (look-behinds need a fixed width), " ?" optional spaces,
    # " " any run of them.
    # Never across a line break: a headline's "until Friday" and the dateline below are two.
    body = body.replace("[ ]", "\x00").replace(" ?", "\x01").replace(" ", r"[^\S\n]+")
    body = body.replace("\x00", r"[^\S\n]").replace("\x01", r"[^\S\n]*")
    body = body.replace("'", "['’]")
    return LEFT_GUARD + "(?:" + body + ")" + RIGHT_GUARD


def _check_section(data: dict[str, Any], key: str, ints: bool, path: str) -> dict[str, Any]:
    section = data.get(key) or {}
    if not isinstance(section, dict):
        raise TimeLexiconError(f"{path}: `{key}` must be a mapping word -> value")
    for word, value in section.items():
        if ints and not isinstance(value, int):
            raise TimeLexiconError(f"{path}: `{key}.{word}` must be an integer, got {value!r}")
    if key == "units" and not {str(v).rstrip("+") for v in section.values()} <= UNIT_CODES:
        raise TimeLexiconError(f"{path}: `units` values must be among {sorted(UNIT_CODES)}")
    if key == "references" and not set(section.values()) <= REFERENCE_VALUES:
        raise TimeLexiconError(f"{path}: `references` values must be among {REFERENCE_VALUES}")
    return {fold(str(w)): v for w, v in section.items()}


def parse_lexicon(data: dict[str, Any], lang: str, path: str) -> TimeLexicon:
    """Validate a loaded time.yaml and compile its patterns."""
    case_sensitive = set(data.get("case_sensitive") or [])
    words = {name: _check_section(data, key, ints, path)
             for name, (key, ints) in WORD_LISTS.items()}
    raw_lists = {name: [str(w) for w in (data.get(key) or {})]
                 for name, (key, _) in WORD_LISTS.items()}
    anaphors = tuple(str(a) for a in data.get("anaphors") or [])
    raw_lists["anaphor"] = list(anaphors)
    lists = {name: _alternation(ws, case_sensitive) for name, ws in raw_lists.items()}
    lists["num"] = r"\d{1,3}|" + lists["num"]  # "20 years ago"; four digits would be a year
    cues = [str(c) for c in data.get("future_cues") or []]
    patterns = []
    for i, entry in enumerate(data.get("patterns") or []):
        if not isinstance(entry, dict) or "re" not in entry:
            raise TimeLexiconError(f"{path}: patterns[{i}] needs a `re` key")
        kind = entry.get("type", "DATE")
        if kind not in {"DATE", "TIME", "DURATION", "SET"}:
            raise TimeLexiconError(f"{path}: patterns[{i}].type must be DATE/TIME/DURATION/SET")
        regex = _expand(entry["re"], lists, path)
        try:
            compiled = re.compile(regex, re.IGNORECASE)
        except re.error as exc:
            raise TimeLexiconError(f"{path}: patterns[{i}] does not compile: {exc}") from exc
        patterns.append(Pattern(compiled, kind, int(entry.get("shift", 0)), entry["re"]))
    if not patterns:
        raise TimeLexiconError(f"{path}: no `patterns`; copy the list from en/time.yaml")
    return TimeLexicon(
        lang=lang,
        words=words,
        anaphors=tuple(fold(a) for a in anaphors),
        future_words=tuple(fold(c) for c in cues if not c.startswith("-")),
        future_endings=tuple(fold(c[1:]) for c in cues if c.startswith("-")),
        patterns=tuple(patterns),
    )


@cache
def load_time_lexicon(lang: str) -> TimeLexicon:
    """The packaged time lexicon of a language (cached)."""
    if lang not in LANGUAGES:
        raise TimeLexiconError(f"no time lexicon for language {lang!r}; use one of {LANGUAGES}")
    path = resources.files("eventwire") / "data" / "lexicons" / lang / "time.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TimeLexiconError(f"{path}: expected a mapping at the top level")
    return parse_lexicon(data, lang, str(path))
