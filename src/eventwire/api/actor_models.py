"""Response models of the actor and dyad pages (/api/actors, /api/actors/{key},
/api/dyads/{a}/{b}); the other endpoints' models are in ``api.models``.

Actor rows pick the actor object's fields from the export records (``eventwire.records``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from eventwire.api.models import (
    IDENTITY,
    MEAN_SCORE,
    TERM,
    EventPage,
    Paged,
    PeriodCount,
    QuotePage,
    ScorePoint,
    TypeCount,
)
from eventwire.records import ActorObject, ActorRecord, Role, described, pick, view

LABEL = (str, described("The name to show (Iran · government for a bare code)"))
ActorSummary = view(
    "ActorSummary", "An actor taking part in events.", pick(ActorObject, *IDENTITY),
    label=LABEL, country_name=(str | None, described("Name of its country")),
    term=(str, described(TERM)), events=(int, described("Distinct non-negated events; a "
                                                         "country counts its roll-up")),
)


class ActorPage(Paged[ActorSummary]):  # type: ignore[valid-type]
    """A page of actors, busiest first."""


class CurrentRole(Role):
    country_name: str | None = described("Name of the role's country")


ActorIdentity = view(
    "ActorIdentity", "Who an actor term names, readably.",
    pick(ActorObject, "name", "code", "country", "sector"),
    pick(ActorRecord, "aliases", "roles"),
    pick(ActorRecord, "first_seen", "last_seen", optional=True),
    kind=(Literal["country", "code", "actor", "name"], described("What the term names")),
    term=(str, described(TERM)), label=LABEL,
    kb_id=(str | None, described("Knowledge-base id (countries and actors)")),
    source=(str | None, described("kb, learned or user (null for a code or a bare name)")),
    role=(CurrentRole | None, described("The role held at its latest event")),
    exact=(bool, described("A country's bare code only (no roll-up)")),
    country_name=(str | None, described("Name of its country")),
    sector_name=(str | None, described("Only for a code: name of its sector", default=None)),
    entity=(str | None, described("Only for KB actors: person, organisation or country",
                                  default=None)),
)
Member = view("Member", "A code or person inside a counterpart country.",
              pick(ActorObject, *IDENTITY), label=LABEL, term=(str, described(TERM)),
              events=(int, described("Events of the directed dyad with it")))


class Counterpart(BaseModel):
    """Who the actor dealt with: one row per counterpart country (or stateless actor) and
    direction, counting the events of that directed dyad."""

    term: str = described(TERM)
    kind: Literal["country", "actor", "name"] = described("What the counterpart is")
    key: str = described("Its country code, kb_id or name")
    name: str = described("Readable name")
    country: str | None = described("Its country code")
    code: str | None = described("Its (first) actor code")
    kb_id: str | None = described("Its kb_id (kind actor)")
    direction: Literal["outgoing", "incoming"] = described("outgoing: the actor acted on it")
    events: int = described("Distinct non-negated events")
    mean_score: float | None = described(MEAN_SCORE)
    members: list[Member] = described("Its codes and people, busiest first (8 at most)")  # type: ignore[valid-type]


class Node(BaseModel):
    id: str = described("The actor term")
    name: str = described("Readable name")
    code: str | None = described("Actor code")
    center: bool = described("The actor of the page")


class Link(BaseModel):
    source: str = described("Term of the acting side")
    target: str = described("Term of the receiving side")
    events: int = described("Distinct events")
    mean_score: float | None = described(MEAN_SCORE)


class Network(BaseModel):
    """The actor's ego network, for the counterpart graph."""

    nodes: list[Node] = described("The actor and its counterparts")
    links: list[Link] = described("One per counterpart and direction")


CountryMember = view(
    "CountryMember", "A code or person a country rolls up.",
    pick(ActorObject, "kb_id", "name", "code"),
    events=(int, described("Distinct non-negated events")),
    country=(str, described("The country")), label=LABEL, term=(str, described(TERM)),
    state=(bool, described("The country's own rows (the state as such)")),
)


class ActorProfile(BaseModel):
    """Who an actor is, what it did, with whom, and what it said."""

    actor: ActorIdentity = described("Who")  # type: ignore[valid-type]
    mentions: int = described("Mentions of its kb_id in stored articles")
    events: EventPage = described("Its events (a country: rolled up unless exact)")
    types: list[TypeCount] = described("Its events per PLOVER category")
    interval: Literal["day", "week", "month"] = described("The period of timeline and scores")
    timeline: list[PeriodCount] = described("Its events per period")
    scores: list[ScorePoint] = described("Its cooperation–conflict series per period")
    counterparts: list[Counterpart] = described("Who it dealt with, busiest first")
    network: Network = described("The counterpart graph")
    quotes: QuotePage = described("What it said (its country's speakers for a code)")
    members: list[CountryMember] = described(  # type: ignore[valid-type]
        "A rolled-up country: the codes and people it is made of")


class Scope(BaseModel):
    """What an actor term stands for, once resolved."""

    kind: Literal["country", "code", "actor", "name"] = described("What the term names")
    key: str = described("Country code, actor code, kb_id or name")
    name: str = described("Readable name")
    exact: bool = described("A country's bare code only")
    term: str = described("The unambiguous term (country:IRN ...)")


class DyadCounts(BaseModel):
    a_to_b: int = described("Events from a to b (the dyad table's row a → b)")
    b_to_a: int = described("Events from b to a")
    listed: int = described("Events listed (both directions unless either_direction=false)")


class DyadDetail(BaseModel):
    """Two actors: counts both ways, their events, categories and series."""

    a: Scope = described("The first actor")
    b: Scope = described("The second actor")
    either_direction: bool = described("Events and series cover both directions")
    counts: DyadCounts = described("Directed counts")
    events: EventPage = described("Their events")
    types: list[TypeCount] = described("Their events per PLOVER category")
    interval: Literal["day", "week", "month"] = described("The period of timeline and scores")
    scores: list[ScorePoint] = described("Their cooperation–conflict series per period")
    timeline: list[PeriodCount] = described("Their events per period")
    undated: int = described("Their events with no date")
