"""Small WARC files for the tests, written with warcio's own writer."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TOPICS = [
    ("Iranian and Iraqi officials", "Baghdad", "gas supplies and water sharing"),
    ("Turkish and Syrian diplomats", "Ankara", "border crossings and refugees"),
    ("French and Spanish ministers", "Madrid", "energy links across the Pyrenees"),
    ("Egyptian and Qatari mediators", "Cairo", "a ceasefire in Gaza"),
    ("Russian and Ukrainian negotiators", "Istanbul", "grain shipments"),
    ("Saudi and Emirati envoys", "Riyadh", "oil output quotas"),
]


def article_page(i: int, *, date: str | None = None, dateline: str = "") -> bytes:
    """An HTML news page with its own text (round ``i``), optionally dated in a meta tag."""
    who, where, what = TOPICS[i % len(TOPICS)]
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (
        f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">{meta}"
        f"<title>Round {i} of talks in {where}</title></head><body>"
        f"<nav><a href=\"/\">Home</a></nav><article><h1>Round {i} of talks in {where}</h1>"
        f"<p>{dateline}{who} met in {where} on Monday for round {i} of their talks on {what}, "
        "the foreign ministry said in a statement.</p>"
        f"<p>The delegations agreed to meet again next month to continue round {i}.</p>"
        "</article></body></html>"
    ).encode()


@dataclass
class Rec:
    """One WARC record to write."""

    uri: str
    body: bytes = b""
    status: str = "200 OK"
    content_type: str | None = "text/html; charset=utf-8"
    kind: str = "response"
    date: str = "2024-12-01T10:00:00Z"


def write_warc(path: Path, records: list[Rec], *, gzip: bool = True) -> list[int]:
    """Write ``records`` (one gzip member each when ``gzip``); return each record's offset."""
    offsets = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for rec in records:
            offsets.append(handle.tell())
            headers = {"WARC-Date": rec.date}
            if rec.kind == "response":
                fields = [("Content-Type", rec.content_type)] if rec.content_type else []
                http = StatusAndHeaders(rec.status, fields, protocol="HTTP/1.1")
                record = writer.create_warc_record(rec.uri, "response", payload=io.BytesIO(
                    rec.body), http_headers=http, warc_headers_dict=headers)
            elif rec.kind == "revisit":
                record = writer.create_revisit_record(rec.uri, digest="sha1:AAAA",
                                                      refers_to_uri=rec.uri,
                                                      refers_to_date=rec.date)
            else:  # request / metadata
                record = writer.create_warc_record(rec.uri, rec.kind, payload=io.BytesIO(
                    rec.body or b"GET / HTTP/1.1\r\n\r\n"), warc_headers_dict=headers)
            writer.write_record(record)
    return offsets
