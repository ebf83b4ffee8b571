"""What `watch` has already seen (``seen_items``), so a restart does not re-read old files."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from eventwire.store.rows import utcnow
from eventwire.store.schema import seen_items
from eventwire.store.write import insert_for

_CHUNK = 500  # keys per IN (...) query: well under every backend's parameter limit


def unseen(store: Any, keys: Iterable[str]) -> list[str]:
    """The keys (in their given order) never passed to ``mark_seen``."""
    keys = list(dict.fromkeys(keys))
    known: set[str] = set()
    with store.read() as conn:
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            known.update(conn.scalars(select(seen_items.c.key).where(seen_items.c.key.in_(chunk))))
    return [k for k in keys if k not in known]


def mark_seen(store: Any, key: str) -> None:
    """Remember ``key``; marking it again changes nothing."""
    with store.write() as conn:
        stmt = insert_for(conn, seen_items).values(key=key, seen_at=utcnow())
        conn.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))
