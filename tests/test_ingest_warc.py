"""WARC input: pages through the HTML path, other records skipped and counted, corrupt and
truncated records one item error each, and reading resumable at a record boundary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.ingest import build_article, iter_documents
from eventwire.models import ItemError, Position, RawDocument, Skipped
from eventwire.settings import Settings
from warcs import Rec, article_page, write_warc

SETTINGS = Settings()


def read(path: Path, **kwargs) -> list:
    return list(iter_documents([str(path)], settings=SETTINGS, **kwargs))


def kinds(items: list) -> list[str]:
    """Each non-Position item as 'doc', 'error' or 'skip:<reason>'."""
    out = []
    for item in items:
        if isinstance(item, RawDocument):
            out.append("doc")
        elif isinstance(item, Skipped):
            out.append(f"skip:{item.reason}")
        elif isinstance(item, ItemError):
            out.append("error")
    return out


CASES = [
    # (case, record, what it gives)
    ("an HTML page", Rec("https://news.example/a", article_page(1)), "doc"),
    ("HTML without a Content-Type is sniffed",
     Rec("https://news.example/b", article_page(2), content_type=None), "doc"),
    ("XHTML", Rec("https://news.example/x", article_page(3),
                  content_type="application/xhtml+xml"), "doc"),
    ("an image", Rec("https://news.example/logo.png", b"\x89PNG\r\n", content_type="image/png"),
     "skip:not-html"),
    ("plain text", Rec("https://news.example/robots.txt", b"User-agent: *",
                       content_type="text/plain"), "skip:not-html"),
    ("a page of bytes without a type", Rec("https://news.example/blob", b"\x00\x01binary" * 20,
                                           content_type=None), "error"),
    ("a 404", Rec("https://news.example/gone", b"<html>Not found</html>",
                  status="404 Not Found"), "skip:status"),
    ("a redirect", Rec("https://news.example/old", b"", status="301 Moved Permanently"),
     "skip:status"),
    ("a revisit record", Rec("https://news.example/a", kind="revisit"), "skip:duplicate"),
    ("a request record", Rec("https://news.example/a", kind="request"), None),
    ("a metadata record", Rec("https://news.example/a", b"via: x", kind="metadata"), None),
    ("a page without an article", Rec("https://news.example/home",
                                      b"<html><body><nav>Home | World</nav></body></html>"),
     "error"),
]


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize(("case", "record", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_record(tmp_path, gzip, case, record, expected) -> None:
    path = tmp_path / ("one.warc.gz" if gzip else "one.warc")
    offset = write_warc(path, [record], gzip=gzip)[0]
    items = read(path)
    assert kinds(items) == ([expected] if expected else [])
    if expected:
        found = next(i for i in items if not isinstance(i, Position))
        assert found.source == f"{path}@{offset}"
    assert isinstance(items[-1], Position) and items[-1].offset == path.stat().st_size


def test_a_repeated_payload_is_a_duplicate(tmp_path) -> None:
    path = tmp_path / "dup.warc.gz"
    page = article_page(1)
    write_warc(path, [Rec("https://a.example/1", page), Rec("https://b.example/copy", page),
                      Rec("https://a.example/2", article_page(2))])
    assert kinds(read(path)) == ["doc", "skip:duplicate", "doc"]


def test_an_oversized_page_is_one_error(tmp_path) -> None:
    path = tmp_path / "big.warc.gz"
    write_warc(path, [Rec("https://a.example/big", article_page(1) + b" " * 5000),
                      Rec("https://a.example/2", article_page(2))])
    small = Settings(max_article_bytes=2000)
    items = list(iter_documents([str(path)], settings=small))
    assert kinds(items) == ["error", "doc"]
    assert "ArticleTooLarge" in next(i for i in items if isinstance(i, ItemError)).message


@pytest.mark.parametrize(
    ("page", "warc_date", "published", "source"),
    [
        (article_page(0), "2024-12-01T10:00:00Z", dt.date(2024, 12, 1), "crawl"),
        (article_page(0, date="2024-11-28"), "2024-12-01T10:00:00Z", dt.date(2024, 11, 28),
         "html"),
        (article_page(0, dateline="BAGHDAD, Nov. 29 (Reuters) - "), "2025-01-02T08:00:00Z",
         dt.date(2024, 11, 29), "dateline"),  # year-less dateline dated by the crawl
    ],
    ids=["crawl date as fallback", "page date wins", "crawl date gives a dateline its year"],
)
def test_target_uri_and_warc_date(tmp_path, page, warc_date, published, source) -> None:
    path = tmp_path / "dated.warc.gz"
    write_warc(path, [Rec("https://news.example/2024/talks", page, date=warc_date)])
    doc = next(i for i in read(path) if isinstance(i, RawDocument))
    article = build_article(doc, settings=SETTINGS)
    assert article.url == "https://news.example/2024/talks"
    assert (article.published, article.published_source) == (published, source)
    assert article.text.startswith(("Iranian and Iraqi officials", "BAGHDAD, Nov. 29"))


def test_a_folder_reads_warc_files_beside_other_files(tmp_path) -> None:
    write_warc(tmp_path / "a.warc.gz", [Rec("https://a.example/1", article_page(1))])
    (tmp_path / "b.html").write_bytes(article_page(2))
    assert kinds(read(tmp_path)) == ["doc", "doc"]


# -- corrupt and truncated files ---------------------------------------------------------------


def three(tmp_path: Path, gzip: bool) -> tuple[Path, bytes, list[int]]:
    path = tmp_path / ("three.warc.gz" if gzip else "three.warc")
    offsets = write_warc(path, [Rec(f"https://a.example/{i}", article_page(i)) for i in range(3)],
                         gzip=gzip)
    return path, path.read_bytes(), offsets


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_file_cut_inside_its_last_record(tmp_path, gzip) -> None:
    path, data, offsets = three(tmp_path, gzip)
    path.write_bytes(data[: offsets[2] + (len(data) - offsets[2]) // 2])
    items = read(path)
    assert kinds(items) == ["doc", "doc", "error"]
    error = next(i for i in items if isinstance(i, ItemError))
    assert error.source == f"{path}@{offsets[2]}" and "truncated" in error.message


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_garbage_between_records_is_one_error_and_reading_goes_on(tmp_path, gzip) -> None:
    path, data, offsets = three(tmp_path, gzip)
    path.write_bytes(data[: offsets[1]] + b"GARBAGE\r\n\r\n" + data[offsets[1]:])
    items = read(path)
    assert kinds(items) == ["doc", "error", "doc", "doc"]
    assert "corrupt WARC record" in next(i for i in items if isinstance(i, ItemError)).message


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_corrupt_record_is_one_error_and_reading_goes_on(tmp_path, gzip) -> None:
    path, data, offsets = three(tmp_path, gzip)
    middle = (offsets[1] + offsets[2]) // 2  # inside the second record
    path.write_bytes(data[:middle] + b"\x00" * 40 + data[middle + 40:])
    items = read(path)
    found = kinds(items)
    assert found[0] == "doc" and found[-1] == "doc" and found.count("error") == 1, found
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert docs[0].url == "https://a.example/0" and docs[-1].url == "https://a.example/2"


def test_an_empty_warc_gives_nothing(tmp_path) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    assert kinds(read(path)) == []


# -- resuming ----------------------------------------------------------------------------------


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_reading_resumes_at_a_saved_position(tmp_path, gzip) -> None:
    path, _, offsets = three(tmp_path, gzip)
    first = read(path)
    positions = [i for i in first if isinstance(i, Position)]
    after_first = positions[1]  # warcinfo, then the first page
    assert after_first.offset == offsets[1]
    asked = []

    def start_at(name: str, fingerprint: str) -> int:
        asked.append((name, fingerprint))
        return after_first.offset

    again = read(path, start_at=start_at)
    assert asked == [(after_first.input, after_first.fingerprint)]
    assert [d.url for d in again if isinstance(d, RawDocument)] == [
        "https://a.example/1", "https://a.example/2"]


def test_a_position_past_the_end_reads_from_the_start(tmp_path) -> None:
    path, _, _ = three(tmp_path, True)
    assert kinds(read(path, start_at=lambda name, mark: 10**9)) == ["doc"] * 3


# -- through `eventwire ingest` ----------------------------------------------------------------


def ingest(db: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), "ingest", "-q", "--no-stories", *args],
                              catch_exceptions=False)


def test_ingest_a_warc_then_again_then_from_the_start(tmp_path) -> None:
    path = tmp_path / "news.warc.gz"
    write_warc(path, [
        Rec("https://a.example/1", article_page(1)),
        Rec("https://a.example/logo.png", b"\x89PNG", content_type="image/png"),
        Rec("https://a.example/gone", b"x", status="404 Not Found"),
        Rec("https://mirror.example/1", article_page(1)),
        Rec("https://a.example/2", article_page(2)),
    ])
    db = tmp_path / "s.db"
    first = ingest(db, str(path))
    assert first.exit_code == 0, first.output
    assert ("read 5 · stored 2 · updated 0 · duplicates 0 · failed 0 · skipped 3 "
            "(duplicate 1, not-html 1, status 1)") in first.stdout
    second = ingest(db, str(path))
    assert second.exit_code == 0 and "read 0 · stored 0" in second.stdout
    assert "read to its end by an earlier ingest" in second.stderr
    third = ingest(db, "--restart", str(path))
    assert "read 5 · stored 0 · updated 0 · duplicates 2" in third.stdout


def test_a_warc_is_streamed_not_held_to_the_container_limit(tmp_path) -> None:
    """A JSON(L) file may be 50 x max_article_bytes; a WARC is read record by record, any size."""
    path = tmp_path / "many.warc.gz"
    write_warc(path, [Rec(f"https://a.example/{i}", article_page(i)) for i in range(150)])
    small = Settings(max_article_bytes=1200)
    assert path.stat().st_size > 50 * small.max_article_bytes
    items = list(iter_documents([str(path)], settings=small))
    assert kinds(items) == ["doc"] * 150
