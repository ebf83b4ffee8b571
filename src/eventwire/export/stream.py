"""An export from start to end: what (record type, format, which rows), read in one snapshot,
encoded batch by batch into a file (``export_records``) or an HTTP body (``ExportStream``).

    >>> with open("events.jsonl", "wb") as out:
    ...     export_records(store, "events", "jsonl", out)
    42
    >>> stream = ExportStream(store, Export("events", "csv", matching=EventFilter(actor="IRN")))
    >>> stream.total, b"".join(stream)[:2]
    (6, b'id')

Negated and hypothetical events stay out of unfiltered event exports unless
``include_negated``; ``merged`` exports the story-level canonical events instead of one event
per mention; ``matching`` keeps the rows an API listing shows for its filter
(``export.selection``). Memory stays bounded whatever the size: rows are read in keyset-paged
batches and each batch is encoded and handed on before the next is read.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection

from eventwire.export import selection
from eventwire.export.records import ENCODERS, EXTENSIONS, MEDIA_TYPES, check, record_kind
from eventwire.query.filters import engine_of


@dataclass(frozen=True)
class Export:
    """One export: a record type, a format and which rows (``matching``: the filter of that
    type's API listing; None: everything, by the CLI's rules)."""

    what: str
    fmt: str = "jsonl"
    merged: bool = False
    include_negated: bool = False
    matching: Any = None

    def __post_init__(self) -> None:
        check(self.what, self.fmt, merged=self.merged)
        selection.check_matching(self.what, self.matching, merged=self.merged)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.fmt]

    def filename(self, day: dt.date | None = None) -> str:
        """``eventwire-events-20241219.csv``: the record type, the day, the format."""
        day = day or dt.datetime.now(dt.UTC).date()
        return f"eventwire-{self.what}-{day:%Y%m%d}.{EXTENSIONS[self.fmt]}"

    def records(self, conn: Connection) -> Iterator[dict[str, Any]]:
        return selection.records(
            conn, self.what, matching=self.matching, merged=self.merged,
            include_negated=self.include_negated, with_article=self.fmt == "gdelt")

    def count(self, conn: Connection) -> int:
        """How many records the export holds (one COUNT; GDELT has a line per dyad of each)."""
        return selection.count(conn, self.what, self.matching)

    def encode(self, records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
        """The records in this format, one chunk of bytes per batch."""
        if self.fmt == "gdelt":
            from eventwire.export.gdelt import gdelt_chunks

            return gdelt_chunks(records)
        kind = record_kind(self.what, merged=self.merged)
        if self.fmt == "parquet":
            from eventwire.export.parquet import parquet_chunks

            return parquet_chunks(records, kind)
        return ENCODERS[self.fmt](records, kind)


def open_snapshot(db: Any) -> Connection:
    """A connection in a read transaction: a count and the rows it counts see the same data
    (on PostgreSQL at REPEATABLE READ, since each statement of a READ COMMITTED transaction
    sees what others committed meanwhile)."""
    conn = engine_of(db).connect()
    try:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        conn.begin()
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def _snapshot(db: Any) -> Iterator[Connection]:
    conn = open_snapshot(db)
    try:
        yield conn
    finally:
        conn.close()


def export_records(
    db: Any,
    what: str,
    fmt: str,
    out: BinaryIO | str | Path,
    *,
    merged: bool = False,
    include_negated: bool = False,
    matching: Any = None,
) -> int:
    """Write the records of ``what`` to ``out`` (binary stream or path); return how many
    (for GDELT: how many lines). ``db`` is a Store or an Engine."""
    export = Export(what, fmt, merged=merged, include_negated=include_negated,
                    matching=matching)
    counted = _Counter()
    with _binary(out) as stream, _snapshot(db) as conn:
        for chunk in export.encode(counted.through(export.records(conn))):
            stream.write(chunk)
            counted.lines += chunk.count(b"\n")  # GDELT values never hold a newline
    return counted.lines if fmt == "gdelt" else counted.records


class _Counter:
    def __init__(self) -> None:
        self.records = self.lines = 0

    def through(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            self.records += 1
            yield record


@contextmanager
def _binary(out: BinaryIO | str | Path) -> Iterator[BinaryIO]:
    if isinstance(out, str | Path):
        with open(out, "wb") as stream:
            yield stream
    else:
        yield out
        out.flush()


class ExportStream:
    """An export's bytes, chunk by chunk, for a streamed HTTP response.

    Opening it counts the rows (``total``, for a header sent before any byte) in the snapshot
    the rows are then read from, so the two agree. It owns that connection and closes it when
    the bytes run out, on an error, or on ``close()`` (a client that went away). Chunks may be
    asked for from different threads (a server's thread pool), one at a time; ``close`` waits
    for a chunk being made.
    """

    def __init__(self, db: Any, export: Export) -> None:
        self.export = export
        self._lock = threading.Lock()
        self._conn: Connection | None = open_snapshot(db)
        try:
            self.total = export.count(self._conn)
        except BaseException:
            self._conn.close()
            raise
        self._chunks = export.encode(export.records(self._conn))

    def __iter__(self) -> ExportStream:
        return self

    def __next__(self) -> bytes:
        with self._lock:
            if self._conn is None:
                raise StopIteration
            try:
                return next(self._chunks)
            except BaseException:  # the end (StopIteration) or a failure: release the database
                self._close()
                raise

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._conn is not None:
            self._chunks.close()
            self._conn.close()
            self._conn = None
