"""RSS/Atom feeds (a file or an http(s) URL) and fetching over HTTP.

Each entry gives one document: its full content when the feed carries it, otherwise the page
at the entry's link (fetched with ``settings.fetch_timeout``), otherwise its summary. A failure
affects only its entry.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from typing import Any

import feedparser
import httpx

from eventwire.errors import ArticleTooLarge, EventwireError, FeedError
from eventwire.ingest.documents import with_origin
from eventwire.ingest.encoding import decode_bytes
from eventwire.ingest.html import declared_charset, extract_page, fragment_text, looks_like_html
from eventwire.ingest.language import normalise_code
from eventwire.models import ItemError, RawDocument

log = logging.getLogger(__name__)

# Content shorter than this is a teaser: the full article is fetched from the entry's link.
FULL_CONTENT_WORDS = 80
# A summary ending like this is a teaser whatever its length.
_TEASER_END = re.compile(
    r"(?:\[?(?:…|\.\.\.)\]?|read more|continue reading|leer más|seguir leyendo|lire la suite)"
    r"\W*\Z",
    re.IGNORECASE,
)
USER_AGENT = "eventwire/0.1 (+https://github.com/eventwire)"


def fetch(url: str, *, timeout: float, max_bytes: int) -> bytes:
    """GET ``url`` and return the body; raise FeedError with the reason and a fix."""
    # httpx's timeout is per read: a server dripping bytes would never trip it, so the whole
    # fetch also has a deadline (fetch_timeout: "seconds before a fetch is abandoned")
    deadline = time.monotonic() + timeout
    try:
        with httpx.stream(
            "GET", url, timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
        ) as response:
            if response.status_code >= 400:
                raise FeedError(
                    f"the server answered {response.status_code} {response.reason_phrase} "
                    f"for {url}; check the address"
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the body did not arrive in time")
                if len(body) > max_bytes:
                    raise ArticleTooLarge(
                        f"{url} sends more than {max_bytes} bytes; raise max_article_bytes "
                        "(EVENTWIRE_MAX_ARTICLE_BYTES) if this is expected"
                    )
            return bytes(body)
    except httpx.TimeoutException as exc:
        raise FeedError(
            f"no answer from {url} within {timeout:g} s; try later or raise fetch_timeout "
            "(EVENTWIRE_FETCH_TIMEOUT)"
        ) from exc
    except httpx.ConnectError as exc:
        raise FeedError(
            f"cannot connect to {url} (connection refused or host unreachable: {exc}); "
            "check the address and that the server is up"
        ) from exc
    except httpx.HTTPError as exc:
        raise FeedError(f"fetching {url} failed: {exc}") from exc


def looks_like_feed(text: str) -> bool:
    """True when a document starts like RSS, Atom or RDF."""
    head = text[:2048].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def parse_feed(
    content: str | bytes, *, source: str, settings: Any
) -> Iterator[RawDocument | ItemError]:
    """Documents (or per-entry errors) for each entry of an RSS/Atom feed.

    Give bytes when you have them: feedparser then honours the XML encoding declaration.
    """
    parsed = feedparser.parse(content)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> element"
        raise FeedError(f"not an RSS/Atom feed ({reason}); pass a feed URL or file")
    outlet = parsed.feed.get("title") or None
    language = normalise_code(parsed.feed.get("language"))
    for index, entry in enumerate(parsed.entries):
        link = entry.get("link") or ""
        where = link if link.startswith(("http://", "https://")) else f"{source}#{index + 1}"
        try:
            doc = _entry_document(entry, where=where, settings=settings)
        except EventwireError as exc:
            yield ItemError(where, "read", f"{type(exc).__name__}: {exc}")
            continue
        doc.outlet = doc.outlet or outlet
        doc.language = doc.language or language
        yield doc


def _entry_date(entry: Any) -> str | None:
    """ISO date of an entry (published, else updated), as feedparser parsed it."""
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            return time.strftime("%Y-%m-%d", entry[key])
    return entry.get("published") or entry.get("updated") or None


def _entry_document(entry: Any, *, where: str, settings: Any) -> RawDocument:
    """One entry as a document: full content, else the linked page, else the summary."""
    contents = entry.get("content") or []
    body = contents[0].get("value", "") if contents else entry.get("summary", "")
    text = fragment_text(body or "")
    fields = {
        "title": entry.get("title") or None,
        "url": entry.get("link") or None,
        "published": _entry_date(entry),
    }
    link = entry.get("link") or ""
    teaser = len(text.split()) < FULL_CONTENT_WORDS or _TEASER_END.search(text)
    if teaser and link.startswith(("http://", "https://")):
        try:
            return _page_document(link, fields=fields, settings=settings)
        except EventwireError as exc:
            if not text:
                raise
            log.warning("%s: using the feed summary: %s", where, exc)
    if not text:
        raise FeedError("the entry has no content or summary and no link to fetch")
    return with_origin(RawDocument(source=where, content=text, kind="text", **fields), "feed")


def _page_document(url: str, *, fields: dict[str, Any], settings: Any) -> RawDocument:
    """The article page at ``url``, checked for a body; feed fields win over page metadata."""
    data = fetch(url, timeout=settings.fetch_timeout, max_bytes=settings.max_article_bytes)
    page, encoding = decode_bytes(data, declared=declared_charset(data))
    if not looks_like_html(page):
        raise FeedError(f"{url} is not an HTML page")
    found = extract_page(page)
    doc = RawDocument(
        source=url,
        content=page,
        kind="html",
        title=fields["title"] or found.title,
        url=found.url or url,
        published=fields["published"] or found.date,
        outlet=found.sitename,
        language=found.language,
        encoding=encoding,
    )
    return with_origin(doc, "feed" if fields["published"] else "html")
