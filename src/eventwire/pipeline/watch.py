"""`eventwire watch`: keep polling folders and feeds, ingest what is new, remember what was seen.

A folder item is new when its (path, size, mtime) was never seen; a feed is re-read at every
poll and its articles go through the normal ingest, where exact duplicates are recognised by
their content hash before any analysis, so nothing is stored twice. An item is marked seen
only after its ingest finished: a crash in between means it is read again next time, which
the idempotent ingest makes harmless.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.models import ItemError
from eventwire.pipeline.run import IngestReport, ingest
from eventwire.settings import Settings
from eventwire.store.seen import mark_seen, unseen


@dataclass
class WatchTotals:
    polls: int = 0
    items: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[ItemError] = field(default_factory=list)

    def add(self, report: IngestReport) -> None:
        self.stored += report.stored + report.updated
        self.duplicates += report.duplicates
        self.failed += report.failed
        self.errors.extend(report.errors)


def is_remote(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def folder_items(target: str) -> Iterator[tuple[str, str]]:
    """(key, path) for every visible file below a folder (or the file itself)."""
    root = Path(target)
    paths = (
        [root]
        if root.is_file()
        else sorted(
            p
            for p in root.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
        )
    )
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue  # vanished between listing and stat: it will be seen next poll if back
        yield f"file:{path.resolve()}:{st.st_size}:{st.st_mtime_ns}", str(path)


def poll_once(
    targets: list[str],
    *,
    store: Any,
    settings: Settings,
    totals: WatchTotals,
    on_error: Callable[[ItemError], None] | None = None,
) -> None:
    """One pass over every target."""
    totals.polls += 1
    for target in targets:
        if is_remote(target) or not os.path.exists(target):
            # feeds (and URLs) are read whole; duplicates are skipped by hash before analysis
            report = ingest([target], store=store, settings=settings, on_error=on_error)
            totals.items += report.read
            totals.add(report)
            continue
        items = dict(folder_items(target))
        for key in unseen(store, items):
            report = ingest([items[key]], store=store, settings=settings, on_error=on_error)
            totals.items += 1
            totals.add(report)
            mark_seen(store, key)


def watch(
    targets: list[str],
    *,
    store: Any,
    settings: Settings,
    interval: float = 60.0,
    stop: threading.Event | None = None,
    max_polls: int | None = None,
    on_error: Callable[[ItemError], None] | None = None,
    on_poll: Callable[[WatchTotals], None] | None = None,
) -> WatchTotals:
    """Poll until `stop` is set (Ctrl-C in the CLI) or `max_polls` passes are done."""
    stop = stop or threading.Event()
    totals = WatchTotals()
    while not stop.is_set():
        poll_once(targets, store=store, settings=settings, totals=totals, on_error=on_error)
        if on_poll:
            on_poll(totals)
        if max_polls is not None and totals.polls >= max_polls:
            break
        stop.wait(interval)
    return totals
