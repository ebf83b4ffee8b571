"""The read-only JSON API under /api/: thin routes over ``eventwire.query``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from eventwire import query
from eventwire.api.params import (
    LANGUAGE,
    Sort,
    Text,
    article_filter,
    db_of,
    event_filter,
    page,
    quote_filter,
    reject_unknown,
)
from eventwire.query import ArticleFilter, EventFilter, Page, QuoteFilter
from eventwire.query.identity import check_country, check_language, check_sector

router = APIRouter(prefix="/api", dependencies=[Depends(reject_unknown)])
Db = Annotated[Any, Depends(db_of)]
Events = Annotated[EventFilter, Depends(event_filter)]
Paging = Annotated[Page, Depends(page)]
Interval = Literal["day", "week", "month"]
Top = Annotated[int, Query(ge=1, le=200)]


@router.get("/", summary="Index of the endpoints")
def index(request: Request) -> dict[str, Any]:
    paths = request.app.openapi()["paths"]
    endpoints = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", "")}
        for path, ops in paths.items()
        for method, op in ops.items()
    ]
    return {"name": "eventwire", "openapi": "/api/openapi.json", "endpoints": endpoints}


@router.get("/dashboard", summary="Totals, latest stories, busiest dyads, counts per day")
def dashboard(db: Db, f: Events) -> dict[str, Any]:
    """Over the filter (default: the whole span of the data, given in ``window``)."""
    return query.dashboard(db, f)


@router.get("/articles", summary="Articles (without text), newest first")
def articles(
    db: Db, paging: Paging, f: Annotated[ArticleFilter, Depends(article_filter)]
) -> dict[str, Any]:
    return query.list_articles(db, f, paging).to_dict()


@router.get("/articles/{article_id}", summary="One article: text, mentions, events, quotes")
def article(db: Db, article_id: str) -> dict[str, Any]:
    return query.article_detail(db, article_id)


@router.get("/events", summary="Events matching the filters, newest first")
def events(db: Db, f: Events, paging: Paging, sort: Sort = "-date") -> dict[str, Any]:
    return query.list_events(db, f, paging, sort=sort).to_dict()


@router.get("/facets", summary="Values of the filter fields among the filtered events, with counts")
def facets(
    db: Db, f: Events,
    field: Annotated[list[Literal[query.FACETS]] | None,  # type: ignore[valid-type]
                     Query(description="Facets to count (repeatable; default all)")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Values per facet")] = 40,
) -> dict[str, Any]:
    """Each facet ignores its own field of the filter: with type=CONSULT, the type facet still
    counts every type the rest of the filter holds."""
    fields = tuple(field) if field else query.FACETS
    return query.facet_counts(db, f, fields=fields, limit=limit)


@router.get("/events/{event_id}", summary="One event")
def event(db: Db, event_id: str) -> dict[str, Any]:
    return query.get_event(db, event_id)


@router.get("/quotes", summary="Quotes with their speakers")
def quotes(
    db: Db, paging: Paging, f: Annotated[QuoteFilter, Depends(quote_filter)]
) -> dict[str, Any]:
    return query.list_quotes(db, f, paging).to_dict()


@router.get("/actors", summary="Actors taking part in events, busiest first")
def actors(
    db: Db, paging: Paging,
    q: Annotated[Text, Query(description="Words of the name, a kb_id or a code")] = None,
    country: Annotated[Text, Query(description="Country code or name")] = None,
    sector: Annotated[Text, Query(description="Sector code (GOV, MIL ...)")] = None,
) -> dict[str, Any]:
    return query.list_actors(db, text=q, country=check_country(country),
                             sector=check_sector(sector), page=paging).to_dict()


@router.get("/actors/{key:path}", summary="Actor profile: roles, events, counterparts, scores")
def actor(
    db: Db, key: str, paging: Paging,
    exact: Annotated[bool, Query(description="A country means its bare code only")] = False,
) -> dict[str, Any]:
    """``key`` is any actor term (surname, alias, kb_id, code, country code or name)."""
    return query.actor_profile(db, key, exact=exact, page=paging)


@router.get("/stories", summary="Stories, latest first")
def stories(
    db: Db, paging: Paging, language: Annotated[Text, Query(description=LANGUAGE)] = None
) -> dict[str, Any]:
    return query.list_stories(db, language=check_language(language), page=paging).to_dict()


@router.get("/stories/{story_id}", summary="A story: articles across languages, merged events")
def story(db: Db, story_id: str) -> dict[str, Any]:
    return query.story_detail(db, story_id)


@router.get("/dyads", summary="Busiest actor → recipient pairs")
def dyads(
    db: Db, f: Events, level: Literal["country", "code", "actor"] = "country", limit: Top = 20
) -> dict[str, Any]:
    return {"items": query.dyad_matrix(db, f, level=level, limit=limit)}


@router.get("/dyads/{a}/{b}", summary="Two actors: counts both ways, scores and their events")
def dyad(db: Db, a: str, b: str, paging: Paging, f: Events) -> dict[str, Any]:
    """``a`` and ``b`` are actor terms; the other filters narrow the events as on /api/events."""
    if f.dyad:
        raise query.InvalidFilter("dyad", "the dyad is in the path: /api/dyads/A/B")
    return query.dyad_detail(db, a, b, either_direction=f.either_direction, page=paging, f=f)


@router.get("/aggregates/counts", summary="Events per day, week or month")
def counts(db: Db, f: Events, interval: Interval = "day") -> dict[str, Any]:
    """Undated events cannot be placed in time: ``undated`` says how many the filter has."""
    return {"interval": interval, "items": query.event_counts(db, f, interval=interval),
            "undated": query.undated_count(db, f)}


@router.get("/aggregates/scores", summary="PLOVER cooperation–conflict score series")
def scores(db: Db, f: Events, interval: Interval = "day") -> dict[str, Any]:
    return {"interval": interval, "items": query.score_series(db, f, interval=interval),
            "undated": query.undated_count(db, f)}


@router.get("/aggregates/types", summary="Events per PLOVER category")
def types(db: Db, f: Events) -> dict[str, Any]:
    return {"items": query.type_counts(db, f)}


@router.get("/aggregates/top-actors", summary="Actors in the most events")
def top_actors(
    db: Db, f: Events, side: Literal["any", "actor", "recipient"] = "any", limit: Top = 20
) -> dict[str, Any]:
    return {"items": query.top_actors(db, f, role=side, limit=limit)}


@router.get("/aggregates/top-places", summary="Event locations with counts and coordinates")
def top_places(db: Db, f: Events, limit: Top = 50) -> dict[str, Any]:
    return {"items": query.top_places(db, f, limit=limit)}


@router.get("/search", summary="Full-text search over articles, quotes and event evidence")
def search(
    db: Db,
    paging: Paging,
    q: Annotated[str, Query(min_length=1, max_length=200, description=query.SEARCH_SYNTAX)],
    kind: Annotated[list[Literal["article", "quote", "event"]] | None, Query()] = None,
    language: Text = None,
) -> dict[str, Any]:
    """Hits newest first, each with a ``snippet``, the offsets of every match in it
    (``highlights``) and in the article's cleaned text (``matches``). Malformed ``q``: 400."""
    kinds = tuple(kind) if kind else query.KINDS
    return query.search(db, q, kinds=kinds, language=language, page=paging).to_dict()
