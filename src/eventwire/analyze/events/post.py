"""Article-level passes over the coded events of one article (``analyze.events``): recipients
of plans from the meeting they are made at, dates shared between mentions of one happening,
one event per sentence, type and parties; the country of unknown parties and the issuer of a
statement."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from eventwire.models import ActorRef, Event


def actor_key(ref: ActorRef) -> str:
    """One actor's identity across mentions: its KB id, or its name."""
    return ref.kb_id or ref.name.lower()


def fill_interlocutors(events: list[Event]) -> None:
    """A plan / promise with no stated recipient is made to the party being met (PLOVER AGREE)."""
    for i, ev in enumerate(events):
        if ev.type != "AGREE" or ev.recipients:
            continue
        own = {actor_key(a) for a in ev.actors}
        meetings = [m for m in events[:i][::-1] + events[i + 1:] if m.type == "CONSULT"]
        for m in meetings:
            parties = m.actors + m.recipients
            if own & {actor_key(p) for p in parties}:
                others = [p for p in parties if actor_key(p) not in own
                          and p.country not in {a.country for a in ev.actors}]
                if others:
                    ev.recipients = others[:1]
                    ev.rule = (ev.rule or "") + "+interlocutor"
                    break


def share_dates(events: list[Event]) -> None:
    """An undated mention of a happening takes the date of a dated mention of the same one
    ("The two met ..." after "... during a meeting with Erdogan on Thursday")."""
    dated = [e for e in events if e.date_source == "text" and e.date is not None]
    for ev in events:
        if ev.date_source == "text":
            continue
        parties = {actor_key(a) for a in ev.actors + ev.recipients}
        for other in dated:
            theirs = {actor_key(a) for a in other.actors + other.recipients}
            if other.type == ev.type and len(parties & theirs) >= min(2, len(parties)):
                ev.date, ev.date_text, ev.date_source = other.date, other.date_text, "text"
                ev.date_conflict = other.date_conflict
                break


def other_mentions(events: list[Event]) -> list[Event]:
    """An agentless nominal act ("the protest", "de telles manifestations", rule "+people") that
    another event of the article codes (same category, a shared actor country) is one more
    mention of it, not a new event; of several such mentions only the first stays."""
    def key(e: Event) -> set[tuple[str, str | None]]:
        return {(e.type, a.country) for a in e.actors}

    coded = set().union(*[key(e) for e in events if not e.rule.endswith("+people")])
    out = []
    for event in events:
        if event.rule.endswith("+people"):
            if key(event) & coded:
                continue
            coded |= key(event)
        out.append(event)
    return out


def dedupe(events: list[Event]) -> list[Event]:
    """One event per (sentence, type, actors, recipients, flags): the most confident wins."""
    best: dict[tuple, Event] = {}
    for ev in events:
        key = (ev.start, ev.type, frozenset(map(actor_key, ev.actors)),
               frozenset(map(actor_key, ev.recipients)), ev.negated, ev.hypothetical)
        kept = best.get(key)
        if kept is None or ev.confidence > kept.confidence:
            best[key], other = ev, kept
        else:
            other = ev
        # "discussed ... in a phone call": one happening; keep the mode one mention gives
        winner = best[key]
        if other is not None and winner.mode is None and other.mode is not None:
            winner.mode, winner.cameo, winner.score = other.mode, other.cameo, other.score
    return sorted(best.values(), key=lambda e: (e.start, e.trigger_start or 0))


_LEAD = 400  # characters after the headline where a statement names its issuer


def author(text: str, actors: Any) -> ActorRef | None:
    """The issuer of a statement or release, for its first-person acts ("Condenamos ...",
    "We call on ..."): the first government actor named just after the headline ("Antony J.
    Blinken / Secretario de Estado", "Department of State, Office of the Spokesperson")."""
    start = text.find("\n") + 1
    if start <= 0:
        return None
    named = [m for m in actors.mentions if start <= m.start < start + _LEAD
             and m.actor is not None and m.actor.country and m.actor.sector == "GOV"
             and m.label in {"PERSON", "PER", "ORG", "TITLE", "NOMINAL"}]
    return named[0].actor if named else None


def main_country(actors: Any) -> str | None:
    """The country the article's resolved mentions name most often (ties: the first named)."""
    counts: dict[str, int] = {}
    for m in actors.mentions:
        if m.actor is not None and m.actor.country:
            counts[m.actor.country] = counts.get(m.actor.country, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def local_refs(refs: list[ActorRef], location: Any, home: str | None) -> list[ActorRef]:
    """An unknown named party ("les Frères musulmans", "Antoine Sollacaro") belongs to the
    event's place, else to the article's main country (docs/ANNOTATION.md §3, the order
    'actor itself, modifier, place, dateline, main country'); known actors keep theirs."""
    country = (location.country if location is not None else None) or home
    if country is None:
        return refs
    return [replace(r, country=country) if r.country is None and r.kb_id is None
            and r.sector is None else r for r in refs]


def localised(event: Event, home: str | None) -> Event:
    return replace(event, actors=local_refs(event.actors, event.location, home),
                   recipients=local_refs(event.recipients, event.location, home))
