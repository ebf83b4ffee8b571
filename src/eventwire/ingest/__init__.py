"""Ingest: inputs -> RawDocument (readers) -> Article (clean, metadata, language, id, hash).

Example::

    from eventwire.ingest import build_article, iter_documents
    for item in iter_documents(["examples/articles"], settings=settings):
        if isinstance(item, ItemError):
            print(item)
        else:
            article = build_article(item, settings=settings)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from eventwire.errors import ArticleTooLarge, EmptyDocument
from eventwire.ingest.clean import CleanResult, clean_text
from eventwire.ingest.documents import origin_of
from eventwire.ingest.html import extract_page
from eventwire.ingest.language import detect_language, normalise_code
from eventwire.ingest.metadata import extract_metadata
from eventwire.ingest.readers import iter_documents
from eventwire.models import Article, RawDocument

__all__ = ["build_article", "clean_text", "CleanResult", "iter_documents"]


def build_article(doc: RawDocument, *, settings: Any, today: dt.date | None = None) -> Article:
    """Clean ``doc`` and fill in its metadata; raise an EventwireError for a bad document.

    ``today``, when given, dates a year-less dateline ("Dec. 1") in the year that puts it on or
    before that day (``published_precision`` "day-inferred-year"); without it the year stays
    unknown (``published`` None, ``published_partial`` "--12-01", precision "month-day").
    """
    size = len(doc.content.encode("utf-8"))
    if size > settings.max_article_bytes:
        raise ArticleTooLarge(
            f"the article is {size} bytes, above the limit of {settings.max_article_bytes}; "
            "raise max_article_bytes (EVENTWIRE_MAX_ARTICLE_BYTES) if this is expected"
        )
    page_language = None
    raw = doc.content
    if doc.kind == "html":
        page = extract_page(doc.content)
        raw, page_language = page.text, page.language
    if not raw.strip():
        raise EmptyDocument("the document has no text; nothing to analyse")
    cleaned = clean_text(raw, title=doc.title)
    if not cleaned.text:
        raise EmptyDocument("nothing is left after removing page furniture; not an article")
    meta = extract_metadata(doc, cleaned, origin=origin_of(doc), reference=today)
    language, score = _language(doc, cleaned.text, page_language, settings)
    digest = hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()
    return Article(
        id=doc.id or digest[:16],
        source=doc.source,
        raw_text=raw,
        text=cleaned.text,
        content_hash=digest,
        title=meta.title,
        url=doc.url,
        published=meta.published,
        published_source=meta.published_source,
        language=language,
        language_score=score,
        outlet=meta.outlet,
        cited_source=meta.cited_source,
        removals=cleaned.removals,
        published_precision=meta.published_precision,
        published_partial=meta.published_partial,
        dateline_place=meta.dateline_place,
    )


def _language(
    doc: RawDocument, text: str, page_language: str | None, settings: Any
) -> tuple[str, float | None]:
    """A language given by a JSON record or feed wins; else detection (page lang as fallback)."""
    given = normalise_code(doc.language)
    if given and doc.kind != "html":
        return given, None
    # page templates often declare one language for every page, so detection goes first
    return detect_language(text, default=page_language or settings.default_language)
