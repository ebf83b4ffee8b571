"""Polite fetching of web pages (for URL lists): robots.txt, per-host delay and concurrency, a
User-Agent naming eventwire, timeouts, size limits, bounded redirects, http(s) only, and a
cache of the raw pages.

* **robots.txt** is read once per host (with the same User-Agent) and obeyed for every URL and
  every redirect hop; its ``Crawl-delay`` wins when it is longer than ``fetch_delay``. A
  robots.txt that answers 4xx allows everything; one that cannot be read (5xx, no connection)
  allows nothing (RFC 9309, 2.3.1).
* **One host** gets at most ``fetch_host_concurrency`` requests at once, ``fetch_delay``
  seconds apart (start to start); all hosts together at most ``fetch_concurrency``.
* **A fetch** is abandoned after ``fetch_timeout`` seconds (a server that drips bytes too),
  when the body passes ``max_article_bytes``, after ``fetch_max_redirects`` redirects, or on a
  redirect to anything but http(s). Only status 200 HTML pages are kept.
* **The cache** (``fetch_cache``, default ``~/.cache/eventwire/pages``) holds each fetched page
  under the sha256 of its URL; a URL in the cache is never fetched again, so re-running a URL
  list costs no requests (delete the folder to fetch afresh).

Example::

    with Fetcher(settings) as fetcher:
        page = fetcher.fetch("https://news.example/2024/12/01/talks")
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from eventwire.errors import ArticleTooLarge, DisallowedByRobots, FetchFailed
from eventwire.ingest.feeds import USER_AGENT

ROBOTS_AGENT = "eventwire"  # the token a robots.txt names us by
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: at least 500 KiB are parsed
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Page:
    """A fetched page: what was asked for, where it ended up, and the raw bytes."""

    url: str
    final_url: str
    content_type: str
    body: bytes
    from_cache: bool = False


def default_cache() -> Path:
    """$XDG_CACHE_HOME/eventwire/pages, else ~/.cache/eventwire/pages."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "eventwire" / "pages"


class PageCache:
    """Raw pages on disk, one body file and one JSON file per URL (written atomically)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        folder = self.folder / key[:2]
        return folder / f"{key}.body", folder / f"{key}.json"

    def get(self, url: str) -> Page | None:
        body, meta = self._paths(url)
        try:
            fields = json.loads(meta.read_text("utf-8"))
            return Page(**{**fields, "body": body.read_bytes(), "from_cache": True})
        except (OSError, ValueError, TypeError):
            return None

    def put(self, page: Page) -> None:
        body, meta = self._paths(page.url)
        body.parent.mkdir(parents=True, exist_ok=True)
        fields = {k: v for k, v in asdict(page).items() if k not in ("body", "from_cache")}
        for path, data in ((body, page.body), (meta, json.dumps(fields).encode("utf-8"))):
            tmp = path.with_suffix(f".tmp{threading.get_ident()}")
            tmp.write_bytes(data)
            os.replace(tmp, path)  # the JSON last: a page is in the cache once both are


class HostGate:
    """At most ``concurrency`` requests at once to one host, starting ``delay`` seconds apart."""

    def __init__(self, delay: float, concurrency: int) -> None:
        self.delay = delay
        self._slots = threading.Semaphore(concurrency)
        self._lock = threading.Lock()
        self._next = 0.0

    @contextmanager
    def turn(self) -> Any:
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                self._next = start + self.delay
            time.sleep(start - now)
            yield


class Fetcher:
    """Fetches pages politely (module docstring); thread-safe, one per URL list."""

    def __init__(self, settings: Any, *, cache: PageCache | None = None) -> None:
        self.settings = settings
        self.cache = cache or PageCache(settings.fetch_cache or default_cache())
        self.client = httpx.Client(
            headers={"User-Agent": USER_AGENT}, follow_redirects=False,
            timeout=settings.fetch_timeout,
        )
        self._hosts: dict[str, tuple[HostGate, RobotFileParser]] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str) -> Page:
        """The HTML page at ``url`` (from the cache if there); raises an EventwireError."""
        check_scheme(url)
        cached = self.cache.get(url)
        if cached is not None:
            return cached
        current = url
        for _ in range(self.settings.fetch_max_redirects + 1):
            check_scheme(current)
            gate, robots = self._host(current)
            if not robots.can_fetch(ROBOTS_AGENT, current):
                raise DisallowedByRobots(
                    f"{current} is disallowed by its site's robots.txt for {ROBOTS_AGENT}; "
                    "remove it from the list (eventwire does not fetch it)"
                )
            with gate.turn():
                target, page = self._get(current, url)
            if page is not None:
                self.cache.put(page)
                return page
            current = target
        raise FetchFailed(
            f"{url} redirects more than {self.settings.fetch_max_redirects} times; check the "
            "address or raise fetch_max_redirects (EVENTWIRE_FETCH_MAX_REDIRECTS)"
        )

    def _get(self, current: str, asked: str) -> tuple[str, Page | None]:
        """One request: (redirect target, None) or (current, the page)."""
        timeout = self.settings.fetch_timeout
        limit = self.settings.max_article_bytes
        deadline = time.monotonic() + timeout  # httpx's timeout is per read: drips pass it
        try:
            with self.client.stream("GET", current) as response:
                if response.status_code in _REDIRECTS and response.headers.get("location"):
                    return urljoin(current, response.headers["location"]), None
                if response.status_code != 200:
                    raise FetchFailed(f"the server answered {response.status_code} "
                                      f"{response.reason_phrase} for {current}")
                kind = response.headers.get("content-type", "").lower()
                if kind and not kind.startswith(_HTML_TYPES):
                    raise FetchFailed(f"{current} is {kind.split(';')[0]}, not an HTML page")
                declared = int(response.headers.get("content-length") or 0)
                if declared > limit:
                    raise ArticleTooLarge(_too_large(current, limit))
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > limit:
                        raise ArticleTooLarge(_too_large(current, limit))
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("the body did not arrive in time")
        except httpx.TimeoutException as exc:
            raise FetchFailed(f"no complete answer from {current} within {timeout:g} s; try "
                              "later or raise fetch_timeout (EVENTWIRE_FETCH_TIMEOUT)") from exc
        except httpx.HTTPError as exc:
            raise FetchFailed(f"fetching {current} failed ({type(exc).__name__}: {exc}); check "
                              "the address and that the server is up") from exc
        return current, Page(asked, current, kind, bytes(body))

    def _host(self, url: str) -> tuple[HostGate, RobotFileParser]:
        """The gate and robots.txt rules of a URL's host (robots.txt read on first use)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._lock:
            if key in self._hosts:
                return self._hosts[key]
            host_lock = self._host_locks.setdefault(key, threading.Lock())
        with host_lock:  # one robots.txt request per host, even with many threads
            with self._lock:
                if key in self._hosts:
                    return self._hosts[key]
            robots = self._robots(key)
            delay = max(self.settings.fetch_delay, float(robots.crawl_delay(ROBOTS_AGENT) or 0))
            entry = (HostGate(delay, self.settings.fetch_host_concurrency), robots)
            with self._lock:
                self._hosts[key] = entry
            return entry

    def _robots(self, origin: str) -> RobotFileParser:
        """The parsed robots.txt of ``origin`` (allow-all on 4xx, disallow-all if unreadable)."""
        robots = RobotFileParser(f"{origin}/robots.txt")
        try:
            response = self.client.get(f"{origin}/robots.txt", follow_redirects=True)
        except httpx.HTTPError:
            robots.disallow_all = True
            return robots
        if response.status_code >= 500:
            robots.disallow_all = True
        elif response.status_code >= 400:
            robots.allow_all = True
        else:
            text = response.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
            robots.parse(text.splitlines())
        return robots


def check_scheme(url: str) -> None:
    """Refuse anything but an http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchFailed(f"{url!r} is not an http(s) URL; only http and https pages are fetched")


def _too_large(url: str, limit: int) -> str:
    return (f"{url} sends more than {limit} bytes; raise max_article_bytes "
            "(EVENTWIRE_MAX_ARTICLE_BYTES) if this is expected")
