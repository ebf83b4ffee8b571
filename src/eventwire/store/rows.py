"""Turn the data contracts (Article, Analysis) into table rows; pure functions, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from eventwire.models import ActorRef, Analysis, Article, Event, Mention, Quote


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def quote_id(article_id: str, index: int) -> str:
    return f"{article_id}:q{index}"


def event_id(article_id: str, index: int) -> str:
    return f"{article_id}:e{index}"


def is_learned(mention: Mention) -> bool:
    """A mention whose actor was learned from the article itself, not found in the KB.

    The resolver marks these with ``how`` starting with "learned" or a ``learned:`` kb_id.
    """
    kb_id = mention.actor.kb_id if mention.actor else None
    return mention.how.startswith("learned") or bool(kb_id and kb_id.startswith("learned:"))


def article_row(article: Article, analysis: Analysis, *, run_id: int | None) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published": article.published,
        "published_source": article.published_source,
        "published_precision": article.published_precision,
        "published_partial": article.published_partial,
        "dateline_place": article.dateline_place,
        "language": article.language or analysis.language,
        "language_score": article.language_score,
        "outlet": article.outlet,
        "cited_source": article.cited_source,
        "raw_text": article.raw_text,
        "text": article.text,
        "content_hash": article.content_hash,
        "removals": [asdict(r) for r in article.removals],
        "analysis_steps": list(analysis.steps),
        "run_id": run_id,
        "ingested_at": utcnow(),
    }


@dataclass
class AnalysisRows:
    """Rows for every analysis table of one article."""

    mentions: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    event_actors: list[dict[str, Any]] = field(default_factory=list)


def analysis_rows(article_id: str, analysis: Analysis, *, story_id: str | None) -> AnalysisRows:
    rows = AnalysisRows()
    seen_spans: set[tuple[int, int]] = set()
    for mention in analysis.mentions:
        # one row per span (unique constraint): the resolver may report a span twice
        if (mention.start, mention.end) in seen_spans:
            continue
        seen_spans.add((mention.start, mention.end))
        rows.mentions.append(_mention_row(article_id, mention))
    rows.quotes = [_quote_row(article_id, n, q) for n, q in enumerate(analysis.quotes)]
    for n, event in enumerate(analysis.events):
        row = _event_row(article_id, n, event, len(analysis.quotes), story_id)
        rows.events.append(row)
        rows.event_actors += _event_actor_rows(row["id"], event)
    return rows


def _actor_json(actor: ActorRef | None) -> dict[str, Any] | None:
    return actor.to_dict() if actor else None


def _mention_row(article_id: str, m: Mention) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "start_char": m.start,
        "end_char": m.end,
        "text": m.text,
        "label": m.label,
        "kb_id": m.actor.kb_id if m.actor else None,
        "actor": _actor_json(m.actor),
        "how": m.how or None,
        "antecedent": m.antecedent,
    }


def _quote_row(article_id: str, n: int, q: Quote) -> dict[str, Any]:
    return {
        "id": quote_id(article_id, n),
        "article_id": article_id,
        "speaker": _actor_json(q.speaker),
        "speaker_kb_id": q.speaker.kb_id if q.speaker else None,
        "speaker_name": q.speaker.name if q.speaker else q.speaker_text,
        "speaker_text": q.speaker_text,
        "speaker_start": q.speaker_start,
        "speaker_end": q.speaker_end,
        "cue": q.cue,
        "cue_start": q.cue_start,
        "cue_end": q.cue_end,
        "text": q.text,
        "direct": q.direct,
        "start_char": q.start,
        "end_char": q.end,
        "language": q.language,
    }


def _event_row(
    article_id: str, n: int, e: Event, n_quotes: int, story_id: str | None
) -> dict[str, Any]:
    loc = e.location
    has_quote = e.quote_index is not None and 0 <= e.quote_index < n_quotes
    return {
        "id": event_id(article_id, n),
        "article_id": article_id,
        "story_id": story_id,
        "canonical_id": None,
        "type": e.type,
        "mode": e.mode,
        "context": list(e.context),
        "actors": [a.to_dict() for a in e.actors],
        "recipients": [a.to_dict() for a in e.recipients],
        "date": e.date,
        "date_text": e.date_text,
        "date_source": e.date_source,
        "date_conflict": e.date_conflict,
        "future": e.future,
        "negated": e.negated,
        "hypothetical": e.hypothetical,
        "location": asdict(loc) if loc else None,
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "geonameid": loc.geonameid if loc else None,
        "trigger": e.trigger,
        "trigger_start": e.trigger_start,
        "trigger_end": e.trigger_end,
        "evidence": e.evidence,
        "start_char": e.start,
        "end_char": e.end,
        "score": e.score,
        "cameo": e.cameo,
        "confidence": e.confidence,
        "quote_id": quote_id(article_id, e.quote_index) if has_quote else None,
        "rule": e.rule,
    }


def _event_actor_rows(eid: str, e: Event) -> list[dict[str, Any]]:
    pairs = [("actor", a) for a in e.actors] + [("recipient", a) for a in e.recipients]
    return [
        {
            "event_id": eid,
            "role": role,
            "kb_id": a.kb_id,
            "name": a.name,
            "country": a.country,
            "sector": a.sector,
            "code": a.code,
        }
        for role, a in pairs
    ]


def actor_rows(article_id: str, analysis: Analysis, seen: dt.date | None) -> list[dict[str, Any]]:
    """One ``actors`` row per resolved kb_id of the article (mentions, speakers, event actors).

    Learned actors carry the evidence that introduced them; KB actors get a minimal row that
    ``Store.upsert_kb_actors`` enriches with aliases and roles.
    """
    found: dict[str, dict[str, Any]] = {}
    for mention in analysis.mentions:
        if mention.actor and mention.actor.kb_id:
            row = found.setdefault(mention.actor.kb_id, _actor_row(mention.actor, seen))
            if is_learned(mention) and row["evidence"] is None:
                row["source"] = "learned"
                row["evidence"] = {
                    "article_id": article_id,
                    "text": mention.text,
                    "start": mention.start,
                    "end": mention.end,
                    "how": mention.how,
                }
    others = [q.speaker for q in analysis.quotes if q.speaker]
    for event in analysis.events:
        others += event.actors + event.recipients
    for ref in others:
        if ref.kb_id:
            found.setdefault(ref.kb_id, _actor_row(ref, seen))
    return [found[k] for k in sorted(found)]  # fixed order: concurrent upserts cannot deadlock


def _actor_row(ref: ActorRef, seen: dt.date | None) -> dict[str, Any]:
    learned = bool(ref.kb_id and ref.kb_id.startswith("learned:"))
    return {
        "kb_id": ref.kb_id,
        "name": ref.name,
        "country": ref.country,
        "sector": ref.sector,
        "code": ref.code,
        "source": "learned" if learned else "kb",
        # the KB holds aliases of KB actors; a learned one is known by how it was written
        "aliases": [ref.text] if learned and ref.text and ref.text != ref.name else [],
        "roles": [],
        "evidence": None,
        "first_seen": seen,
        "last_seen": seen,
    }
