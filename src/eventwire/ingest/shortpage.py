"""Short articles: a page whose main element holds a headline and at least one full sentence.

trafilatura needs some length before it trusts a page's main text, so a real two-line wire
flash ("<article><h1>…</h1><p>One sentence.</p></article>") came back as too short to be an
article. `short_body` reads the main element itself (``<article>``, ``<main>``,
``[role=main]``, else ``<body>``) without navigation, footers and forms, and keeps its
paragraphs when there is a headline and one sentence that is not page furniture
(`data/pages.yaml`, plus the cleaner's residue lines).

Example::

    >>> found = short_body("<article><h1>Strike</h1><p>Unions called a strike for today.</p>"
    ...                    "</article>")
    >>> found.headline, found.text
    ('Strike', 'Unions called a strike for today.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import yaml

from eventwire.errors import InvalidKnowledgeBase
from eventwire.ingest.patterns import load_cleaning_data

_MAIN = ("//article", "//main", "//*[@role='main']", "//body")
# never the body of an article, wherever they sit in the main element
_FURNITURE_TAGS = ("nav", "footer", "aside", "form", "script", "style", "noscript", "button",
                   "figcaption", "template", "select")
_HEADINGS = ("h1", "h2", "h3")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+")
_FULL_STOP = re.compile(r"[.!?…][\"'”’»)\]]*\Z")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageRules:
    """The knowledge in data/pages.yaml, compiled."""

    min_sentence_words: int
    furniture: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class ShortBody:
    """What the main element of a short page holds; ``text`` is empty when it is no article."""

    headline: str | None
    text: str
    reason: str  # why it is not an article ("" when it is one)


def compile_rules(raw: Any) -> PageRules:
    """Validate a parsed pages.yaml and compile it."""
    if not isinstance(raw, dict):
        raise InvalidKnowledgeBase("pages.yaml: expected a mapping at the top level")
    words = raw.get("min_sentence_words")
    patterns = raw.get("furniture_sentences")
    if not isinstance(words, int) or words < 1:
        raise InvalidKnowledgeBase("pages.yaml: 'min_sentence_words' must be a positive integer")
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise InvalidKnowledgeBase("pages.yaml: 'furniture_sentences' must be a list of strings")
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise InvalidKnowledgeBase(
                f"pages.yaml: invalid regular expression {pattern!r} ({exc})"
            ) from exc
    return PageRules(min_sentence_words=words, furniture=tuple(compiled))


@lru_cache(maxsize=1)
def load_rules() -> PageRules:
    """The packaged short-page knowledge (cached for the process)."""
    text = (Path(__file__).parent.parent / "data" / "pages.yaml").read_text("utf-8")
    return compile_rules(yaml.safe_load(text))


def is_furniture(sentence: str, rules: PageRules | None = None) -> bool:
    """True for a cookie banner, copyright line, sign-in prompt and the like."""
    rules = rules or load_rules()
    if any(p.search(sentence) for p in rules.furniture):
        return True
    return any(p.fullmatch(sentence) for p in load_cleaning_data().residue)


def is_full_sentence(sentence: str, rules: PageRules | None = None) -> bool:
    """Enough words, a capital (or caseless) start and a final . ! ? or …, and not furniture."""
    rules = rules or load_rules()
    words = sentence.split()
    if len(words) < rules.min_sentence_words or not _FULL_STOP.search(sentence):
        return False
    first = next((c for c in sentence if c.isalnum()), "")
    return bool(first) and not first.islower() and not is_furniture(sentence, rules)


def short_body(page: str) -> ShortBody:
    """The headline and paragraphs of a page's main element, if it is a real short article."""
    main, first_h1 = _main_element(page)
    if main is None:
        return ShortBody(None, "", "no text in the main element outside navigation, footers "
                         "and scripts")
    headline = _headline(main) or first_h1
    paragraphs = [p for p in _paragraphs(main) if p != headline and not is_furniture(p)]
    if headline is None:
        return ShortBody(None, "", "no headline (h1-h3) in the main element")
    rules = load_rules()
    if not any(is_full_sentence(s, rules) for p in paragraphs for s in _SENTENCE_END.split(p)):
        return ShortBody(headline, "", "no full sentence under the headline")
    return ShortBody(headline, "\n".join(paragraphs), "")


def _text(element: Any) -> str:
    return _SPACE.sub(" ", element.text_content()).strip()


def _main_element(page: str) -> tuple[Any, str | None]:
    """The main element without furniture elements (or None), and the page's first h1."""
    try:
        root = lxml.html.document_fromstring(page.encode("utf-8"))
    except (ValueError, lxml.etree.ParserError):
        return None, None
    for element in list(root.iter(*_FURNITURE_TAGS)):
        element.drop_tree()
    first_h1 = next((t for t in (_text(h) for h in root.iter("h1")) if t), None)
    for path in _MAIN:
        found = [e for e in root.xpath(path) if _text(e)]
        if found:
            return found[0], first_h1
    return None, first_h1


def _headline(main: Any) -> str | None:
    """The first non-empty h1-h3 in the main element."""
    return next((t for t in (_text(h) for h in main.iter(*_HEADINGS)) if t), None)


def _paragraphs(main: Any) -> list[str]:
    """The main element's <p> texts; without any, its text outside headings as one block."""
    found = [t for t in (_text(p) for p in main.iter("p")) if t]
    if found:
        return found
    for heading in list(main.iter(*_HEADINGS)):
        heading.drop_tree()
    return [t] if (t := _text(main)) else []
