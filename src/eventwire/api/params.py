"""Query-string parameters → query-layer filters; shared by the JSON API and the web pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError

from eventwire.query import MAX_LIMIT, ArticleFilter, EventFilter, Page, QuoteFilter

Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]
# databases store offsets as 64-bit integers: a larger one would overflow (a 500, not a 422)
MAX_OFFSET = 2**31 - 1


def db_of(request: Request):  # noqa: ANN201 - Engine or Store
    """The store (or engine) the app was created with."""
    return request.app.state.db


def page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


def _dyad(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise RequestValidationError(
            [{"loc": ("query", "dyad"), "msg": "give two actors separated by a comma, "
              "e.g. dyad=IRN,TUR", "type": "value_error"}]
        )
    return parts[0], parts[1]


def event_filter(
    actor: Annotated[Text, Query(description="kb_id, code (IRNGOV), country (IRN) or name")]
    = None,
    role: Literal["any", "actor", "recipient"] = "any",
    actor_country: Text = None,
    actor_sector: Text = None,
    dyad: Annotated[Text, Query(description="Two actors, e.g. IRN,TUR")] = None,
    either_direction: bool = True,
    type: Annotated[Text, Query(description="PLOVER category, e.g. CONSULT")] = None,  # noqa: A002
    mode: Text = None,
    date_from: Day = None,
    date_to: Day = None,
    place: Text = None,
    country: Annotated[Text, Query(description="Country (ISO alpha-3) of the location")] = None,
    story: Text = None,
    article: Text = None,
    language: Text = None,
    q: Annotated[Text, Query(description="Words in the evidence or trigger")] = None,
    include_negated: bool = False,
) -> EventFilter:
    return EventFilter(
        actor=actor or None, actor_role=role, actor_country=actor_country or None,
        actor_sector=actor_sector or None, dyad=_dyad(dyad), either_direction=either_direction,
        type=type or None, mode=mode or None, date_from=date_from, date_to=date_to,
        place=place or None, country=country or None, story_id=story or None,
        article_id=article or None, language=language or None, text=q or None,
        include_negated=include_negated,
    )


def article_filter(
    language: Text = None,
    story: Text = None,
    outlet: Text = None,
    date_from: Day = None,
    date_to: Day = None,
    q: Text = None,
) -> ArticleFilter:
    return ArticleFilter(language=language or None, story_id=story or None, outlet=outlet or None,
                         date_from=date_from, date_to=date_to, text=q or None)


def quote_filter(
    speaker: Text = None,
    contains: Text = None,
    since: Day = None,
    language: Text = None,
    article: Text = None,
    story: Text = None,
    direct: bool | None = None,
) -> QuoteFilter:
    return QuoteFilter(speaker=speaker or None, contains=contains or None, since=since,
                       language=language or None, article_id=article or None,
                       story_id=story or None, direct=direct)
