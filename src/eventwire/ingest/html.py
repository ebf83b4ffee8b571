"""HTML pages: the article body and page metadata via trafilatura (comments left out)."""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from functools import lru_cache

import trafilatura

from eventwire.errors import EmptyDocument
from eventwire.ingest.shortpage import short_body

# A page whose main text is shorter than this is navigation or a stub, not an article, unless
# its main element holds a headline and a full sentence (`shortpage`).
MIN_BODY_WORDS = 20
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w\-]+)""", re.IGNORECASE)
_LANG = re.compile(r"""<html[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z]+)?""", re.I)
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|blockquote|tr|section)>", re.I)
_TAG = re.compile(r"<[^>]+>")
_OPEN_CLOSE = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
# libxml2 (under trafilatura) stops building the tree past this depth: deeper text is lost.
PARSER_MAX_DEPTH = 255


def nesting_depth(page: str) -> int:
    """The deepest element nesting in a page (void and self-closed elements do not nest)."""
    depth = deepest = 0
    for closing, name, self_closed in _OPEN_CLOSE.findall(page):
        if closing:
            depth = max(0, depth - 1)
        elif not self_closed and name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


@dataclass(frozen=True)
class HtmlPage:
    """What trafilatura found in a page."""

    text: str
    title: str | None
    date: str | None
    sitename: str | None
    url: str | None
    language: str | None
    short: bool = False  # below MIN_BODY_WORDS, kept as a headline and full sentence(s)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag, if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


@lru_cache(maxsize=4)  # readers and build_article run item by item
def extract_page(page: str) -> HtmlPage:
    """Main text and metadata of an HTML page; raises EmptyDocument when there is no body.

    Cached (on the page alone) because readers extract once to check the page and
    `build_article` needs the text again.
    """
    found = trafilatura.bare_extraction(
        page,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    meta = found.as_dict() if found is not None else {}
    text = (meta.get("text") or "").strip()
    words = len(text.split())
    if words < MIN_BODY_WORDS and (depth := nesting_depth(page)) > PARSER_MAX_DEPTH:
        raise EmptyDocument(
            f"the HTML page nests elements {depth} levels deep, beyond the HTML parser's limit "
            f"of {PARSER_MAX_DEPTH}, so its text cannot be extracted; flatten the page (or "
            "ingest its text as a .txt file)"
        )
    title = meta.get("title") or None
    short = False
    # below 2 * MIN_BODY_WORDS trafilatura falls back to the whole page (navigation included):
    # a headline and full sentences in the main element are then the better text
    if words < 2 * MIN_BODY_WORDS:
        found_short = short_body(page)
        own_words = len(found_short.text.split())
        if found_short.text and (words < MIN_BODY_WORDS or own_words < MIN_BODY_WORDS):
            text, title = found_short.text, found_short.headline or title
            short = own_words < MIN_BODY_WORDS
        elif words < MIN_BODY_WORDS:
            raise EmptyDocument(
                f"no article body found in the HTML page ({words} words of main text; "
                f"{found_short.reason or 'too short'}); if the page builds its text with "
                "JavaScript, save the rendered page and ingest that file"
            )
    lang = _LANG.search(page[:4096])
    return HtmlPage(
        text=text,
        title=title,
        date=meta.get("date") or None,
        sitename=meta.get("sitename") or None,
        url=meta.get("url") or None,
        language=lang.group(1).lower() if lang else None,
        short=short,
    )


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary): block ends become paragraph breaks."""
    text = _BLOCK_END.sub("\n\n", fragment)
    return htmllib.unescape(_TAG.sub("", text)).strip()


def looks_like_html(text: str) -> bool:
    """True when a document starts like an HTML page."""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in text[:4096].lower()
