"""Article detail: the cleaned text with every annotation located by its offsets.

``segment_text`` cuts the text at every annotation boundary, so overlapping annotations (a
trigger inside a quote, a speaker mention inside an event sentence) become flat segments that
a template can render as escaped ``<span>``s without building HTML from offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from eventwire.query.filters import NotFound, engine_of, iso
from eventwire.query.listings import ARTICLE_SUMMARY, event_record, event_select, quote_record
from eventwire.store.schema import articles, events, mentions, quotes, stories


@dataclass(frozen=True)
class Span:
    """One annotation of the text: [start, end), what it is, and what it points to."""

    start: int
    end: int
    kind: str  # actor | mention | trigger | quote | date | place
    label: str
    ref: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "label": self.label,
            "ref": self.ref,
        }


def segment_text(text: str, spans: list[Span]) -> list[dict[str, Any]]:
    """Cut ``text`` at every span boundary; each piece lists the spans covering it."""
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        cover = [s for s in spans if s.start <= a and b <= s.end]
        out.append(
            {
                "text": text[a:b],
                "start": a,
                "kinds": sorted({s.kind for s in cover}),
                "labels": [s.label for s in cover],
                "refs": sorted({s.ref for s in cover if s.ref}),
            }
        )
    return out


def _find_within(text: str, needle: str | None, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of ``needle`` inside text[start:end] (dates/places stored without offsets)."""
    if not needle:
        return None
    i = text.find(needle, start, end)
    return (i, i + len(needle)) if i >= 0 else None


def _event_spans(text: str, ev: dict[str, Any]) -> list[Span]:
    label = ev["type"] + (f" ({ev['mode']})" if ev.get("mode") else "")
    spans = []
    if ev.get("trigger_start") is not None and ev.get("trigger_end") is not None:
        spans.append(Span(ev["trigger_start"], ev["trigger_end"], "trigger", label, ev["id"]))
    date = _find_within(text, ev.get("date_text"), ev["start"], ev["end"])
    if date:
        spans.append(Span(*date, "date", f"{ev.get('date') or 'date'}", ev["id"]))
    loc = ev.get("location") or {}
    if loc.get("start") is not None and loc.get("end") is not None:
        place = (loc["start"], loc["end"])
    else:
        place = _find_within(text, loc.get("text") or loc.get("name"), ev["start"], ev["end"])
    if place:
        where = loc.get("name", "") + (f", {loc['country']}" if loc.get("country") else "")
        spans.append(Span(*place, "place", where, ev["id"]))
    return spans


def _mention_span(m: dict[str, Any]) -> Span:
    actor = m.get("actor") or {}
    if actor:
        label = actor.get("name") or m["text"]
        if actor.get("code"):
            label += f" [{actor['code']}]"
        return Span(m["start"], m["end"], "actor", label, actor.get("kb_id"))
    return Span(m["start"], m["end"], "mention", m.get("label") or "entity")


def _quote_spans(q: dict[str, Any]) -> list[Span]:
    speaker = (q.get("speaker") or {}).get("name") or q.get("speaker_text") or "unknown speaker"
    return [Span(q["start"], q["end"], "quote", f"quote by {speaker}", q["id"])]


def annotations(text: str, detail: dict[str, Any]) -> tuple[list[Span], int]:
    """All spans of an article detail that fit the text, and how many did not."""
    spans = [_mention_span(m) for m in detail["mentions"]]
    for q in detail["quotes"]:
        spans += _quote_spans(q)
    for ev in detail["events"]:
        spans += _event_spans(text, ev)
    good = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    return good, len(spans) - len(good)


def article_detail(db: Any, article_id: str) -> dict[str, Any]:
    """One article with its text, mentions, events, quotes, story and highlight segments."""
    with engine_of(db).connect() as conn:
        row = conn.execute(
            select(*ARTICLE_SUMMARY, articles.c.text, articles.c.removals,
                   articles.c.analysis_steps, articles.c.ingested_at)
            .where(articles.c.id == article_id)
        ).mappings().first()
        if row is None:
            raise NotFound(f"no article with id {article_id!r}")
        mention_rows = conn.execute(
            select(mentions).where(mentions.c.article_id == article_id)
            .order_by(mentions.c.start_char, mentions.c.end_char)
        ).mappings().all()
        event_rows = conn.execute(
            event_select().where(events.c.article_id == article_id)
            .order_by(events.c.start_char, events.c.id)
        ).mappings().all()
        quote_rows = conn.execute(
            select(quotes).where(quotes.c.article_id == article_id)
            .order_by(quotes.c.start_char)
        ).mappings().all()
        story = None
        if row["story_id"]:
            story = conn.execute(
                select(stories.c.id, stories.c.title).where(stories.c.id == row["story_id"])
            ).mappings().first()
    detail = {k: iso(v) for k, v in dict(row).items()}
    detail["mentions"] = [_mention_record(m) for m in mention_rows]
    detail["events"] = [event_record(e) for e in event_rows]
    detail["quotes"] = [quote_record(q) for q in quote_rows]
    detail["story"] = dict(story) if story else None
    spans, bad = annotations(row["text"], detail)
    detail["annotations"] = [s.to_dict() for s in spans]
    detail["segments"] = segment_text(row["text"], spans)
    detail["bad_offsets"] = bad
    return detail


def _mention_record(row: Any) -> dict[str, Any]:
    rec = {k: v for k, v in dict(row).items() if k not in {"start_char", "end_char", "id"}}
    rec["start"], rec["end"] = row["start_char"], row["end_char"]
    return rec
