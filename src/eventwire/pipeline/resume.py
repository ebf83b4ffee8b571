"""Resuming an interrupted ingest of a WARC file where it stopped.

A WARC reader yields a `Position` after every record. A position is saved in the store
(``store.positions``) only once every article read before it is stored (or refused, or found
already stored): after each saved wave, the position read right after the wave's last article,
and at the end of the ingest, the last position of each file. An interrupted ingest (Ctrl-C, a
crash, a killed machine) has saved the position after its last complete wave, so the next
``eventwire ingest`` of the same file seeks there. Records between that position and the
interruption are read again; their articles are already stored and only counted as duplicates
(the store knows every article by its content hash), so nothing is stored twice.
"""

from __future__ import annotations

import os
from typing import Any

from eventwire.models import Article, Position
from eventwire.store.positions import forget_position, save_position, saved_position


class Resumption:
    """Positions read, and saved when the articles before them are."""

    def __init__(self, store: Any, *, restart: bool = False) -> None:
        self.store = store
        self.restart = restart
        self.resumed: dict[str, tuple[int, int]] = {}  # input -> (offset resumed at, its size)
        self._latest: dict[str, Position] = {}  # input -> last position read
        self._after: dict[str, Position] = {}  # article source -> position read after it
        self._last_source: str | None = None

    def start_at(self, input_path: str, fingerprint: str) -> int:
        """Where to start reading ``input_path`` (0 with ``restart``)."""
        if self.restart:
            forget_position(self.store, input_path)
            return 0
        offset = saved_position(self.store, input_path, fingerprint)
        if offset:
            self.resumed[input_path] = (offset, os.path.getsize(input_path))
        return offset

    def read(self, position: Position) -> None:
        """A position came after the last article read."""
        self._latest[position.input] = position
        if self._last_source is not None:
            self._after[self._last_source] = position

    def article(self, article: Article) -> None:
        """An article was read (positions that follow it wait for it to be saved)."""
        self._last_source = article.source

    def saved(self, wave: list[Article]) -> None:
        """A wave is stored: save the position that followed its last article."""
        for article in wave:
            position = self._after.pop(article.source, None)
            if article is wave[-1] and position is not None:
                save_position(self.store, position)

    def finished(self) -> None:
        """Everything read is stored: save each file's last position."""
        for position in self._latest.values():
            save_position(self.store, position)
        self._after.clear()
