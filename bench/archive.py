"""Synthetic news archives for the scale benchmarks: a WARC (``.warc.gz``, one gzip member per
record, as CC-NEWS and wget write them) or JSON Lines, of any size, written as a stream.

Article texts come from `corpus.build_corpus` (the examples, MEANTIME Wikinews en/es and the
en/es/fr story fixtures), each copy numbered so that every article has its own content hash.
Each article becomes a news page with the furniture real pages have (navigation, a share bar,
"related" links, a cookie banner, a footer), a ``<meta>`` publication date on most pages, and
a canonical URL. Around the pages, the WARC holds what crawls hold: a ``request`` record before
each response, images and scripts, redirects and 404s, and duplicates (the same page under a
second URL, and ``revisit`` records), at the rates given.

    .venv/bin/python bench/archive.py --n 10000 --format warc -o /tmp/news-10k.warc.gz
    .venv/bin/python bench/archive.py --n 10000 --format jsonl -o /tmp/news-10k.jsonl

The run prints what was written (pages, skips by kind, bytes). Nothing is measured here:
``eventwire ingest FILE`` (or ``bench/throughput.py``) reads the result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import build_corpus  # noqa: E402

BASE_DOCS = 600  # distinct source texts cycled over (the corpus has fewer: they repeat)
SITES = ("gulfwire.example", "noticias-sur.example", "le-quotidien.example", "wire24.example")
START = dt.datetime(2024, 1, 1, 6, 0, tzinfo=dt.UTC)


def articles(n: int, *, seed: int = 1) -> Iterator[dict]:
    """n article records (id, title, text, published, url, site), in a reproducible order."""
    rng = random.Random(seed)
    base = build_corpus(min(n, BASE_DOCS))
    for i in range(n):
        src = base[i % len(base)]
        text = src["text"].split(". ", 1)[-1]  # without corpus' own "Report N." opener
        title = _title(text, i)
        site = SITES[i % len(SITES)]
        published = src.get("published") or (START + dt.timedelta(hours=i % 8760)).date()
        yield {
            "id": f"arch-{i:07d}",
            "title": title,
            "text": f"Report {i}. {text}",
            "published": str(published) if rng.random() < 0.8 else None,  # some pages undated
            "url": f"https://{site}/{published}/story-{i}".replace("None", "undated"),
            "site": site,
        }


def _title(text: str, i: int) -> str:
    words = text.replace("\n", " ").split()[:9]
    return " ".join(words).rstrip(".,;:") or f"Story {i}"


def page(record: dict) -> bytes:
    """A news page around one article, with the furniture of real pages."""
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>"
                         for p in record["text"].split("\n") if p.strip())
    date = record["published"]
    meta = (f'<meta property="article:published_time" content="{date}T08:00:00Z">'
            if date else "")
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(record['title'])} | {record['site']}</title>{meta}"
        f'<link rel="canonical" href="{record["url"]}"></head><body>'
        '<header><nav><a href="/">Home</a> | <a href="/world">World</a> | '
        '<a href="/business">Business</a> | <a href="/sport">Sport</a></nav></header>'
        '<div class="cookie">We use cookies to improve your experience. Accept</div>'
        f"<main><article><h1>{html.escape(record['title'])}</h1>"
        '<div class="share">Share Facebook Twitter WhatsApp Email Print</div>'
        f"{paragraphs}</article>"
        '<aside><h3>Related</h3><ul><li><a href="/a">Oil prices rise again</a></li>'
        '<li><a href="/b">Markets close higher</a></li></ul></aside></main>'
        f"<footer><p>Copyright 2024 {record['site']}. All rights reserved.</p></footer>"
        "</body></html>"
    ).encode()


def write_jsonl(path: Path, n: int, *, seed: int = 1) -> Counter:
    """n JSON Lines records: half with the whole page (``html``), half with the text."""
    counts: Counter = Counter()
    with path.open("w", encoding="utf-8") as out:
        for i, rec in enumerate(articles(n, seed=seed)):
            row = {"id": rec["id"], "url": rec["url"], "title": rec["title"],
                   "published": rec["published"]}
            if i % 2:
                row["html"] = page(rec).decode("utf-8")
            else:
                row["text"] = rec["text"]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            counts["articles"] += 1
    return counts


def write_warc(
    path: Path, n: int, *, seed: int = 1, other_rate: float = 0.3, error_rate: float = 0.05,
    duplicate_rate: float = 0.05,
) -> Counter:
    """A WARC of n article pages and, around them, the other records a crawl holds."""
    rng = random.Random(seed)
    counts: Counter = Counter()
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(
            path.name, {"software": "eventwire bench/archive.py", "format": "WARC/1.0"}))
        for i, rec in enumerate(articles(n, seed=seed)):
            when = (START + dt.timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            body = page(rec)
            _response(writer, rec["url"], body, when, "text/html; charset=utf-8")
            counts["articles"] += 1
            if rng.random() < duplicate_rate:
                if rng.random() < 0.5:
                    _response(writer, rec["url"] + "?utm_source=feed", body, when,
                              "text/html; charset=utf-8")
                else:
                    writer.write_record(writer.create_revisit_record(
                        rec["url"], digest="sha1:" + "A" * 32, refers_to_uri=rec["url"],
                        refers_to_date=when))
                counts["duplicate"] += 1
            if rng.random() < other_rate:
                kind = rng.choice(("image/jpeg", "application/javascript", "text/css"))
                _response(writer, f"https://{rec['site']}/static/{i}.bin", b"\x00" * 512, when,
                          kind)
                counts["not-html"] += 1
            if rng.random() < error_rate:
                status = rng.choice(("404 Not Found", "301 Moved Permanently", "503 Unavailable"))
                _response(writer, f"https://{rec['site']}/gone/{i}", b"<html>gone</html>", when,
                          "text/html", status=status)
                counts["status"] += 1
    counts["bytes"] = path.stat().st_size
    return counts


def _response(writer: WARCWriter, uri: str, body: bytes, when: str, kind: str, *,
              status: str = "200 OK") -> None:
    """A request record and its response, as a crawler writes them."""
    host = uri.split("/")[2]
    request = f"GET /{uri.split('/', 3)[-1]} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    writer.write_record(writer.create_warc_record(
        uri, "request", payload=io.BytesIO(request), warc_headers_dict={"WARC-Date": when}))
    http = StatusAndHeaders(status, [("Content-Type", kind), ("Content-Length", str(len(body)))],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), http_headers=http,
        warc_headers_dict={"WARC-Date": when}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="article pages to write")
    parser.add_argument("--format", choices=("warc", "jsonl"), default="warc")
    parser.add_argument("-o", "--out", type=Path, required=True,
                        help="output file (.warc.gz, .warc or .jsonl)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--other-rate", type=float, default=0.3,
                        help="images/scripts per page (WARC)")
    parser.add_argument("--error-rate", type=float, default=0.05,
                        help="404/301/503 per page (WARC)")
    parser.add_argument("--duplicate-rate", type=float, default=0.05,
                        help="duplicates per page (WARC)")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.format == "jsonl":
        counts = write_jsonl(args.out, args.n, seed=args.seed)
    else:
        counts = write_warc(args.out, args.n, seed=args.seed, other_rate=args.other_rate,
                            error_rate=args.error_rate, duplicate_rate=args.duplicate_rate)
    print(json.dumps({"file": str(args.out), **counts}))


if __name__ == "__main__":
    main()
