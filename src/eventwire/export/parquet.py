"""Parquet export with one fixed Arrow schema per record type.

Actor and location objects are structs, lists are lists, dates are ``date32``; values whose
shape varies (actor roles, learned-actor evidence, ``dates_seen``) are JSON strings.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.export.records import in_batches

ROWS_PER_GROUP = 2_000

ACTOR = pa.struct([(k, pa.string()) for k in ("name", "text", "country", "sector", "code",
                                               "kb_id")])
LOCATION = pa.struct([
    ("name", pa.string()), ("country", pa.string()), ("lat", pa.float64()),
    ("lon", pa.float64()), ("geonameid", pa.int64()), ("text", pa.string()),
    ("start", pa.int64()), ("end", pa.int64()),
])
STRINGS = pa.list_(pa.string())
JSON = "json"  # marker: stored as a JSON string
UTC_TS = pa.timestamp("us", tz="UTC")

_TYPES: dict[str, dict[str, Any]] = {
    "articles": {
        "published": pa.date32(), "language_score": pa.float64(), "sources": STRINGS,
        "ingested_at": UTC_TS,
    },
    "events": {
        "context": STRINGS, "actors": pa.list_(ACTOR), "recipients": pa.list_(ACTOR),
        "date": pa.date32(), "date_conflict": pa.bool_(), "future": pa.bool_(),
        "negated": pa.bool_(), "hypothetical": pa.bool_(), "location": LOCATION,
        "start": pa.int64(), "end": pa.int64(), "score": pa.float64(),
        "confidence": pa.float64(), "trigger_start": pa.int64(), "trigger_end": pa.int64(),
    },
    "merged": {
        "actors": pa.list_(ACTOR), "recipients": pa.list_(ACTOR), "date": pa.date32(),
        "date_conflict": pa.bool_(), "dates_seen": JSON, "num_articles": pa.int64(),
        "num_sources": pa.int64(), "num_mentions": pa.int64(), "languages": STRINGS,
        "score": pa.float64(), "events": STRINGS, "article_ids": STRINGS,
    },
    "quotes": {
        "speaker": ACTOR, "direct": pa.bool_(), "start": pa.int64(), "end": pa.int64(),
        "speaker_start": pa.int64(), "speaker_end": pa.int64(), "cue_start": pa.int64(),
        "cue_end": pa.int64(),
    },
    "mentions": {"start": pa.int64(), "end": pa.int64(), "actor": ACTOR, "id": pa.int64()},
    "actors": {
        "aliases": STRINGS, "roles": JSON, "mentions": pa.int64(), "first_seen": pa.date32(),
        "last_seen": pa.date32(), "evidence": JSON,
    },
    "stories": {
        "articles": STRINGS, "languages": STRINGS, "start": pa.date32(), "end": pa.date32(),
        "actors": STRINGS, "events": pa.int64(), "canonical_events": pa.int64(),
    },
}


def schema_for(kind: str) -> pa.Schema:
    """The Arrow schema of a record type: FIELDS order, strings unless typed above."""
    from eventwire.store.read import FIELDS

    types = _TYPES[kind]
    return pa.schema(
        [(name, _arrow(types.get(name, pa.string()))) for name in FIELDS[kind]]
    )


def _arrow(t: Any) -> pa.DataType:
    return pa.string() if t is JSON else t


def _convert(record: dict[str, Any], kind: str) -> dict[str, Any]:
    """ISO strings to dates/timestamps, irregular values to JSON text."""
    types = _TYPES[kind]
    out = dict(record)
    for name, t in types.items():
        value = out.get(name)
        if value is None:
            continue
        if t is JSON:
            out[name] = json.dumps(value, ensure_ascii=False, default=str)
        elif t == pa.date32() and isinstance(value, str):
            out[name] = dt.date.fromisoformat(value)
        elif t == UTC_TS and isinstance(value, str):
            stamp = dt.datetime.fromisoformat(value)
            out[name] = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
    return out


def parquet_chunks(records: Iterable[dict[str, Any]], kind: str) -> Iterator[bytes]:
    """A Parquet file in pieces: each row group as soon as it is written, then the footer.

    Parquet is written front to back (the footer, which points back at the row groups, comes
    last), so the pieces can go out as they are made: memory holds one row group, and a file
    or a response receives the same bytes a seekable file would.
    """
    schema = schema_for(kind)
    sink = _Drain()
    with pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema) as writer:
        for batch in in_batches(records, ROWS_PER_GROUP):
            rows = [_convert(r, kind) for r in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            yield sink.take()
    yield sink.take()  # the footer (and, with no records, the whole schema-only file)


class _Drain(io.RawIOBase):
    """A write-only sink whose bytes are taken away as they come; it counts for ``tell``."""

    def __init__(self) -> None:
        super().__init__()
        self._buffer = bytearray()
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += data
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def take(self) -> bytes:
        data = bytes(self._buffer)
        self._buffer.clear()
        return data
