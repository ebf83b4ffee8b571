"""The knowledge base: entries by id plus an alias index (see ``load.load_kb``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from eventwire.knowledge.entries import (
    NAME_PARTICLES,
    SOURCE_RANK,
    Alias,
    Entry,
    _role_recency,
    fold,
)
from eventwire.knowledge.validate import entry_from_record


def _surname_keys(entry: Entry) -> set[str]:
    """Folded last names of a person's multi-word aliases ("mugabe", "al sudani")."""
    keys = set()
    for alias in entry.aliases:
        words = fold(alias.text).split()
        if len(words) < 2:
            continue
        keys.add(words[-1])
        if len(words) > 2 and words[-2] in NAME_PARTICLES:
            keys.add(" ".join(words[-2:]))
    return keys



class KnowledgeBase:
    """Entries by id plus an alias index keyed by :func:`fold`."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.entries: dict[str, Entry] = {}
        self._index: dict[str, list[tuple[str, Alias]]] = {}
        self._surnames: dict[str, list[str]] = {}
        self.learned: list[Entry] = []
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        """Add or replace an entry (a replaced entry's aliases leave the index)."""
        if entry.kb_id in self.entries:
            self._unindex(self.entries[entry.kb_id])
        self.entries[entry.kb_id] = entry
        for alias in entry.aliases:
            self._index.setdefault(fold(alias.text), []).append((entry.kb_id, alias))
        if entry.kind == "person":
            for key in _surname_keys(entry):
                self._surnames.setdefault(key, []).append(entry.kb_id)

    def add_learned(self, entry: Entry | dict[str, Any]) -> None:
        """Keep an actor learned from an article so that later articles can resolve it.

        Accepts an :class:`Entry` or a stored ``actors`` row (``Store.learned_actors()``).
        A learned actor never replaces a KB or user entry of the same id.
        """
        if isinstance(entry, dict):
            entry = entry_from_record(entry)
        existing = self.entries.get(entry.kb_id)
        if existing is not None and existing.source != "learned":
            return
        entry.source = "learned"
        if entry.kb_id not in self.entries:
            self.learned.append(entry)
        self.add(entry)

    def lookup_surname(self, text: str) -> list[Entry]:
        """People whose full name ends with ``text`` ("Mugabe", "Al Sudani"), best source first."""
        ids = dict.fromkeys(self._surnames.get(fold(text), []))
        found = [self.entries[i] for i in ids if i in self.entries]
        return sorted(found, key=lambda e: SOURCE_RANK.get(e.source, 9))

    def _unindex(self, entry: Entry) -> None:
        for key in _surname_keys(entry):
            self._surnames[key] = [i for i in self._surnames.get(key, []) if i != entry.kb_id]
        for alias in entry.aliases:
            key = fold(alias.text)
            kept = [(i, a) for i, a in self._index.get(key, []) if i != entry.kb_id]
            if kept:
                self._index[key] = kept
            else:
                self._index.pop(key, None)

    def get(self, kb_id: str) -> Entry | None:
        return self.entries.get(kb_id)

    def lookup(self, text: str) -> list[tuple[Entry, Alias]]:
        """Entries having ``text`` as an alias, best source first."""
        seen: dict[str, tuple[Entry, Alias]] = {}
        for kb_id, alias in self._index.get(fold(text), []):
            seen.setdefault(kb_id, (self.entries[kb_id], alias))
        hits = list(seen.values())
        return sorted(hits, key=lambda h: (SOURCE_RANK.get(h[0].source, 9), h[0].kind != "person"))

    def countries(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == "country"]

    def role_holder(self, country: str | None, title: str, day: dt.date | None) -> Entry | None:
        """The person holding ``title`` for ``country`` on ``day`` (no day: the latest one)."""
        best: tuple[Any, Entry] | None = None
        for entry in self.entries.values():
            if entry.kind != "person" or entry.source == "phoenix":
                continue
            for role in entry.roles:
                if role.title != title or role.country != country:
                    continue
                if day is not None and not role.active(day):
                    continue
                rank = (SOURCE_RANK.get(entry.source, 9) * -1, _role_recency(role))
                if best is None or rank > best[0]:
                    best = (rank, entry)
        return best[1] if best else None

    def gazetteer_aliases(self, lang: str) -> list[tuple[str, Entry, Alias]]:
        """(text, entry, alias) pairs for the gazetteer of ``lang`` (Phoenix layer excluded)."""
        out = []
        for entry in self.entries.values():
            if entry.source == "phoenix":
                continue
            for alias in entry.aliases:
                if alias.lang in (None, lang) or (alias.kind == "name" and alias.lang == "en"):
                    out.append((alias.text, entry, alias))
        return out
