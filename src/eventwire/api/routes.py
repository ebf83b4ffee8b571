"""The read-only JSON API under /api/: thin routes over ``eventwire.query``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from eventwire import query
from eventwire.api import actor_models as am
from eventwire.api import models as m
from eventwire.api.errors import responses
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

router = APIRouter(prefix="/api", dependencies=[Depends(reject_unknown)],
                   route_class=m.ModelRoute)
Db = Annotated[Any, Depends(db_of)]
Events = Annotated[EventFilter, Depends(event_filter)]
Paging = Annotated[Page, Depends(page)]
Interval = Annotated[Literal["day", "week", "month"], Query(
    description="Period size: day, ISO week or month; a period is named by its first day")]
Top = Annotated[int, Query(ge=1, le=200, description="How many rows, 1 to 200")]
Level = Annotated[Literal["country", "code", "actor"], Query(
    description="Pair by country (IRN), by actor code (IRNGOV) or by actor (a person)")]
Side = Annotated[Literal["any", "actor", "recipient"], Query(
    description="Count actors on this side of the events: actor (acting), recipient, or any")]
Term = Annotated[str, Path(description="An actor term as `actor` on /api/events takes it: "
                                       "surname, alias, kb_id, code (IRNGOV), country code or "
                                       "name, or country:/code:/actor:/name: followed by one; "
                                       "ambiguous is a 409, unknown a 404")]
# the statuses the operations can answer in the error shape (any query parameter the operation
# does not take is a 400; wrong types and ranges are 422; actor terms 404 or 409)
PLAIN, BY_ID = responses(400), responses(400, 404)
LISTED, BY_ACTOR = responses(400, 422), responses(400, 404, 409, 422)


@router.get("/", summary="Index of the endpoints", response_model=m.Index, responses=PLAIN)
def index(request: Request) -> dict[str, Any]:
    paths = request.app.openapi()["paths"]
    endpoints = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", "")}
        for path, ops in paths.items()
        for method, op in ops.items()
    ]
    return {"name": "eventwire", "openapi": "/api/openapi.json", "docs": "/api/docs",
            "endpoints": endpoints}


@router.get("/dashboard", summary="Totals, latest stories, busiest dyads, counts per day",
            response_model=m.Dashboard, responses=BY_ACTOR)
def dashboard(db: Db, f: Events) -> dict[str, Any]:
    """Over the filter (default: the whole span of the data, given in ``window``)."""
    return query.dashboard(db, f)


@router.get("/articles", summary="Articles (without text), newest first",
            response_model=m.ArticlePage, responses=LISTED)
def articles(
    db: Db, paging: Paging, f: Annotated[ArticleFilter, Depends(article_filter)]
) -> dict[str, Any]:
    return query.list_articles(db, f, paging).to_dict()


@router.get("/articles/{article_id}", summary="One article: text, mentions, events, quotes",
            response_model=m.ArticleDetail, responses=BY_ID)
def article(
    db: Db, article_id: Annotated[str, Path(description="Article id")]
) -> dict[str, Any]:
    return query.article_detail(db, article_id)


@router.get("/events", summary="Events matching the filters, newest first",
            response_model=m.EventPage, responses=BY_ACTOR)
def events(db: Db, f: Events, paging: Paging, sort: Sort = "-date") -> dict[str, Any]:
    return query.list_events(db, f, paging, sort=sort).to_dict()


@router.get("/facets", summary="Values of the filter fields among the filtered events, with counts",
            response_model=m.Facets, responses=BY_ACTOR)
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


@router.get("/events/{event_id}", summary="One event", response_model=m.EventOut,
            responses=BY_ID)
def event(
    db: Db, event_id: Annotated[str, Path(description="Event id, {article_id}:e{n}")]
) -> dict[str, Any]:
    return query.get_event(db, event_id)


@router.get("/quotes", summary="Quotes with their speakers", response_model=m.QuotePage,
            responses=LISTED)
def quotes(
    db: Db, paging: Paging, f: Annotated[QuoteFilter, Depends(quote_filter)]
) -> dict[str, Any]:
    return query.list_quotes(db, f, paging).to_dict()


@router.get("/actors", summary="Actors taking part in events, busiest first",
            response_model=am.ActorPage, responses=LISTED)
def actors(
    db: Db, paging: Paging,
    q: Annotated[Text, Query(description="Words of the name, a kb_id or a code")] = None,
    country: Annotated[Text, Query(description="Country code or name")] = None,
    sector: Annotated[Text, Query(description="Sector code (GOV, MIL ...)")] = None,
) -> dict[str, Any]:
    return query.list_actors(db, text=q, country=check_country(country),
                             sector=check_sector(sector), page=paging).to_dict()


@router.get("/actors/{key:path}", summary="Actor profile: roles, events, counterparts, scores",
            response_model=am.ActorProfile, responses=BY_ACTOR)
def actor(
    db: Db, key: Term, paging: Paging,
    exact: Annotated[bool, Query(description="A country means its bare code only")] = False,
) -> dict[str, Any]:
    """``key`` is any actor term (surname, alias, kb_id, code, country code or name)."""
    return query.actor_profile(db, key, exact=exact, page=paging)


@router.get("/stories", summary="Stories, latest first", response_model=m.StoryPage,
            responses=LISTED)
def stories(
    db: Db, paging: Paging, language: Annotated[Text, Query(description=LANGUAGE)] = None
) -> dict[str, Any]:
    return query.list_stories(db, language=check_language(language), page=paging).to_dict()


@router.get("/stories/{story_id}", summary="A story: articles across languages, merged events",
            response_model=m.StoryDetail, responses=BY_ID)
def story(db: Db, story_id: Annotated[str, Path(description="Story id")]) -> dict[str, Any]:
    return query.story_detail(db, story_id)


@router.get("/dyads", summary="Busiest actor → recipient pairs", response_model=m.DyadList,
            responses=BY_ACTOR)
def dyads(db: Db, f: Events, level: Level = "country", limit: Top = 20) -> dict[str, Any]:
    return {"items": query.dyad_matrix(db, f, level=level, limit=limit)}


@router.get("/dyads/{a}/{b}", summary="Two actors: counts both ways, scores and their events",
            response_model=am.DyadDetail, responses=BY_ACTOR)
def dyad(db: Db, a: Term, b: Term, paging: Paging, f: Events) -> dict[str, Any]:
    """``a`` and ``b`` are actor terms; the other filters narrow the events as on /api/events."""
    if f.dyad:
        raise query.InvalidFilter("dyad", "the dyad is in the path: /api/dyads/A/B")
    return query.dyad_detail(db, a, b, either_direction=f.either_direction, page=paging, f=f)


@router.get("/aggregates/counts", summary="Events per day, week or month",
            response_model=m.Counts, responses=BY_ACTOR)
def counts(db: Db, f: Events, interval: Interval = "day") -> dict[str, Any]:
    """Undated events cannot be placed in time: ``undated`` says how many the filter has."""
    return {"interval": interval, "items": query.event_counts(db, f, interval=interval),
            "undated": query.undated_count(db, f)}


@router.get("/aggregates/scores", summary="PLOVER cooperation–conflict score series",
            response_model=m.Scores, responses=BY_ACTOR)
def scores(db: Db, f: Events, interval: Interval = "day") -> dict[str, Any]:
    return {"interval": interval, "items": query.score_series(db, f, interval=interval),
            "undated": query.undated_count(db, f)}


@router.get("/aggregates/types", summary="Events per PLOVER category",
            response_model=m.TypeList, responses=BY_ACTOR)
def types(db: Db, f: Events) -> dict[str, Any]:
    return {"items": query.type_counts(db, f)}


@router.get("/aggregates/top-actors", summary="Actors in the most events",
            response_model=m.TopActorList, responses=BY_ACTOR)
def top_actors(db: Db, f: Events, side: Side = "any", limit: Top = 20) -> dict[str, Any]:
    return {"items": query.top_actors(db, f, role=side, limit=limit)}


@router.get("/aggregates/top-places", summary="Event locations with counts and coordinates",
            response_model=m.TopPlaceList, responses=BY_ACTOR)
def top_places(db: Db, f: Events, limit: Top = 50) -> dict[str, Any]:
    return {"items": query.top_places(db, f, limit=limit)}


@router.get("/search", summary="Full-text search over articles, quotes and event evidence",
            response_model=m.SearchPage, responses=LISTED)
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
