"""Text that is edited in steps while remembering where every character came from.

Each cleaning step proposes edits on the *current* text; `EditableText.apply` performs them in
one pass and records a `Removal` with offsets into the *raw* text, so the cleaner's record
stays exact however many steps ran before.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.models import Removal


@dataclass(frozen=True)
class Edit:
    """Replace current-text ``[start, end)`` by ``replacement`` (empty = delete)."""

    start: int
    end: int
    replacement: str
    rule: str


class EditableText:
    """The current text plus, for each of its characters, the raw offset it came from."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = raw
        # origin[i] = raw offset of current char i, or -(p + 1) for a char inserted at raw
        # offset p; origin[len(text)] = len(raw)
        self.origin: list[int] = list(range(len(raw) + 1))
        self.removals: list[Removal] = []

    def apply(self, edits: list[Edit]) -> None:
        """Perform non-overlapping edits (any order) and record them as removals."""
        if not edits:
            return
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        pieces: list[str] = []
        origin: list[int] = []
        cursor = 0
        for edit in ordered:
            if edit.start < cursor or edit.end < edit.start or edit.end > len(self.text):
                raise ValueError(f"overlapping or out-of-range edit {edit}")
            if self.text[edit.start : edit.end] == edit.replacement:
                continue
            pieces.append(self.text[cursor : edit.start])
            origin.extend(self.origin[cursor : edit.start])
            raw_start = self._before(edit.start)
            raw_end = self._after(edit.end - 1) if edit.end > edit.start else raw_start
            pieces.append(edit.replacement)
            origin.extend([-(raw_start + 1)] * len(edit.replacement))
            self.removals.append(
                Removal(
                    rule=edit.rule,
                    raw_start=raw_start,
                    raw_end=raw_end,
                    text=self.raw[raw_start:raw_end],
                    replacement=edit.replacement,
                )
            )
            cursor = edit.end
        pieces.append(self.text[cursor:])
        origin.extend(self.origin[cursor:])
        self.text = "".join(pieces)
        self.origin = origin

    def _before(self, i: int) -> int:
        """Raw offset where current char ``i`` starts (its insertion point if inserted)."""
        o = self.origin[i]
        return o if o >= 0 else -o - 1

    def _after(self, i: int) -> int:
        """Raw offset just after current char ``i`` (its insertion point if inserted)."""
        o = self.origin[i]
        return o + 1 if o >= 0 else -o - 1
