"""The cleaning knowledge (`data/cleaning.yaml`), loaded once, validated and compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import InvalidKnowledgeBase

_LIST_KEYS = (
    "residue_lines",
    "ui_words",
    "outlets",
    "outlet_tag_prefixes",
    "domain_tlds",
    "citing_patterns",
    "speech_verbs",
    "quote_introducers",
)


@dataclass(frozen=True)
class CleaningData:
    """Compiled patterns and word sets used by `clean` and `metadata`."""

    residue: tuple[re.Pattern[str], ...]
    ui_line: re.Pattern[str]
    outlets: dict[str, str]  # casefolded name -> name as written in the data file
    outlet_tag: re.Pattern[str]
    domain: re.Pattern[str]
    citing: tuple[re.Pattern[str], ...]
    speech_verbs: frozenset[str]
    quote_introducers: frozenset[str]


def _compile(pattern: str, key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile one pattern, naming the data key when it is invalid."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise InvalidKnowledgeBase(
            f"cleaning.yaml: invalid regular expression in {key!r}: {pattern!r} ({exc})"
        ) from exc


def _alternation(words: list[str]) -> str:
    """Regex alternation of literal words, longest first so multi-word items win."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _validate(raw: Any) -> dict[str, list[str]]:
    """Check that every expected key is a non-empty list of strings."""
    if not isinstance(raw, dict):
        raise InvalidKnowledgeBase("cleaning.yaml: expected a mapping at the top level")
    for key in _LIST_KEYS:
        values = raw.get(key)
        if not isinstance(values, list) or not values:
            raise InvalidKnowledgeBase(f"cleaning.yaml: {key!r} must be a non-empty list")
        bad = [v for v in values if not isinstance(v, str) or not v.strip()]
        if bad:
            raise InvalidKnowledgeBase(f"cleaning.yaml: {key!r} has non-string items {bad!r}")
    return {key: [str(v) for v in raw[key]] for key in _LIST_KEYS}


def compile_data(raw: Any) -> CleaningData:
    """Validate a parsed cleaning.yaml and compile it."""
    data = _validate(raw)
    residue = tuple(_compile(rf"(?:{p})", "residue_lines") for p in data["residue_lines"])
    sep = r"[\s|•·/,;:\-–—]*"
    ui_line = _compile(rf"{sep}(?:(?:{_alternation(data['ui_words'])}){sep})+", "ui_words")
    prefixes = "|".join(data["outlet_tag_prefixes"])
    outlet_tag = _compile(
        rf"[\s(\[—–\-]*(?:(?:{prefixes})\s*)?(?P<name>{_alternation(data['outlets'])}"
        rf"|[A-Z][\w\-]*(?:\.[A-Z][\w\-]*)*\.(?:{'|'.join(data['domain_tlds'])}))"
        r"[\s)\]\.]*",
        "outlets",
    )
    domain = _compile(
        rf"\b[A-Z][\w\-]*\.(?:{'|'.join(data['domain_tlds'])})\b", "domain_tlds", re.IGNORECASE
    )
    return CleaningData(
        residue=residue,
        ui_line=ui_line,
        outlets={name.casefold(): name for name in data["outlets"]},
        outlet_tag=outlet_tag,
        domain=domain,
        citing=tuple(_compile(p, "citing_patterns", 0) for p in data["citing_patterns"]),
        speech_verbs=frozenset(w.casefold() for w in data["speech_verbs"]),
        quote_introducers=frozenset(w.casefold() for w in data["quote_introducers"]),
    )


@lru_cache(maxsize=1)
def load_cleaning_data() -> CleaningData:
    """The packaged cleaning knowledge (cached for the process)."""
    text = (Path(__file__).parent.parent / "data" / "cleaning.yaml").read_text("utf-8")
    return compile_data(yaml.safe_load(text))
