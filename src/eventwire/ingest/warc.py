"""WARC files (``.warc``, ``.warc.gz``): web archives such as Common Crawl's CC-NEWS, or a
crawl by wget, Heritrix or Browsertrix, read record by record (streamed with warcio, never
loaded whole).

Each ``response`` record of an HTML page with status 200 goes through the same extraction as an
HTML file; its ``WARC-Target-URI`` becomes the article's URL and its ``WARC-Date`` (when the
page was crawled) the publication date of last resort (``RawDocument.crawled``). Records of
other pages are `Skipped` with a reason, counted but not errors:

============  ==================================================================
``not-html``  an image, a PDF, a script, a DNS record ...
``status``    an HTTP status other than 200 (redirects, 404s, server errors)
``duplicate`` a ``revisit`` record, or a payload (``WARC-Payload-Digest``) this file
              already held
============  ==================================================================

``request``, ``metadata`` and ``warcinfo`` records are passed over silently. A record that is
truncated or corrupt is one `ItemError` (source ``path@OFFSET``, the record's byte offset, as
``warcio extract`` takes it); reading goes on at the next record found after it.

Resuming: after every record the reader yields a `Position` (the file's resolved path, a
fingerprint of its first 64 KiB, and the offset of the next record). A caller that remembers
the last position whose articles it has saved passes ``start_at``; a second read then seeks to
that offset (a record boundary, and in a ``.warc.gz`` a gzip member boundary) instead of
starting again. Payload digests seen before that offset are not remembered, so a duplicate
across the restart is left to the store, which knows every article by its content hash.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from eventwire.errors import ArticleTooLarge, EventwireError, TruncatedRecord
from eventwire.ingest.documents import error_for, with_origin
from eventwire.ingest.encoding import decode_bytes
from eventwire.ingest.html import declared_charset, extract_page, looks_like_html
from eventwire.models import ItemError, Position, RawDocument, Skipped

SUFFIXES = (".warc", ".warc.gz")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w\-]+)", re.IGNORECASE)
_FINGERPRINT_BYTES = 65536
_SCAN_CHUNK = 1 << 20
_HTML_TYPES = ("text/html", "application/xhtml+xml")

Item = RawDocument | ItemError | Skipped | Position
StartAt = Callable[[str, str], int]


def is_warc(path: str) -> bool:
    """True for a ``.warc`` or ``.warc.gz`` file name."""
    return path.lower().endswith(SUFFIXES)


def fingerprint(path: str) -> str:
    """sha256 of a file's first 64 KiB: the same file at the same path, or another one."""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read(_FINGERPRINT_BYTES)).hexdigest()


def read_warc(path: str, *, settings: Any, start_at: StartAt | None = None) -> Iterator[Item]:
    """Documents, skips, item errors and positions for every record of the WARC at ``path``.

    Example: ``for item in read_warc("CC-NEWS-2024.warc.gz", settings=s): ...``
    """
    resolved = os.path.realpath(path)
    size = os.path.getsize(path)
    mark = fingerprint(path)
    start = start_at(resolved, mark) if start_at else 0
    start = start if 0 <= start <= size else 0
    seen: set[str] = set()
    with open(path, "rb") as handle:
        gzipped = handle.read(3) == _GZIP_MAGIC
        while start is not None and start < size:
            start = yield from _read_from(handle, start, path, gzipped, size, settings, seen,
                                          lambda offset: Position(resolved, mark, offset))
    yield Position(resolved, mark, size)


def _read_from(
    handle: IO[bytes], start: int, path: str, gzipped: bool, size: int, settings: Any,
    seen: set[str], position: Callable[[int], Position],
) -> Iterator[Item]:
    """Records from ``start`` on; returns where to start again after a corrupt record (or None).

    warcio's ``records.offset`` is the file offset of the record being read (it starts at the
    handle's position and is moved on once a record is consumed).
    """
    handle.seek(start)
    records = ArchiveIterator(handle)
    current = start
    try:
        for record in records:
            current = records.offset
            item = _record_item(record, f"{path}@{current}", settings, seen)
            records.read_to_end()  # sets records.offset to the next record
            if item is not None:
                yield item
            yield position(records.offset)
        end = records.offset
    except Exception as exc:  # a corrupt record is one item error (STYLE.md 8)
        failed = max(current, records.offset)
        yield ItemError(f"{path}@{failed}", "read", f"corrupt WARC record ({type(exc).__name__}: "
                        f"{exc}); reading goes on at the next record")
        return _next_record(handle, failed + 1, gzipped)
    if end < size and not _only_padding(handle, end, size):
        yield ItemError(f"{path}@{end}", "read", f"truncated WARC record: the file ends inside it "
                        f"({size - end} bytes left unread); download the file again")
        return _next_record(handle, end + 1, gzipped)
    return None


def _record_item(record: Any, source: str, settings: Any, seen: set[str]) -> Item | None:
    """One record as a document, a skip or an item error (None: not a page record)."""
    kind = record.rec_type
    if kind is None or record.length is None:
        return ItemError(source, "read", "truncated WARC record: no WARC headers; the file is "
                         "cut or corrupt here")
    if kind == "revisit":
        return Skipped(source, "duplicate")
    if kind != "response":
        return None
    http = record.http_headers
    if http is None or not http.get_statuscode():
        return Skipped(source, "not-html")
    if http.get_statuscode() != "200":
        return Skipped(source, "status")
    declared = (http.get_header("Content-Type") or
                record.rec_headers.get_header("WARC-Identified-Payload-Type") or "").lower()
    if declared and not declared.startswith(_HTML_TYPES):
        return Skipped(source, "not-html")
    try:
        body = _body(record, settings.max_article_bytes)
    except EventwireError as exc:
        return error_for(source, None, exc)
    digest = record.rec_headers.get_header("WARC-Payload-Digest") or hashlib.sha1(body).hexdigest()
    if digest in seen:
        return Skipped(source, "duplicate")
    seen.add(digest)
    try:
        return _page_document(record, body, declared, source)
    except EventwireError as exc:
        return error_for(source, None, exc)
    except Exception as exc:  # a page the parsers choke on is this record's error only
        return ItemError(source, "parse", f"unexpected {type(exc).__name__}: {exc}")


def _body(record: Any, limit: int) -> bytes:
    """The HTTP payload (transfer and content encodings undone), checked for size and cuts."""
    stream = record.content_stream()
    body = stream.read(limit + 1)
    if len(body) > limit:
        raise ArticleTooLarge(
            f"the record's page is above the limit of {limit} bytes; raise max_article_bytes "
            "(EVENTWIRE_MAX_ARTICLE_BYTES) if this is expected"
        )
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        raise TruncatedRecord(f"truncated WARC record: {missing} bytes of its content are "
                              "missing; the file is cut or corrupt here")
    return body


def _page_document(record: Any, body: bytes, declared: str, source: str) -> RawDocument | Skipped:
    """The page of a response record, as an HTML file would give it."""
    charset = _CHARSET.search(declared)
    page, encoding = decode_bytes(
        body, declared=charset.group(1) if charset else declared_charset(body)
    )
    if not declared and not looks_like_html(page):
        return Skipped(source, "not-html")
    found = extract_page(page)
    headers = record.rec_headers
    doc = RawDocument(
        source=source,
        content=page,
        kind="html",
        title=found.title,
        url=headers.get_header("WARC-Target-URI") or found.url,
        published=found.date,
        outlet=found.sitename,
        language=found.language,
        encoding=encoding,
        crawled=headers.get_header("WARC-Date"),
    )
    return with_origin(doc, "html")


def _next_record(handle: IO[bytes], after: int, gzipped: bool) -> int | None:
    """The offset of the next gzip member (or ``WARC/1.x`` line) at or after ``after``.

    A gzip header can also occur by chance inside compressed data: warcio then fails on it and
    the search goes on after it, so a false start costs one more item error at most.
    """
    magic, lead = (_GZIP_MAGIC, b"") if gzipped else (_WARC_MAGIC, b"\n")
    handle.seek(max(0, after - len(lead)))
    base = handle.tell()
    data = b""
    while chunk := handle.read(_SCAN_CHUNK):
        data += chunk
        found = data.find(lead + magic)
        if found >= 0:
            return base + found + len(lead)
        keep = len(lead + magic) - 1  # a magic split across two chunks
        base += len(data) - keep
        data = data[-keep:]
    return None


def _only_padding(handle: IO[bytes], start: int, end: int) -> bool:
    """True when the bytes after the last record are only blank lines (or zero padding)."""
    if end - start > 4096:
        return False
    handle.seek(start)
    return not handle.read(end - start).strip(b"\r\n\t \x00")
