"""Export records (``spec/EXPORT.md``) encoded as JSON Lines or CSV, batch by batch.

What an export is (record type, format, which rows) and where it goes are ``export.stream``;
which rows, ``export.selection``; Parquet and GDELT encodings, ``export.parquet`` and
``export.gdelt``. Every encoder takes an iterator of records and gives ``bytes`` chunks (one
per batch of records), so a file and an HTTP response are written the same way in bounded
memory.

CSV cells hold nested objects (actors, location, lists) as JSON, plus flat columns for the
fields most often filtered on (actor names/codes, location).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from eventwire.errors import EventwireError
from eventwire.store.read import FIELDS

WHAT = ("articles", "events", "quotes", "actors", "mentions", "stories")
FORMATS = ("jsonl", "csv", "parquet", "gdelt")
# what a client is told it receives, and the file name extension that goes with it
MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "gdelt": "text/tab-separated-values; charset=utf-8",
}
EXTENSIONS = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet", "gdelt": "tsv"}
BATCH = 500  # records per chunk of JSON Lines, CSV or GDELT rows


class UnsupportedExport(EventwireError):
    """A record type / format / filter combination that does not exist."""


def check(what: str, fmt: str, *, merged: bool = False) -> None:
    """Refuse an unknown record type or format, and formats or options a type does not have."""
    if what not in WHAT:
        raise UnsupportedExport(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")
    valid = ", ".join(formats_of(what))
    if fmt not in FORMATS:
        raise UnsupportedExport(f"unknown format {fmt!r}: choose one of {valid}")
    if fmt == "gdelt" and what != "events":
        raise UnsupportedExport(
            f"format gdelt writes events only, not {what}: choose one of {valid}")
    if merged and what != "events":
        raise UnsupportedExport(f"--merged applies to events only, not {what}")


def formats_of(what: str) -> tuple[str, ...]:
    """The formats a record type can be exported in (gdelt is an event table)."""
    return FORMATS if what == "events" else tuple(f for f in FORMATS if f != "gdelt")


def record_kind(what: str, *, merged: bool = False) -> str:
    """The FIELDS key of a record type ("merged" for canonical events)."""
    return "merged" if what == "events" and merged else what


def in_batches(records: Iterable[Any], size: int | None = None) -> Iterator[list[Any]]:
    """Lists of up to ``size`` (default ``BATCH``) items, in order."""
    it = iter(records)
    while batch := list(islice(it, size or BATCH)):
        yield batch


def jsonl_chunks(records: Iterable[dict[str, Any]], kind: str) -> Iterator[bytes]:
    """One JSON object per line (UTF-8, not ASCII-escaped)."""
    for batch in in_batches(records):
        lines = [json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in batch]
        yield "".join(lines).encode("utf-8")


def _names(objs: Any, key: str) -> str | None:
    return "; ".join(str(o.get(key) or "") for o in objs) if objs else None


def _actor(obj: Any, key: str) -> Any:
    return obj.get(key) if obj else None


def _location(rec: dict[str, Any], key: str) -> Any:
    return (rec.get("location") or {}).get(key)


# Flat convenience columns appended to the record's own columns in CSV.
CSV_EXTRA: dict[str, dict[str, Callable[[dict[str, Any]], Any]]] = {
    "events": {
        "actor_names": lambda r: _names(r["actors"], "name"),
        "actor_codes": lambda r: _names(r["actors"], "code"),
        "recipient_names": lambda r: _names(r["recipients"], "name"),
        "recipient_codes": lambda r: _names(r["recipients"], "code"),
        "location_name": lambda r: _location(r, "name"),
        "location_country": lambda r: _location(r, "country"),
        "lat": lambda r: _location(r, "lat"),
        "lon": lambda r: _location(r, "lon"),
    },
    "merged": {
        "actor_codes": lambda r: _names(r["actors"], "code"),
        "recipient_codes": lambda r: _names(r["recipients"], "code"),
    },
    "quotes": {
        "speaker_name": lambda r: _actor(r["speaker"], "name"),
        "speaker_code": lambda r: _actor(r["speaker"], "code"),
        "speaker_kb_id": lambda r: _actor(r["speaker"], "kb_id"),
    },
    "mentions": {
        "actor_name": lambda r: _actor(r["actor"], "name"),
        "actor_code": lambda r: _actor(r["actor"], "code"),
        "kb_id": lambda r: _actor(r["actor"], "kb_id"),
    },
}


def csv_columns(kind: str) -> list[str]:
    return list(FIELDS[kind]) + list(CSV_EXTRA.get(kind, {}))


def csv_cell(value: Any) -> Any:
    """Nested values as JSON, booleans as true/false, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def csv_chunks(records: Iterable[dict[str, Any]], kind: str) -> Iterator[bytes]:
    """The header line (also when there are no records), then the rows batch by batch."""
    extra = CSV_EXTRA.get(kind, {})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_columns(kind))
    yield _drain(buffer)
    for batch in in_batches(records):
        for record in batch:
            values = [record.get(k) for k in FIELDS[kind]] + [f(record) for f in extra.values()]
            writer.writerow([csv_cell(v) for v in values])
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    """What was written to ``buffer`` since the last drain, as UTF-8."""
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data


ENCODERS: dict[str, Callable[[Iterable[dict[str, Any]], str], Iterator[bytes]]] = {
    "jsonl": jsonl_chunks, "csv": csv_chunks,
}
