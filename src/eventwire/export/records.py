"""Export stored records (``spec/EXPORT.md``) as JSON Lines, CSV, Parquet or GDELT event rows.

    >>> with open("events.jsonl", "wb") as out:
    ...     export_records(store, "events", "jsonl", out)
    42

Negated and hypothetical events stay out of event exports unless ``include_negated``;
``merged`` exports the story-level canonical events instead of one event per mention.
CSV cells hold nested objects (actors, location, lists) as JSON, plus flat columns for the
fields most often filtered on (actor names/codes, location). Parquet has a fixed schema per
record type (``export.parquet``); ``gdelt`` is the GDELT 2.0 event table (``export.gdelt``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from eventwire.errors import EventwireError
from eventwire.store import Store
from eventwire.store.read import FIELDS

WHAT = ("articles", "events", "quotes", "actors", "mentions", "stories")
FORMATS = ("jsonl", "csv", "parquet", "gdelt")


class UnsupportedExport(EventwireError):
    """A record type / format combination that does not exist."""


def iter_records(
    store: Store, what: str, *, merged: bool = False, include_negated: bool = False
) -> Iterator[dict[str, Any]]:
    """The export records of one type, in a stable order."""
    _check(what, "jsonl", merged)
    if what == "events":
        return store.iter_events(include_negated=include_negated, merged=merged)
    return getattr(store, f"iter_{what}")()


def record_kind(what: str, *, merged: bool = False) -> str:
    """The FIELDS key of a record type ("merged" for canonical events)."""
    return "merged" if what == "events" and merged else what


def export_records(
    store: Store,
    what: str,
    fmt: str,
    out: BinaryIO | str | Path,
    *,
    merged: bool = False,
    include_negated: bool = False,
) -> int:
    """Write every record of ``what`` to ``out`` (binary stream or path); return how many."""
    _check(what, fmt, merged)
    with _binary(out) as stream:
        if fmt == "gdelt":
            from eventwire.export.gdelt import write_gdelt

            records = store.iter_events(
                include_negated=include_negated, merged=merged, with_article=True
            )
            return write_gdelt(records, stream)
        records = iter_records(store, what, merged=merged, include_negated=include_negated)
        kind = record_kind(what, merged=merged)
        if fmt == "parquet":
            from eventwire.export.parquet import write_parquet

            return write_parquet(records, kind, stream)
        return _WRITERS[fmt](records, kind, stream)


def _check(what: str, fmt: str, merged: bool) -> None:
    if what not in WHAT:
        raise UnsupportedExport(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")
    if fmt not in FORMATS:
        raise UnsupportedExport(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "gdelt" and what != "events":
        raise UnsupportedExport(f"--format gdelt writes events only, not {what}")
    if merged and what != "events":
        raise UnsupportedExport(f"--merged applies to events only, not {what}")


@contextmanager
def _binary(out: BinaryIO | str | Path) -> Iterator[BinaryIO]:
    if isinstance(out, str | Path):
        with open(out, "wb") as stream:
            yield stream
    else:
        yield out
        out.flush()


@contextmanager
def _text(stream: BinaryIO) -> Iterator[io.TextIOWrapper]:
    """UTF-8 text over the binary stream, detached afterwards so the caller's stream stays open."""
    wrapper = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def write_jsonl(records: Iterator[dict[str, Any]], kind: str, stream: BinaryIO) -> int:
    n = 0
    with _text(stream) as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            n += 1
    return n


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


def write_csv(records: Iterator[dict[str, Any]], kind: str, stream: BinaryIO) -> int:
    extra = CSV_EXTRA.get(kind, {})
    n = 0
    with _text(stream) as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(csv_columns(kind))
        for record in records:
            values = [record.get(k) for k in FIELDS[kind]] + [f(record) for f in extra.values()]
            writer.writerow([csv_cell(v) for v in values])
            n += 1
    return n


_WRITERS = {"jsonl": write_jsonl, "csv": write_csv}
