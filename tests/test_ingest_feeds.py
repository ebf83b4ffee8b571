"""Feeds by URL against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from eventwire.ingest import build_article, iter_documents
from eventwire.models import ItemError, RawDocument
from eventwire.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
PAGE = (FIXTURES / "page.html").read_text("utf-8")

TEASER = (
    "Iranian President Masoud Pezeshkian spoke by phone on Saturday evening with Iraqi "
    "Prime Minister Mohammed Shia al-Sudani about the fighting in northern Syria, where "
    "armed groups launched an offensive on Wednesday. Pezeshkian said the protection of "
    "the territorial integrity of regional countries, including Syria, was among the "
    "priorities of Iran, and he called for joint efforts by Islamic countries to stop the "
    "spread of terrorism in the region. Al-Sudani said the latest attacks were an attempt "
    "to harm the security and sovereignty of Syria and that Baghdad was in constant "
    "contact with regional leaders to [&#8230;]"
)

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Gulf Wire</title><language>en</language>
<item><title>Iran and Iraq discuss Syria in phone call</title>
<link>{base}/news/iran-iraq.html</link><pubDate>Sun, 01 Dec 2024 09:30:00 +0330</pubDate>
<description>Pezeshkian and al-Sudani discussed the fighting in northern Syria.</description></item>
<item><title>Qatar hosts Gaza talks</title><link>{base}/news/gone.html</link>
<pubDate>Tue, 03 Dec 2024 12:00:00 GMT</pubDate>
<description>Qatar hosted a new round of talks in Doha on a ceasefire in Gaza.</description>
</item>
<item><title>No summary, broken link</title><link>{base}/news/also-gone.html</link></item>
<item><title>Page without a body</title><link>{base}/news/app.html</link>
<description>Egypt and Jordan called for an immediate ceasefire in Gaza on Monday.</description>
</item>
<item><title>Iran and Iraq discuss Syria (teaser)</title><link>{base}/news/iran-iraq.html</link>
<description>{teaser}</description></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, str]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        if self.path == "/slow.xml":
            time.sleep(1.5)
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", "not found"))
        data = body.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    Handler.routes = {
        "/feed.xml": (200, "application/rss+xml", FEED.format(base=base, teaser=TEASER)),
        "/news/iran-iraq.html": (200, "text/html; charset=utf-8", PAGE),
        "/news/app.html": (200, "text/html", (FIXTURES / "nobody.html").read_text("utf-8")),
        "/page.html": (200, "text/html", PAGE),
        "/broken.xml": (500, "text/plain", "internal error"),
        "/slow.xml": (200, "application/rss+xml", FEED.format(base=base, teaser=TEASER)),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    """A local port nobody listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_feed_by_url_fetches_short_entries_and_handles_each_failure(server: str) -> None:
    items = list(iter_documents([f"{server}/feed.xml"], settings=Settings(fetch_timeout=5)))
    assert [type(i).__name__ for i in items] == [
        "RawDocument", "RawDocument", "ItemError", "RawDocument", "RawDocument",
    ]  # fmt: skip
    page, summary_only, error, no_body, teaser = items
    assert page.kind == "html" and page.source == f"{server}/news/iran-iraq.html"
    article = build_article(page, settings=Settings())
    assert article.text.startswith("Iranian President Masoud Pezeshkian spoke by phone")
    assert article.published.isoformat() == "2024-12-01" and article.published_source == "feed"
    assert article.title == "Iran and Iraq discuss Syria in phone call"
    # the linked page is gone (404): the summary is kept rather than losing the entry
    assert summary_only.kind == "text" and summary_only.content.startswith("Qatar hosted")
    assert error.step == "read" and "404 Not Found" in error.message
    assert error.source == f"{server}/news/also-gone.html"
    assert no_body.content.startswith("Egypt and Jordan called")
    # a long summary that ends in "[…]" is a teaser too: the page is fetched
    assert teaser.kind == "html" and len(teaser.content) > 1000


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/page.html", "an HTML page, not an RSS/Atom feed"),
        ("/broken.xml", "500 Internal Server Error"),
        ("/nothing-here.xml", "404 Not Found"),
    ],
)
def test_bad_feed_urls_give_a_clear_item_error(server: str, path: str, words: str) -> None:
    (error,) = iter_documents([server + path], settings=Settings(fetch_timeout=5))
    assert isinstance(error, ItemError) and error.source == server + path
    assert words in error.message


def test_unreachable_feed_url_is_connection_refused() -> None:
    url = f"http://127.0.0.1:{closed_port()}/feed.xml"
    (error,) = iter_documents([url], settings=Settings(fetch_timeout=2))
    assert isinstance(error, ItemError) and error.step == "read"
    assert error.message.startswith("FeedError: cannot connect to " + url)
    assert "connection refused" in error.message and "check the address" in error.message


def test_slow_feed_url_times_out_with_the_setting_named(server: str) -> None:
    (error,) = iter_documents([f"{server}/slow.xml"], settings=Settings(fetch_timeout=0.3))
    assert isinstance(error, ItemError)
    assert "within 0.3 s" in error.message and "EVENTWIRE_FETCH_TIMEOUT" in error.message


def test_documents_before_a_bad_url_are_kept(server: str) -> None:
    inputs = [str(FIXTURES / "page.html"), f"http://127.0.0.1:{closed_port()}/x.xml"]
    items = list(iter_documents(inputs, settings=Settings(fetch_timeout=2)))
    assert [type(i) for i in items] == [RawDocument, ItemError]
