"""The candidate span type shared by candidate collection, linking and resolution."""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.knowledge import Entry

DETERMINERS = {"the", "a", "an", "el", "la", "los", "las", "le", "les", "l'", "un", "une", "una"}


@dataclass
class Cand:
    """A span (token offsets) that may refer to an actor."""

    start: int
    end: int
    kind: str  # country|person|org|title|group|pron|plural|pair|pair_countries|...
    label: str
    entry: Entry | None = None
    alias_kind: str | None = None
    sector: str | None = None
    title: str | None = None
    country: str | None = None  # from a nationality adjective / "of X" next to a title or group
    top: bool = False
    person: Cand | None = None  # the name a title is attached to
    titled_by: Cand | None = None  # the title attached to this name
    absorbed: bool = False  # an adjective or title folded into a neighbour
    extra: str | None = None  # group name for "the Arab country"
    locative: bool = False  # "in Syria", "à Téhéran": the place, not the actor
    countries: list[str] | None = None  # plural titles: "foreign ministers of Iran and Turkey"
    span_start: int = -1  # the mention's extent once attached words are folded in
    span_end: int = -1

    def __post_init__(self) -> None:
        self.span_start, self.span_end = self.start, self.end

    def overlaps(self, other: Cand) -> bool:
        return self.start < other.end and other.start < self.end


def is_country_modifier(c: Cand) -> bool:
    return (
        c.kind == "country" and c.alias_kind in ("adjective", "demonym", "name") and not c.locative
    )
