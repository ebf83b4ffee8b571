"""Where an ingest stopped in a resumable input (``input_positions``), so a restart resumes.

The pipeline saves a WARC file's position only after every article read before it is stored,
refused or skipped; a crash in between means a few records are read again, which the
idempotent store (one article per content hash) makes harmless.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from eventwire.models import Position
from eventwire.store.rows import utcnow
from eventwire.store.schema import input_positions
from eventwire.store.write import insert_for


def saved_position(store: Any, input_path: str, fingerprint: str) -> int:
    """The offset to resume ``input_path`` at (0: never read, or another file now)."""
    with store.read() as conn:
        row = conn.execute(
            select(input_positions.c.fingerprint, input_positions.c.position).where(
                input_positions.c.input == input_path
            )
        ).first()
    return int(row.position) if row is not None and row.fingerprint == fingerprint else 0


def save_position(store: Any, position: Position) -> None:
    """Remember ``position`` (replacing what was saved for that input)."""
    values = {"fingerprint": position.fingerprint, "position": position.offset,
              "updated_at": utcnow()}
    with store.write() as conn:
        stmt = insert_for(conn, input_positions).values(input=position.input, **values)
        conn.execute(stmt.on_conflict_do_update(index_elements=["input"], set_=values))


def forget_position(store: Any, input_path: str) -> None:
    """Read ``input_path`` from the start next time (``eventwire ingest --restart``)."""
    with store.write() as conn:
        conn.execute(delete(input_positions).where(input_positions.c.input == input_path))
