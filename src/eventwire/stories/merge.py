"""Canonical events: the reports of one happening inside a story, merged into one event.

Events of a story merge when they have the same type, the same dyad (unordered for
CONSULT/AGREE/COOPERATE), the same modality (future/hypothetical) and dates that agree within
±`merge_date_tolerance_days`. A date read from the text without contradiction is *firm*; an
article-date fallback or a date whose weekday and day disagree is *weak*: weak and undated
reports join the firm date they are nearest to (else the best-supported one), because a story
groups reports of one happening. The canonical date is the best-supported date seen
(firm text dates outweigh contradicted ones, which outweigh article dates; then the majority;
then the earliest); every date seen is kept in `dates_seen`, and `date_conflict` says that
dates read in the texts disagreed (or one contradicted itself). Every report stays an
`events` row pointing at its canonical event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import Connection, delete, select, update

from eventwire.store.schema import articles, canonical_events, events
from eventwire.stories.features import SYMMETRIC_TYPES, dyad_key, side_keys

# Support a report gives the date it carries.
DATE_WEIGHT = {"firm": 3.0, "conflict": 1.0, "article": 0.5}


@dataclass
class Report:
    """One event row with what merging needs from its article."""

    id: str
    article_id: str
    order: tuple  # (article ingest order, event id)
    type: str
    key: str
    date: dt.date | None
    date_source: str | None
    date_conflict: bool
    language: str | None
    source: str  # outlet, else the URL's domain, else the source path
    row: dict[str, Any] = field(default_factory=dict)
    family: str = ""  # type + modality
    sides: tuple = ()  # (actors, recipients) as sets; (both sides together,) when symmetric

    @property
    def firm(self) -> bool:
        return self.date is not None and self.date_source == "text" and not self.date_conflict

    @property
    def strength(self) -> str:
        if self.firm:
            return "firm"
        return "conflict" if self.date_conflict else "article"


def source_of(outlet: str | None, url: str | None, source: str | None) -> str:
    """Who published it: the outlet, else the URL's domain, else the source path."""
    if outlet:
        return outlet.strip().lower()
    if url:
        host = urlparse(url).netloc.lower()
        return host[4:] if host.startswith("www.") else host
    return source or ""


def merge_keys(row: dict[str, Any]) -> tuple[str, str, tuple]:
    """(key, family, sides): type + dyad + modality ('' when no side is known: such an event
    stays on its own), type + modality, and the sides as sets."""
    actors, recipients = row.get("actors") or [], row.get("recipients") or []
    modality = "".join(str(int(bool(row.get(k)))) for k in ("future", "hypothetical"))
    family = f"{row['type']}|{modality}"
    dyad = dyad_key(row["type"], actors, recipients)
    if row["type"] in SYMMETRIC_TYPES:
        sides: tuple = (frozenset(side_keys(actors)) | frozenset(side_keys(recipients)),)
    else:
        sides = (frozenset(side_keys(actors)), frozenset(side_keys(recipients)))
    return (f"{family}|{dyad}" if dyad else ""), family, sides


def _partial(sides: tuple) -> bool:
    """A report that names only one side (a symmetric one with a single party)."""
    return len(sides[0]) < 2 if len(sides) == 1 else not (sides[0] and sides[1])


def _fits(part: tuple, full: tuple) -> bool:
    """`part` names a subset of each of `full`'s sides."""
    return part != full and all(p <= f for p, f in zip(part, full, strict=True))


def _fold_partial(by_key: dict[str, list[Report]]) -> None:
    """Reports naming one side join the fuller dyad they fit (the best-supported one): in a
    story, "Pezeshkian held a meeting" and "Pezeshkian met al-Sabbagh" are the same meeting."""
    full = [k for k, g in by_key.items() if not _partial(g[0].sides)]
    for key in [k for k, g in by_key.items() if _partial(g[0].sides)]:
        head = by_key[key][0]
        hosts = [k for k in full if by_key[k][0].family == head.family
                 and _fits(head.sides, by_key[k][0].sides)]
        if hosts:
            host = min(hosts, key=lambda k: (-len(by_key[k]), by_key[k][0].order))
            by_key[host].extend(by_key.pop(key))


def _date_groups(reports: list[Report], tolerance: int) -> list[list[Report]]:
    """Split same-key reports by firm dates; weak and undated ones join the nearest group."""
    firm = sorted((r for r in reports if r.firm), key=lambda r: (r.date, r.order))
    groups: list[list[Report]] = []
    for r in firm:
        if groups and (r.date - groups[-1][-1].date).days <= tolerance:
            groups[-1].append(r)
        else:
            groups.append([r])
    rest = sorted((r for r in reports if not r.firm), key=lambda r: r.order)
    if not groups:
        return [rest] if rest else []
    for r in rest:
        groups[_home(groups, r, tolerance)].append(r)
    return groups


def _home(groups: list[list[Report]], report: Report, tolerance: int) -> int:
    """Index of the group a weak/undated report belongs to."""
    if report.date is not None:
        near = [(min(abs((m.date - report.date).days) for m in g if m.firm), i)
                for i, g in enumerate(groups)]
        best_gap, best = min(near)
        if best_gap <= tolerance:
            return best
    support = [(-sum(DATE_WEIGHT["firm"] for m in g if m.firm), i) for i, g in enumerate(groups)]
    return min(support)[1]


def resolve_date(reports: list[Report]) -> tuple[dt.date | None, bool, dict[str, int]]:
    """The best-supported date, whether reports disagreed, and how often each date was seen."""
    weight: Counter = Counter()
    seen: Counter = Counter()
    for r in reports:
        if r.date is None:
            continue
        weight[r.date] += DATE_WEIGHT[r.strength]
        seen[r.date] += 1
    if not weight:
        return None, False, {}
    best = min(weight, key=lambda d: (-weight[d], -seen[d], d))
    # an article-date fallback is a guess, not a claim: only dates read in the text conflict
    told = {r.date for r in reports if r.date is not None and r.date_source == "text"}
    conflict = len(told) > 1 or any(r.date_conflict for r in reports)
    return best, conflict, {d.isoformat(): n for d, n in sorted(seen.items())}


def _representative(group: list[Report]) -> Report:
    """The report whose coding speaks for the group: most actors named, then earliest."""
    def named(r: Report) -> int:
        return len(r.row.get("actors") or []) + len(r.row.get("recipients") or [])
    return min(group, key=lambda r: (-named(r), r.order))


def canonical_id(story_id: str, first_event_id: str) -> str:
    """Deterministic id from the story and the earliest report."""
    digest = hashlib.sha256(f"{story_id}|{first_event_id}".encode()).hexdigest()[:20]
    return f"ce-{digest}"


def group_reports(reports: list[Report], *, tolerance: int) -> list[list[Report]]:
    """Reports of one story grouped into happenings, in order of their earliest report."""
    by_key: dict[str, list[Report]] = {}
    singles: list[list[Report]] = []
    for r in sorted(reports, key=lambda r: r.order):
        if r.key:
            by_key.setdefault(r.key, []).append(r)
        else:
            singles.append([r])
    _fold_partial(by_key)
    groups = [g for same in by_key.values() for g in _date_groups(same, tolerance)] + singles
    for g in groups:
        g.sort(key=lambda r: r.order)
    return sorted(groups, key=lambda g: g[0].order)


def canonical_row(story_id: str, group: list[Report]) -> dict[str, Any]:
    """The canonical_events row for one group of reports."""
    rep = _representative(group)
    date, conflict, seen = resolve_date(group)
    modes = Counter(r.row.get("mode") for r in group if r.row.get("mode"))
    return {
        "id": canonical_id(story_id, group[0].id),
        "story_id": story_id,
        "type": rep.type,
        "mode": min(modes, key=lambda m: (-modes[m], m)) if modes else None,
        "actors": rep.row.get("actors") or [],
        "recipients": rep.row.get("recipients") or [],
        "date": date,
        "date_conflict": conflict,
        "dates_seen": seen,
        "num_articles": len({r.article_id for r in group}),
        "num_sources": len({r.source for r in group}),
        "num_mentions": len(group),
        "languages": sorted({r.language for r in group if r.language}),
        "score": rep.row.get("score"),
        "cameo": rep.row.get("cameo"),
    }


def _load_reports(conn: Connection, story_id: str) -> list[Report]:
    """The story's reported (not negated) events with their articles' language and source."""
    stmt = (select(events, articles.c.language, articles.c.outlet, articles.c.url,
                   articles.c.source.label("article_source"), articles.c.ingested_at)
            .join(articles, articles.c.id == events.c.article_id)
            .where(articles.c.story_id == story_id, events.c.negated.is_(False)))
    reports = []
    for m in conn.execute(stmt).mappings():
        row = dict(m)
        key, family, sides = merge_keys(row)
        stamp = m["ingested_at"].strftime("%Y-%m-%dT%H:%M:%S.%f") if m["ingested_at"] else ""
        reports.append(Report(
            id=m["id"], article_id=m["article_id"], order=(stamp, m["article_id"], m["id"]),
            type=m["type"], key=key, date=m["date"], date_source=m["date_source"],
            date_conflict=bool(m["date_conflict"]), language=m["language"],
            source=source_of(m["outlet"], m["url"], m["article_source"]), row=row,
            family=family, sides=sides))
    return reports


def merge_in(conn: Connection, story_id: str, *, tolerance: int) -> int:
    """(Re)write the canonical events of one story inside an open transaction; return count."""
    conn.execute(update(events).where(events.c.story_id == story_id).values(canonical_id=None))
    conn.execute(delete(canonical_events).where(canonical_events.c.story_id == story_id))
    groups = group_reports(_load_reports(conn, story_id), tolerance=tolerance)
    for group in groups:
        row = canonical_row(story_id, group)
        conn.execute(canonical_events.insert().values(row))
        conn.execute(update(events).where(events.c.id.in_([r.id for r in group]))
                     .values(canonical_id=row["id"]))
    return len(groups)


def merge_story_events(store: Any, story_id: str, *, tolerance: int = 1) -> int:
    """Merge one story's events into canonical events (its own write transaction)."""
    with store.write() as conn:
        return merge_in(conn, story_id, tolerance=tolerance)
