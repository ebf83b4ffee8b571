"""URL lists: a text file of one URL per line (``#`` comments and blank lines ignored), such as
a GDELT or media-monitor export, each page fetched politely (`fetcher`) and read like an HTML
file.

A file is a URL list when it is given with ``--urls``, is named ``*.urls``, or is a text file
whose every line is a URL. Pages are fetched ``fetch_concurrency`` at a time (one host at
most ``fetch_host_concurrency`` at a time) and given back in list order. Each URL that fails
(robots.txt, timeout, size, status, not HTML, no article) is one `ItemError` with the URL as
its source; a URL already listed earlier in the file is `Skipped` as a duplicate.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from eventwire.errors import EventwireError
from eventwire.ingest.documents import error_for, with_origin
from eventwire.ingest.encoding import decode_bytes
from eventwire.ingest.fetcher import Fetcher, Page
from eventwire.ingest.html import declared_charset, extract_page
from eventwire.models import ItemError, RawDocument, Skipped

SUFFIX = ".urls"
_AHEAD = 4  # fetches queued per worker thread: enough to keep every host busy, bounded memory


def looks_like_url_list(text: str) -> bool:
    """True when every line that is not blank or a comment is one http(s) URL."""
    lines = [ln.strip() for ln in text.splitlines()]
    urls = [ln for ln in lines if ln and not ln.startswith("#")]
    return bool(urls) and all(
        ln.startswith(("http://", "https://")) and len(ln.split()) == 1 for ln in urls
    )


def list_urls(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line number, URL) for every line that is not blank or a comment."""
    for number, line in enumerate(lines, start=1):
        url = line.strip()
        if url and not url.startswith("#"):
            yield number, url


def read_url_list(
    lines: Iterable[str], *, settings: Any, fetcher: Fetcher | None = None
) -> Iterator[RawDocument | ItemError | Skipped]:
    """A document, an item error or a skip for each URL of a list, in list order.

    Example: ``for item in read_url_list(open("urls.txt"), settings=s): ...``
    """
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    seen: set[str] = set()
    pending: deque[tuple[str, Future[Page] | None]] = deque()
    window = settings.fetch_concurrency * _AHEAD
    pool = ThreadPoolExecutor(settings.fetch_concurrency, "eventwire-fetch")
    try:
        for _, url in list_urls(lines):
            duplicate = url in seen
            seen.add(url)
            pending.append((url, None if duplicate else pool.submit(fetcher.fetch, url)))
            while len(pending) >= window:
                yield _item(*pending.popleft())
        while pending:
            yield _item(*pending.popleft())
    finally:  # an interrupted read: queued fetches are not started
        pool.shutdown(wait=True, cancel_futures=True)
        if own:
            fetcher.close()


def _item(url: str, future: Future[Page] | None) -> RawDocument | ItemError | Skipped:
    """The outcome of one URL's fetch, as a document, an error or a skip."""
    if future is None:
        return Skipped(url, "duplicate")
    try:
        return page_document(future.result())
    except EventwireError as exc:
        item = error_for(url, None, exc)
        return ItemError(url, "fetch" if item.step == "read" else item.step, item.message)
    except Exception as exc:  # one bad URL never stops the list (STYLE.md 8)
        return ItemError(url, "fetch", f"unexpected {type(exc).__name__}: {exc}")


def page_document(page: Page) -> RawDocument:
    """A fetched page as a document, like an HTML file; its final URL is the article's URL."""
    text, encoding = decode_bytes(page.body, declared=_charset(page) or declared_charset(page.body))
    found = extract_page(text)
    doc = RawDocument(
        source=page.url,
        content=text,
        kind="html",
        title=found.title,
        url=page.final_url,
        published=found.date,
        outlet=found.sitename,
        language=found.language,
        encoding=encoding,
    )
    return with_origin(doc, "html")


def _charset(page: Page) -> str | None:
    """The charset of the Content-Type header, if any."""
    for part in page.content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
