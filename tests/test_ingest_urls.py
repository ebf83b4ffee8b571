"""URL lists, fetched politely from local HTTP servers started here (never the internet):
robots.txt, User-Agent, per-host delay and concurrency, timeouts, size limits, bounded
redirects, http(s) only, the page cache, and one error per bad URL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.ingest import iter_documents
from eventwire.ingest.urls import looks_like_url_list
from eventwire.models import ItemError, RawDocument, Skipped
from eventwire.settings import Settings
from warcs import article_page

NAV_ONLY = b"<html><body><nav><a href='/'>Home</a> | <a href='/w'>World</a></nav></body></html>"


class Site(BaseHTTPRequestHandler):
    """A news site; each server gets its own subclass with its own log and robots.txt."""

    robots: tuple[int, bytes] = (200, b"User-agent: *\nDisallow: /private/\n")
    page_sleep = 0.0
    log: list[tuple[float, str, str]]
    active: list[int]  # [now, most at once]
    lock: threading.Lock
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        with self.lock:
            self.log.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
            self.active[0] += 1
            self.active[1] = max(self.active)
        try:
            self.route()
        finally:
            with self.lock:
                self.active[0] -= 1

    def route(self) -> None:
        path = self.path
        if path == "/robots.txt":
            self.send(self.robots[0], self.robots[1], "text/plain")
        elif path.startswith(("/news/", "/private/")):
            time.sleep(self.page_sleep)
            self.send(200, article_page(int(path.rsplit("/", 1)[1].split(".")[0])))
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            if left == 0:
                self.send(200, article_page(9))
            else:
                self.redirect(f"/hop/{left - 1}")
        elif path == "/to-ftp":
            self.redirect("ftp://127.0.0.1/file.html")
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n", "image/png")
        elif path == "/empty.html":
            self.send(200, NAV_ONLY)
        elif path == "/declared-huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            self.wfile.write(b"<html>")
        elif path == "/huge.html":  # no Content-Length: cut off while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                self.wfile.write(b"<html><body><p>" + b"word " * 400_000)
            except OSError:
                pass
        elif path == "/slow.html":  # drips one byte every 0.1 s
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        else:
            self.send(404, b"not found", "text/plain")

    def send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def start(**attrs) -> tuple[str, type[Site], ThreadingHTTPServer]:
    handler = type("Handler", (Site,), {"log": [], "active": [0, 0], "lock": threading.Lock(),
                                        **attrs})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", handler, httpd


@pytest.fixture
def site() -> Iterator[tuple[str, type[Site]]]:
    base, handler, httpd = start()
    yield base, handler
    httpd.shutdown()
    httpd.server_close()


def settings(tmp_path: Path, **changes) -> Settings:
    values = {"fetch_delay": 0.0, "fetch_timeout": 2.0, "max_article_bytes": 200_000,
              "fetch_max_redirects": 3, "fetch_cache": str(tmp_path / "cache"), **changes}
    return Settings(**values)


def fetch_list(tmp_path: Path, urls: list[str], **changes) -> list:
    path = tmp_path / "list.urls"
    path.write_text("# exported list\n\n" + "\n".join(urls) + "\n", encoding="utf-8")
    return list(iter_documents([str(path)], settings=settings(tmp_path, **changes)))


CASES = [
    # (case, path on the site, expected: "doc" or (step, words in the message))
    ("an article page", "/news/1.html", "doc"),
    ("redirects within the bound", "/hop/3", "doc"),
    ("too many redirects", "/hop/4", ("fetch", "redirects more than 3 times")),
    ("a redirect to ftp", "/to-ftp", ("fetch", "only http and https")),
    ("disallowed by robots.txt", "/private/2.html", ("fetch", "disallowed by its site's robots")),
    ("a 404", "/missing.html", ("fetch", "answered 404")),
    ("not HTML", "/image.png", ("fetch", "image/png, not an HTML page")),
    ("no article in the page", "/empty.html", ("parse", "no article body")),
    ("a huge declared length", "/declared-huge.html", ("fetch", "sends more than 200000 bytes")),
    ("a huge body", "/huge.html", ("fetch", "sends more than 200000 bytes")),
    ("a body that drips", "/slow.html", ("fetch", "within 1 s")),
]


@pytest.mark.parametrize(("case", "path", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_url(tmp_path, site, case, path, expected) -> None:
    base, handler = site
    started = time.monotonic()
    (item,) = fetch_list(tmp_path, [base + path], fetch_timeout=1.0)
    assert time.monotonic() - started < 5
    assert item.source == base + path
    if expected == "doc":
        assert isinstance(item, RawDocument) and item.kind == "html"
        assert item.url.startswith(base) and "Round" in item.title
    else:
        step, words = expected
        assert isinstance(item, ItemError), item
        assert item.step == step and words in item.message, item.message
    assert "/private/" not in " ".join(p for _, p, _ in handler.log)


def test_other_schemes_and_bad_lines_are_errors_in_list_order(tmp_path, site) -> None:
    base, _ = site
    items = fetch_list(tmp_path, [f"{base}/news/1.html", "ftp://example.org/a.html",
                                  f"{base}/news/2.html", f"{base}/news/1.html"])
    assert [type(i).__name__ for i in items] == ["RawDocument", "ItemError", "RawDocument",
                                                 "Skipped"]
    assert "not an http(s) URL" in items[1].message
    assert isinstance(items[3], Skipped) and items[3].reason == "duplicate"
    assert [i.url for i in items if isinstance(i, RawDocument)] == [
        f"{base}/news/1.html", f"{base}/news/2.html"]


def test_user_agent_names_eventwire_and_robots_is_read_once(tmp_path, site) -> None:
    base, handler = site
    fetch_list(tmp_path, [f"{base}/news/{i}.html" for i in range(4)], fetch_concurrency=4)
    paths = [p for _, p, _ in handler.log]
    assert paths.count("/robots.txt") == 1 and paths[0] == "/robots.txt"
    assert all(agent.startswith("eventwire/") for _, _, agent in handler.log)


def test_one_host_is_fetched_with_a_delay_and_one_request_at_a_time(tmp_path) -> None:
    base, handler, httpd = start(page_sleep=0.05)
    try:
        fetch_list(tmp_path, [f"{base}/news/{i}.html" for i in range(4)], fetch_delay=0.3,
                   fetch_concurrency=4, fetch_host_concurrency=1)
    finally:
        httpd.shutdown()
        httpd.server_close()
    starts = [t for t, p, _ in handler.log if p.startswith("/news/")]
    assert len(starts) == 4
    assert all(b - a >= 0.28 for a, b in zip(starts, starts[1:], strict=False)), starts
    assert handler.active[1] == 1


def test_two_hosts_are_fetched_at_the_same_time(tmp_path) -> None:
    servers = [start(page_sleep=0.4) for _ in range(2)]
    try:
        urls = [f"{base}/news/{i}.html" for i in range(2) for base, _, _ in servers]
        items = fetch_list(tmp_path, urls, fetch_concurrency=4, fetch_host_concurrency=1)
    finally:
        for _, _, httpd in servers:
            httpd.shutdown()
            httpd.server_close()
    assert all(isinstance(i, RawDocument) for i in items)
    first = [next(t for t, p, _ in handler.log if p == "/news/0.html") for _, handler, _ in servers]
    assert abs(first[0] - first[1]) < 0.4  # the second host did not wait for the first's page
    assert all(handler.active[1] == 1 for _, handler, _ in servers)


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [((404, b"none"), True), ((500, b"down"), False),
     ((200, b"User-agent: eventwire\nDisallow: /\n\nUser-agent: *\nAllow: /\n"), False),
     ((200, b"User-agent: otherbot\nDisallow: /\n"), True)],
    ids=["no robots.txt", "robots.txt unreadable", "eventwire disallowed", "another bot"],
)
def test_robots_txt_rules(tmp_path, robots, allowed) -> None:
    base, handler, httpd = start(robots=robots)
    try:
        (item,) = fetch_list(tmp_path, [f"{base}/news/1.html"])
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert isinstance(item, RawDocument) is allowed
    assert ("/news/1.html" in [p for _, p, _ in handler.log]) is allowed


def test_cached_pages_are_not_fetched_again(tmp_path, site) -> None:
    base, handler = site
    urls = [f"{base}/news/{i}.html" for i in range(3)]
    first = fetch_list(tmp_path, urls)
    requests = len(handler.log)
    again = fetch_list(tmp_path, urls)
    assert len(handler.log) == requests  # nothing asked of the server
    assert [d.content for d in again] == [d.content for d in first]
    assert len(list((tmp_path / "cache").rglob("*.body"))) == 3


def test_a_text_file_of_urls_is_a_url_list() -> None:
    assert looks_like_url_list("# from GDELT\nhttps://a.example/1\n\nhttp://b.example/2\n")
    assert not looks_like_url_list("Iran and Iraq met. See https://a.example/1")
    assert not looks_like_url_list("# only a comment\n")


def test_ingest_a_url_list_with_the_cli(tmp_path, site, monkeypatch) -> None:
    base, _ = site
    for name, value in settings(tmp_path).__dict__.items():
        if name.startswith("fetch_"):
            monkeypatch.setenv(f"EVENTWIRE_{name.upper()}", str(value))
    listing = tmp_path / "urls.txt"  # found to be a URL list by its content
    listing.write_text(f"{base}/news/1.html\n{base}/private/3.html\n{base}/missing.html\n")
    other = tmp_path / "more.lst"
    other.write_text(f"{base}/news/2.html\n")
    result = CliRunner().invoke(
        main, ["--db", str(tmp_path / "s.db"), "ingest", "-q", "--no-stories", str(listing),
               "--urls", str(other)], catch_exceptions=False)
    assert result.exit_code == 1  # two URLs failed
    assert "read 4 · stored 2 · updated 0 · duplicates 0 · failed 2" in result.stdout
    assert f"{base}/private/3.html: fetch: DisallowedByRobots" in result.stderr
    assert f"{base}/missing.html: fetch: FetchFailed" in result.stderr
