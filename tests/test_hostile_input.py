"""Hostile and broken input through every reader and through `eventwire ingest` end to end.

Each case must give a clear error (an ItemError naming the step and the reason) or a sensible
article, within a time limit, without a crash, and without leaving a partial row behind.
"""

from __future__ import annotations

import codecs
import json
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from eventwire.errors import EventwireError
from eventwire.ingest import build_article, iter_documents
from eventwire.models import Article, ItemError, RawDocument
from eventwire.settings import Settings

SETTINGS = Settings(max_article_bytes=1_000_000, fetch_timeout=1.0)
EN = ("Iranian Foreign Minister Abbas Araghchi met Turkish Foreign Minister Hakan Fidan in "
      "Ankara on Monday. The two ministers discussed the war in Syria and trade.")
FR = ("Le ministre iranien des Affaires étrangères a rencontré son homologue turc à Ankara "
      "lundi. « Nous condamnons ces attaques », a déclaré le ministre.")
AR = "التقى وزير الخارجية الإيراني نظيره التركي في أنقرة يوم الاثنين لبحث الأوضاع في سوريا."
AR_PAGE = [AR,
           "وقال الوزير إن البلدين يتفقان على ضرورة حماية وحدة الأراضي السورية ومكافحة الإرهاب.",
           "وأضاف أن الهجمات الأخيرة على المدنيين في غزة ولبنان تهدد استقرار المنطقة بأكملها.",
           "ومن المقرر أن يعقد الوزيران مؤتمرا صحفيا مشتركا بعد انتهاء المحادثات في العاصمة "
           "التركية.",
           "وكان الوزير الإيراني قد زار دمشق قبل يوم واحد والتقى الرئيس السوري بشار الأسد."]
ES = "El presidente de Irán se reunió con su homólogo turco en El Cairo el jueves."


class Hung(Exception):
    """The code under test did not return in time."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (raise Hung) if the block runs longer than ``seconds`` (SIGALRM, main thread)."""
    def expire(signum, frame):  # noqa: ANN001 - signal handler signature
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def outcomes(path: Path | str, settings: Settings = SETTINGS, seconds: float = 30) -> list:
    """Each item of ``path`` as an Article or an ItemError (build errors become ItemErrors)."""
    results: list[Article | ItemError] = []
    with deadline(seconds):
        for item in iter_documents([str(path)], settings=settings):
            if isinstance(item, ItemError):
                results.append(item)
                continue
            assert isinstance(item, RawDocument)
            try:
                results.append(build_article(item, settings=settings))
            except EventwireError as exc:
                results.append(ItemError(item.source, "clean", f"{type(exc).__name__}: {exc}"))
    return results


def only(path: Path, settings: Settings = SETTINGS, seconds: float = 30) -> Article | ItemError:
    found = outcomes(path, settings, seconds)
    assert len(found) == 1, found
    return found[0]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ---------------------------------------------------------------------------------------------
# Files that must be refused, each with the step and words of the reason
# ---------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">\n'
              for i in range(1, 10))
    + ']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>x</title>'
    "<description>&lol9;</description></item></channel></rss>\n"
)


@pytest.mark.parametrize(
    ("name", "data", "step", "words"),
    [
        ("empty.txt", b"", "parse", "empty"),
        ("blank.txt", b" \n\t\r\n  \n", "parse", "whitespace"),
        ("photo.png", PNG, "read", ".png"),
        ("photo.txt", PNG, "read", "binary file"),  # binary under a text name
        ("program.txt", ELF, "read", "binary file"),
        ("nul.txt", EN.encode() + b"\x00\x00\x00" + EN.encode(), "read", "binary file"),
        ("broken.json", b'{"text": "' + EN.encode() + b'"', "parse", "invalid JSON"),
        ("list-of-numbers.json", b"[1, 2, 3]", "parse", "expected a JSON object"),
        ("no-text.json", b'{"title": "Headline only"}', "parse", '"text"'),
        ("not-a-feed.xml", b"<html><body><p>" + EN.encode() + b"</p></body></html>", "read", ""),
        ("prose.rss", EN.encode(), "read", "not an RSS/Atom feed"),
        ("only-tags.html", b"<html><head><title>t</title></head><body></body></html>", "", ""),
    ],
)
def test_bad_file_is_one_clear_error(tmp_path, name, data, step, words):
    found = outcomes(write(tmp_path, name, data))
    assert found and all(isinstance(x, ItemError) for x in found), found
    err = found[0]
    assert err.message and (not step or err.step == step), err
    assert words.lower() in err.message.lower(), err


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path):
    found = outcomes(write(tmp_path, "deep.json", "[" * 200_000 + "]" * 200_000))
    assert len(found) == 1 and isinstance(found[0], ItemError), found


def test_entity_expansion_bomb_does_not_expand(tmp_path):
    """A 'billion laughs' feed is refused or parsed without expanding entities into memory."""
    tracemalloc.start()
    try:
        found = outcomes(write(tmp_path, "lol.rss", BILLION_LAUGHS), seconds=20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000, f"peak {peak} bytes"
    for item in found:
        if isinstance(item, Article):
            assert "lollollollol" not in item.text


# ---------------------------------------------------------------------------------------------
# Size limits: refused quickly, without reading the file into memory
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["huge.txt", "huge.html", "huge.jsonl", "huge.md"])
def test_50_mb_file_is_refused_fast_without_reading_it(tmp_path, name):
    path = tmp_path / name
    line = (EN + "\n").encode()
    with path.open("wb") as fh:
        for _ in range(50_000_000 // len(line) + 1):
            fh.write(line)
    assert path.stat().st_size > 50_000_000
    settings = Settings(max_article_bytes=500_000)  # containers may be 50x: 25 MB
    tracemalloc.start()
    began = time.perf_counter()
    try:
        err = only(path, settings, seconds=10)
        elapsed = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(err, ItemError) and "ArticleTooLarge" in err.message, err
    assert "EVENTWIRE_MAX_ARTICLE_BYTES" in err.message
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert peak < 5_000_000, f"peak {peak} bytes: the file was read"


def test_50_mb_on_standard_input_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    path = tmp_path / "stdin.txt"
    line = (EN + "\n").encode()
    with path.open("wb") as fh:
        for _ in range(50_000_000 // len(line) + 1):
            fh.write(line)
    settings = Settings(max_article_bytes=100_000)  # stdin may hold a container: 5 MB
    with path.open("rb") as raw:
        monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": raw})())
        tracemalloc.start()
        began = time.perf_counter()
        try:
            err = only("-", settings, seconds=10)
            elapsed = time.perf_counter() - began
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert isinstance(err, ItemError) and "ArticleTooLarge" in err.message, err
    assert elapsed < 2.0, f"{elapsed:.2f} s"
    assert peak < 20_000_000, f"peak {peak} bytes: all of standard input was read"


def test_size_limit_comes_from_the_environment(tmp_path):
    from eventwire.settings import load_settings

    settings = load_settings({"EVENTWIRE_MAX_ARTICLE_BYTES": "100"})
    err = only(write(tmp_path, "a.txt", EN), settings)
    assert isinstance(err, ItemError) and "ArticleTooLarge" in err.message
    assert isinstance(only(write(tmp_path, "a.txt", EN)), Article)


def test_oversize_record_in_json_lines_is_refused_alone(tmp_path):
    settings = Settings(max_article_bytes=2_000)
    lines = [{"id": "small", "text": EN}, {"id": "big", "text": EN * 40},
             {"id": "also", "text": FR}]
    found = outcomes(write(tmp_path, "mix.jsonl", "\n".join(map(json.dumps, lines))), settings)
    assert [type(x).__name__ for x in found] == ["Article", "ItemError", "Article"]
    assert found[1].line == 2 and "ArticleTooLarge" in found[1].message


# ---------------------------------------------------------------------------------------------
# Pathological HTML
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("nested.html", "<html><body>" + "<div>" * 10_000 + f"<p>{EN}</p>" + "</div>" * 10_000
         + "</body></html>"),
        ("unclosed.html", "<html><body>" + "<div><span><b>" * 5_000 + f"<p>{EN}</p>"),
        ("long.html", "<html><head><title>Talks in Ankara</title></head><body><article>"
         + "".join(f"<p>{EN} Paragraph {i}.</p>" for i in range(3_000))
         + "</article></body></html>"),
        ("attrs.html", "<html><body><p " + "data-x='1' " * 20_000 + f">{EN}</p></body></html>"),
    ],
)
def test_pathological_html_gives_an_article_or_an_error_in_time(tmp_path, name, page):
    began = time.perf_counter()
    result = only(write(tmp_path, name, page), Settings(), seconds=90)
    elapsed = time.perf_counter() - began
    if isinstance(result, Article):
        assert "Araghchi" in result.text and "<" not in result.text.replace("<<", "")
    else:
        assert result.message
        if name == "nested.html":  # the real cause, not "no article body / JavaScript"
            assert "nests elements" in result.message
    assert elapsed < 90


# ---------------------------------------------------------------------------------------------
# Encodings and awkward characters
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("utf16le.txt", codecs.BOM_UTF16_LE + FR.encode("utf-16-le"), "homologue turc à Ankara"),
        ("utf16be.txt", codecs.BOM_UTF16_BE + FR.encode("utf-16-be"), "« Nous condamnons"),
        ("utf8bom.txt", codecs.BOM_UTF8 + ES.encode(), "homólogo turco"),
        ("cp1252.txt", FR.replace("«", "\u201c").replace("»", "\u201d").encode("cp1252"),
         "Affaires étrangères"),
        ("cp1252-es.txt", ES.encode("cp1252"), "Irán se reunió con su homólogo"),
        ("arabic.txt", AR.encode("windows-1256"), "وزير الخارجية الإيراني"),
        ("arabic.html", ('<html><head><meta charset="windows-1256">'
                         "<title>محادثات في أنقرة</title></head><body>"
          "<article>" + "".join(f"<p>{p}</p>" for p in AR_PAGE) + "</article></body></html>"
          ).encode("windows-1256"), "في أنقرة"),
        ("mixed.txt", EN.encode() + b"\n\n" + ES.encode("cp1252"), "Araghchi"),
    ],
)
def test_encodings_decode_to_the_real_text(tmp_path, name, data, expected):
    result = only(write(tmp_path, name, data))
    assert isinstance(result, Article), result
    assert expected in result.text
    assert "\ufffd" not in result.text or name == "mixed.txt"
    assert "Ã" not in result.text  # no mojibake


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        (f"{EN}\x00 Erdogan\x00 said.", ["Araghchi", "Erdogan"], ["\x00"]),
        (f"{EN}\x07\x08\x1b[31m Red alert.\x7f", ["Araghchi", "Red alert"],
         ["\x07", "\x08", "\x7f"]),
        # bidi overrides reverse how the text displays (a quote would read differently on screen)
        (f"{EN} \u202elivE\u202c \u202dtext\u202c\u200b", ["Araghchi", "livE"],
         ["\u202e", "\u202d"]),
        (f"{AR} {EN}", ["وزير الخارجية", "Araghchi"], []),
        (f"{EN} 🇮🇷🤝🇹🇷 👍🏽", ["Araghchi", "🤝"], []),
        (f"{FR}\r\n\r\n{FR}", ["homologue"], ["\r"]),
    ],
)
def test_awkward_characters_in_a_json_record(tmp_path, text, kept, gone):
    result = only(write(tmp_path, "one.json", json.dumps({"id": "x", "text": text})))
    assert isinstance(result, Article), result
    for piece in kept:
        assert piece in result.text
    for piece in gone:
        assert piece not in result.text, repr(piece)


def test_malformed_json_lines_report_each_bad_line(tmp_path):
    lines = [
        json.dumps({"id": "ok-1", "text": EN}),
        '{"id": "broken", "text": "unterminated',
        "[1, 2]",
        json.dumps({"id": "no-text", "title": "Only a title"}),
        json.dumps({"id": "nul", "text": "\x00\x00"}),
        json.dumps({"id": "number", "text": 42}),
        "",
        json.dumps({"id": "ok-2", "text": FR, "language": "fr"}),
        '{"id": "trailing", "text": "' + EN + '"} garbage',
    ]
    found = outcomes(write(tmp_path, "batch.jsonl", "\n".join(lines)))
    articles = [x.id for x in found if isinstance(x, Article)]
    errors = {x.line: x for x in found if isinstance(x, ItemError)}
    assert articles == ["ok-1", "ok-2"]
    assert set(errors) >= {2, 3, 4, 6, 9}, errors
    assert "line 2" in errors[2].message and errors[2].step == "parse"


# ---------------------------------------------------------------------------------------------
# Feeds over HTTP that hang
# ---------------------------------------------------------------------------------------------


@contextmanager
def silent_server(trickle: bool = False) -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts and never answers (or trickles one byte/0.2 s)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            held.append(conn)
            if trickle:
                threading.Thread(target=drip, args=(conn,), daemon=True).start()

    def drip(conn: socket.socket) -> None:
        try:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss>")
            while not stop.is_set():
                conn.sendall(b" ")
                time.sleep(0.2)
        except OSError:
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/feed.xml"
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        sock.close()


@pytest.mark.parametrize("trickle", [False, True], ids=["silent", "trickle"])
def test_hanging_feed_times_out_within_fetch_timeout(trickle):
    settings = Settings(fetch_timeout=1.0)
    with silent_server(trickle) as url:
        began = time.perf_counter()
        err = only(url, settings, seconds=15)
        elapsed = time.perf_counter() - began
    assert isinstance(err, ItemError) and "FeedError" in err.message, err
    assert "EVENTWIRE_FETCH_TIMEOUT" in err.message
    assert elapsed < settings.fetch_timeout + 1, f"{elapsed:.1f} s"


def test_feed_entry_whose_page_hangs_falls_back_to_its_summary(tmp_path):
    settings = Settings(fetch_timeout=0.5)
    with silent_server() as url:
        items = "".join(
            f"<item><title>Talks {i}</title><link>{url}?a={i}</link>"
            f"<description>{EN} Read more</description></item>" for i in range(2))
        feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                f"{items}</channel></rss>")
        began = time.perf_counter()
        found = outcomes(write(tmp_path, "wire.rss", feed), settings, seconds=20)
        elapsed = time.perf_counter() - began
    assert [type(x).__name__ for x in found] == ["Article", "Article"], found
    assert all("Araghchi" in x.text for x in found)
    assert elapsed < 2 * settings.fetch_timeout + 2


# ---------------------------------------------------------------------------------------------
# `eventwire ingest` end to end over a folder of hostile files
# ---------------------------------------------------------------------------------------------

HOSTILE = {
    "a-good.txt": EN.encode(),
    "b-empty.txt": b"",
    "c-binary.txt": PNG,
    "d-nested.html": ("<html><body>" + "<div>" * 10_000 + f"<p>{EN}</p>" + "</div>" * 10_000
                      + "</body></html>").encode(),
    "e-utf16.txt": codecs.BOM_UTF16_LE + FR.encode("utf-16-le"),
    "f-bad.jsonl": (json.dumps({"id": "jl-1", "text": ES}) + "\n{broken\n").encode(),
    "g-too-big.txt": (EN + "\n").encode() * 2_000,
    "h-arabic.txt": AR.encode("windows-1256"),
    "i-sheet.csv": b"a,b\n1,2\n",
    "j-controls.json": json.dumps({"id": "ctl", "text": f"{EN}\x00\x07 🤝 {AR}"}).encode(),
}


def test_cli_ingest_over_hostile_folder_stores_whole_articles_only(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in HOSTILE.items():
        (folder / name).write_bytes(data)
    db = tmp_path / "hostile.db"
    env = {"EVENTWIRE_MAX_ARTICLE_BYTES": "100000", "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "eventwire", "--db", str(db), "ingest", str(folder)],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert run.returncode == 1, run.stderr  # some items failed; the run itself did not crash
    assert "Traceback" not in run.stderr, run.stderr
    con = sqlite3.connect(db)
    try:
        sources = {Path(s).name for (s,) in con.execute("SELECT source FROM articles")}
        assert {"a-good.txt", "e-utf16.txt", "h-arabic.txt"} <= sources
        assert not {"b-empty.txt", "c-binary.txt", "g-too-big.txt", "i-sheet.csv"} & sources
        for table in ("events", "quotes", "mentions"):
            orphans = con.execute(f"SELECT count(*) FROM {table} WHERE article_id NOT IN "
                                  "(SELECT id FROM articles)").fetchone()[0]
            assert orphans == 0, table
        empty = con.execute("SELECT count(*) FROM articles WHERE text IS NULL OR text = '' "
                            "OR content_hash IS NULL").fetchone()[0]
        assert empty == 0
        nul = con.execute("SELECT count(*) FROM articles WHERE instr(text, char(0)) > 0")
        assert nul.fetchone()[0] == 0
        errors = con.execute("SELECT source FROM processing_errors").fetchall()
        assert len(errors) >= 5, errors
    finally:
        con.close()
    for name in ("b-empty.txt", "c-binary.txt", "g-too-big.txt", "i-sheet.csv"):
        assert name in run.stdout + run.stderr, name
