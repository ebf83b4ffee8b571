"""The knowledge base's records: an actor (``Entry``), its dated roles and its aliases.

``fold`` is the alias lookup key; ``SECTORS`` the CAMEO/PLOVER sector codes an entry may carry.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SECTORS = frozenset(
    "GOV MIL COP REB OPP PTY LEG JUD MED EDU BUS CVL REF IGO NGO REL ELI SPY HLH LAB AGR".split()
)
LANGS = ("en", "es", "fr")
# Lower number wins when two entries share an alias.
SOURCE_RANK = {"user": 0, "kb": 1, "learned": 2, "phoenix": 3}


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes/hyphens/dots: the alias lookup key."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("ı", "i")
    text = text.lower().replace("-", " ").replace(".", "").replace("_", " ")
    return " ".join(text.split())


@dataclass(frozen=True)
class Role:
    """One office held between two dates (end exclusive: the successor's first day)."""

    title: str | None
    country: str | None
    sector: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    org: str | None = None
    code: str | None = None  # explicit code (e.g. IGOUNO); else country + sector

    def active(self, day: dt.date) -> bool:
        """True when the role is held on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def full_code(self) -> str | None:
        """Country + sector, or the explicit code."""
        if self.code:
            return self.code
        return ((self.country or "") + (self.sector or "")) or None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "country": self.country,
            "sector": self.sector,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


class Alias(str):
    """A way of writing an entry; a ``str`` (so it stores as plain JSON text) that also knows
    its kind (name|adjective|demonym|capital|alt|surname), language and sector override
    ("Assad regime" -> GOV)."""

    kind: str
    lang: str | None
    sector: str | None

    def __new__(
        cls, text: str, kind: str = "name", lang: str | None = None, sector: str | None = None
    ) -> Alias:
        obj = super().__new__(cls, text)
        obj.kind, obj.lang, obj.sector = kind, lang, sector
        return obj

    @property
    def text(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"Alias({str(self)!r}, kind={self.kind!r}, lang={self.lang!r})"


@dataclass
class Entry:
    """One actor of the KB."""

    kb_id: str
    name: str
    kind: str  # country | person | organisation
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    aliases: list[Alias] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    groups: tuple[str, ...] = ()
    source: str = "kb"
    evidence: dict[str, Any] | None = None
    gender: str | None = None  # "f" | "m" when known (pronoun agreement)

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role held on ``day``; no day: the most recent role.

        Among overlapping roles the narrowest date range wins (TABARI's rule: a short dated
        exception overrides a long one, and any dated role overrides an undated default).
        """
        if not self.roles:
            return None
        if day is None:
            return max(self.roles, key=_role_recency)
        active = [r for r in self.roles if r.active(day)]
        return min(active, key=_role_width) if active else None

    def base_role(self) -> Role:
        """The entry's own country/sector as a role (countries, organisations)."""
        return Role(None, self.country, self.sector, code=self.code)


NAME_PARTICLES = frozenset({"al", "el", "bin", "ben", "abu", "ibn", "von", "van", "de", "da", "le"})



def _role_recency(role: Role) -> tuple[dt.date, dt.date]:
    """Order roles so that the most recent (open-ended first) wins."""
    return (role.end or dt.date.max, role.start or dt.date.min)


def _role_width(role: Role) -> tuple[int, int]:
    """Width of a role's date range in days (open ends count as very wide), latest start first."""
    start = role.start or dt.date.min
    end = role.end or dt.date.max
    return ((end - start).days, -start.toordinal())
