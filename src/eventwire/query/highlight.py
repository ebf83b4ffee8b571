"""Where a search matched inside a hit's text: a snippet around the first match, and offsets.

The matches are found with the same regular expressions the store filters event evidence with
(``store.search.term_pattern``), so what the index found is what gets marked: whole words,
case-insensitive, prefixes to the end of the word, phrases across punctuation. Terms under an
exclusion are never marked. Offsets are Python string indexes (code points), end exclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.search_syntax import Node, terms
from eventwire.store.search import term_pattern

SNIPPET = 90  # characters of context each side of the first match
MAX_MATCHES = 100  # offsets listed per hit; a long article may hold many more


@dataclass(frozen=True)
class Snippet:
    """A window of a text with its matches: ``highlights`` in ``text``, ``matches`` in the text
    the window was cut from."""

    text: str
    highlights: list[list[int]]
    matches: list[list[int]]


def match_spans(body: str, node: Node) -> list[list[int]]:
    """[start, end) of every match of the tree's terms in ``body``, in order, overlaps merged.

    >>> match_spans("Diplomats met; diplomatic talks", parse("diplomat* talks"))
    [[0, 9], [15, 25], [26, 31]]
    """
    patterns = {term_pattern(t) for t in terms(node)}
    spans = sorted(m.span() for p in patterns for m in re.finditer(p, body))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])
    return merged[:MAX_MATCHES]


def snippet(body: str, node: Node) -> Snippet:
    """The part of ``body`` around its first match (cut at spaces), with every match marked."""
    spans = match_spans(body, node)
    if not spans:  # matched elsewhere (a title, a speaker's name): the start of the text
        cut = len(body) > 2 * SNIPPET
        return Snippet(body[: 2 * SNIPPET] + ("…" if cut else ""), [], [])
    first, last = spans[0]
    a, b = max(0, first - SNIPPET), min(len(body), last + SNIPPET)
    if a > 0 and (space := body.find(" ", a, first)) >= 0:
        a = space + 1
    if b < len(body) and (space := body.rfind(" ", last, b)) > last:
        b = space
    lead = "…" if a else ""
    text = lead + body[a:b] + ("…" if b < len(body) else "")
    shift = len(lead) - a
    inside = [[s + shift, e + shift] for s, e in spans if a <= s and e <= b]
    return Snippet(text, inside, spans)
