"""Find documents in the inputs: files, folders, stdin, JSON / JSON Lines, HTML, RSS/Atom.

Inputs are paths, folders (read recursively in name order; hidden files and folders are
skipped), ``-`` for standard input, or http(s) URLs of RSS/Atom feeds. The format comes from
the file extension, else from sniffing the content. WARC files (``.warc``, ``.warc.gz``) are
read record by record by `eventwire.ingest.warc`; URL lists (``*.urls``, a text file of only
URLs, or ``url_lists``) have their pages fetched by `eventwire.ingest.urls`.

JSON (one object or a list of objects) and JSON Lines (one object per line) records accept:

=============  ======================================================================
``id``         the article id (string or number); default: hash of the cleaned text
``text``       the article text — or ``html``: a whole HTML page (one of the two is needed)
``title``      headline
``url``        where the article was published
``published``  publication date (ISO 8601, RFC 2822 or a plain date; "May 2014" or a
               year-less "May 8" keep their precision); aliases ``date``, ``published_at``,
               ``datePublished``, ``pubDate``
``outlet``     publisher name
``language``   ISO 639-1 code ("en", "es", "fr"); alias ``lang``
=============  ======================================================================

A JSON file may also wrap the list: ``{"documents": [...]}`` (the API's request body), or
``articles`` / ``items`` / ``records``. A JSON Lines record's source is ``path:LINE``; a JSON
list item's is ``path[INDEX]``.

Nothing here raises for a bad item: each failure is yielded as an `ItemError` naming the
input, the step and the reason, and reading goes on with the next item.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.errors import (
    ArticleTooLarge,
    EmptyDocument,
    EventwireError,
    MalformedRecord,
    UnsupportedFormat,
)
from eventwire.ingest.documents import error_for, with_origin
from eventwire.ingest.encoding import decode_bytes
from eventwire.ingest.feeds import fetch, looks_like_feed, parse_feed
from eventwire.ingest.html import declared_charset, extract_page, looks_like_html
from eventwire.ingest.language import normalise_code
from eventwire.ingest.urls import SUFFIX as URL_LIST_SUFFIX
from eventwire.ingest.urls import looks_like_url_list, read_url_list
from eventwire.ingest.warc import Item, StartAt, is_warc, read_warc
from eventwire.models import ItemError, RawDocument

EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}  # fmt: skip
# Formats we do not read: a clear refusal beats ingesting a spreadsheet as one "article".
UNSUPPORTED = frozenset(
    ".csv .tsv .xls .xlsx .ods .pdf .doc .docx .odt .rtf .epub .zip .gz .bz2 .xz .7z .tar "
    ".png .jpg .jpeg .gif .webp .mp3 .mp4 .db .sqlite .parquet".split()
)
# Files holding many articles (JSON, JSON Lines, feeds) may be this many times the article limit.
CONTAINER_FACTOR = 50
# {"documents": [...]} (the API's request body) and similar wrappers around a record list
_WRAPPERS = ("documents", "articles", "items", "records")
_PUBLISHED = ("published", "date", "published_at", "datePublished", "pubDate")


def iter_documents(
    inputs: list[str],
    *,
    settings: Any,
    start_at: StartAt | None = None,
    url_lists: list[str] = (),  # type: ignore[assignment]
) -> Iterator[Item]:
    """Every document found in ``inputs``, or an `ItemError` for each one that fails.

    WARC files (`warc`) also give a `Skipped` for each record that is not an article page and
    a `Position` after each record; ``start_at(path, fingerprint)`` says where to resume one.
    ``url_lists`` are files of URLs whose pages are fetched (`urls`); a ``*.urls`` file or a
    text file of nothing but URLs among ``inputs`` is one too.

    Example: ``for item in iter_documents(["examples/articles", "feed.xml"], settings=s): ...``
    """
    for item in [inputs] if isinstance(inputs, str) else inputs:
        if item == "-":
            yield from _guarded("-", _read_stdin, settings)
        elif item.startswith(("http://", "https://")):
            yield from _guarded(item, _read_url, item, settings)
        elif os.path.isdir(item):
            for path in walk(item):
                yield from _guarded(path, _read_file, path, settings, start_at)
        elif os.path.exists(item):
            yield from _guarded(item, _read_file, item, settings, start_at)
        else:
            yield ItemError(item, "read", "no such file, folder or http(s) URL; check the path")
    for path in url_lists:
        yield from _guarded(path, _read_url_file, path, settings)


def _read_url_file(path: str, settings: Any) -> Iterator[Item]:
    """A URL list file, streamed line by line (a list has no size limit)."""
    with open(path, encoding="utf-8-sig", errors="replace") as lines:
        yield from read_url_list(lines, settings=settings)


def walk(folder: str) -> list[str]:
    """Files under ``folder``, recursively, sorted, without hidden files or folders."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(root, f) for f in sorted(files) if not f.startswith("."))
    return sorted(found)


def _guarded(source: str, reader: Any, *args: Any) -> Iterator[Item]:
    """Run one input's reader; turn any failure into an ItemError for that input."""
    try:
        yield from reader(*args)
    except EventwireError as exc:
        yield error_for(source, None, exc)
    except OSError as exc:
        yield ItemError(source, "read", f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # one bad input must never stop the batch (STYLE.md 8)
        yield ItemError(source, "read", f"unexpected {type(exc).__name__}: {exc}")


def _read_file(path: str, settings: Any, start_at: StartAt | None = None) -> Iterator[Item]:
    """One file, after a format and size check (containers may hold many articles)."""
    if is_warc(path):  # streamed record by record: no size limit on the archive
        yield from read_warc(path, settings=settings, start_at=start_at)
        return
    if path.lower().endswith(URL_LIST_SUFFIX):
        yield from _read_url_file(path, settings)
        return
    suffix = Path(path).suffix.lower()
    if suffix in UNSUPPORTED:
        raise UnsupportedFormat(
            f"{suffix} files are not read; convert the articles to .txt, .html, .json or .jsonl"
        )
    fmt = EXTENSIONS.get(suffix)
    limit = settings.max_article_bytes
    if fmt in ("json", "jsonl", "feed"):
        limit *= CONTAINER_FACTOR
    size = os.path.getsize(path)
    if size > limit:
        raise ArticleTooLarge(
            f"{size} bytes is above the limit of {limit}; raise max_article_bytes "
            "(EVENTWIRE_MAX_ARTICLE_BYTES) or split the file"
        )
    yield from _read_bytes(Path(path).read_bytes(), path, fmt, settings)


def _read_stdin(settings: Any) -> Iterator[RawDocument | ItemError]:
    """Standard input, format sniffed from the content."""
    limit = settings.max_article_bytes * CONTAINER_FACTOR
    data = sys.stdin.buffer.read(limit + 1)  # never more than the limit in memory
    if len(data) > limit:
        raise ArticleTooLarge(
            f"standard input is above the limit of {limit} bytes; raise max_article_bytes "
            "(EVENTWIRE_MAX_ARTICLE_BYTES) or split the input"
        )
    yield from _read_bytes(data, "-", None, settings)


def _read_url(url: str, settings: Any) -> Iterator[RawDocument | ItemError]:
    """An RSS/Atom feed at an http(s) URL."""
    limit = settings.max_article_bytes * CONTAINER_FACTOR
    data = fetch(url, timeout=settings.fetch_timeout, max_bytes=limit)
    text, _ = decode_bytes(data, declared=declared_charset(data))
    if not looks_like_feed(text):
        kind = "an HTML page" if looks_like_html(text) else "not XML"
        raise UnsupportedFormat(
            f"the URL gives {kind}, not an RSS/Atom feed; pass a feed URL, or save the page "
            "and ingest the file"
        )
    yield from parse_feed(data, source=url, settings=settings)


def sniff_format(text: str) -> str:
    """Format of a document from its first characters: feed, html, json, jsonl or text."""
    head = text.lstrip()[:2048]
    if head.startswith("<") and looks_like_feed(head):
        return "feed"
    if head.startswith("<") and looks_like_html(text):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        lines = [ln for ln in text.strip().splitlines() if ln.strip()]
        jsonl = len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines[:5])
        return "jsonl" if jsonl else "json"
    return "text"


def _read_bytes(
    data: bytes, source: str, fmt: str | None, settings: Any
) -> Iterator[RawDocument | ItemError]:
    """Decode, check and dispatch one input's bytes by format."""
    if not data.strip():
        what = "empty (0 bytes)" if not data else "only whitespace"
        raise EmptyDocument(f"the input is {what}; nothing to ingest")
    text, encoding = decode_bytes(data, declared=declared_charset(data))
    if not text.strip():
        raise EmptyDocument("the input contains only whitespace; nothing to ingest")
    fmt = fmt or sniff_format(text)
    if fmt == "feed":
        yield from parse_feed(data, source=source, settings=settings)
    elif fmt == "json":
        yield from _read_json(text, source, settings)
    elif fmt == "jsonl":
        yield from _read_jsonl(text, source, settings)
    elif fmt == "html":
        _check_size(text, settings)
        yield _html_document(text, source=source, encoding=encoding)
    elif looks_like_url_list(text):
        yield from read_url_list(text.splitlines(), settings=settings)
    else:
        _check_size(text, settings)
        yield with_origin(RawDocument(source=source, content=text, encoding=encoding), "text")


def _html_document(page: str, *, source: str, encoding: str | None) -> RawDocument:
    """An HTML page as a document (raises EmptyDocument when it has no article body)."""
    found = extract_page(page)
    doc = RawDocument(
        source=source,
        content=page,
        kind="html",
        title=found.title,
        url=found.url,
        published=found.date,
        outlet=found.sitename,
        language=found.language,
        encoding=encoding,
    )
    return with_origin(doc, "html")


def _check_size(text: str, settings: Any) -> None:
    """Refuse one article above settings.max_article_bytes (UTF-8 size)."""
    size = len(text.encode("utf-8"))
    if size > settings.max_article_bytes:
        raise ArticleTooLarge(
            f"the article is {size} bytes, above the limit of {settings.max_article_bytes}; "
            "raise max_article_bytes (EVENTWIRE_MAX_ARTICLE_BYTES) if this is expected"
        )


def _read_json(text: str, source: str, settings: Any) -> Iterator[RawDocument | ItemError]:
    """A JSON file: one record or a list of records."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedRecord(
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}; "
            "for one record per line, name the file .jsonl"
        ) from exc
    if isinstance(value, dict):
        wrapped = next((value[k] for k in _WRAPPERS if isinstance(value.get(k), list)), None)
        if wrapped is None or "text" in value or "html" in value:
            yield _guard_record(value, source, (source, None), settings)
            return
        value = wrapped
    if not isinstance(value, list):
        raise MalformedRecord("expected a JSON object or a list of objects")
    for index, record in enumerate(value):
        yield _guard_record(record, f"{source}[{index}]", (f"{source}[{index}]", None), settings)


def _read_jsonl(text: str, source: str, settings: Any) -> Iterator[RawDocument | ItemError]:
    """A JSON Lines file: one record per line; a bad line is reported with its number."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ItemError(
                source,
                "parse",
                f"MalformedRecord: invalid JSON on line {number} (column {exc.colno}: "
                f"{exc.msg}); each line must be one complete JSON object",
                number,
            )
            continue
        yield _guard_record(record, f"{source}:{number}", (source, number), settings)


def _guard_record(
    record: Any, source: str, where: tuple[str, int | None], settings: Any
) -> RawDocument | ItemError:
    """A record as a document, or an ItemError (at ``where``: file, line) saying what is wrong."""
    try:
        return record_document(record, source=source, settings=settings)
    except EventwireError as exc:
        return error_for(*where, exc)


def _field(record: dict[str, Any], *names: str) -> str | None:
    """The first present, non-empty field among ``names``, as a string."""
    for name in names:
        value = record.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def record_document(record: Any, *, source: str, settings: Any) -> RawDocument:
    """A JSON record (fields in the module docstring) as a document."""
    if not isinstance(record, dict):
        raise MalformedRecord(f"expected a JSON object, got {type(record).__name__}")
    text, page = record.get("text"), record.get("html")
    body = page if isinstance(page, str) and page.strip() else text
    if not isinstance(body, str) or not body.strip():
        raise MalformedRecord(
            'the record has no "text" or "html" field with content; add the article text'
        )
    _check_size(body, settings)
    fields = {
        "id": _field(record, "id"),
        "title": _field(record, "title"),
        "url": _field(record, "url"),
        "published": _field(record, *_PUBLISHED),
        "outlet": _field(record, "outlet"),
        "language": normalise_code(_field(record, "language", "lang")),
    }
    if body is page:
        found = extract_page(page)
        fields["title"] = fields["title"] or found.title
        fields["url"] = fields["url"] or found.url
        fields["outlet"] = fields["outlet"] or found.sitename
        fields["language"] = fields["language"] or found.language
        published_by_page = fields["published"] is None and found.date is not None
        fields["published"] = fields["published"] or found.date
        doc = RawDocument(source=source, content=page, kind="html", **fields)
        return with_origin(doc, "html" if published_by_page else "json")
    return with_origin(RawDocument(source=source, content=body, kind="text", **fields), "json")
