"""Query-string parameters → query-layer filters; shared by the JSON API and the web pages.

Strict on purpose: an unknown parameter is a 400 naming it (``reject_unknown``), a date is
``YYYY-MM-DD`` and nothing else, codes (type, mode, language, countries, sectors) are read in
any case and checked by the query layer (``query.scoped``), so a typo never silently returns
the unfiltered list or nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError

from eventwire.query import (
    MAX_LIMIT,
    ArticleFilter,
    EventFilter,
    InvalidFilter,
    Page,
    QuoteFilter,
)
from eventwire.query.identity import check_language

Text = Annotated[str | None, Query(max_length=200)]
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
Day = Annotated[str | None, Query(max_length=10, description="A day: YYYY-MM-DD (2024-12-01)")]
# the hint given with an unknown parameter that looks like a well-known one
HINTS = {"start": "date_from", "end": "date_to", "from": "date_from", "to": "date_to",
         "since": "date_from", "until": "date_to", "lang": "language", "query": "q",
         "category": "type", "page_size": "limit", "format": "the /api/export/ endpoints"}
# databases store offsets as 64-bit integers: a larger one would overflow (a 500, not a 422)
MAX_OFFSET = 2**31 - 1


def db_of(request: Request):  # noqa: ANN201 - Engine or Store
    """The store (or engine) the app was created with."""
    return request.app.state.db


def allowed_params(route: object) -> list[str]:
    """The query parameter names a route declares (through all its dependencies)."""
    names: set[str] = set()
    todo = [getattr(route, "dependant", None)]
    while todo:
        dependant = todo.pop()
        if dependant is not None:
            names.update(p.alias for p in dependant.query_params)
            todo.extend(dependant.dependencies)
    return sorted(names)


def reject_unknown(request: Request) -> None:
    """A router dependency: a query parameter the route does not take is a 400 naming it."""
    route = request.scope.get("route")
    if route is None or not getattr(route, "include_in_schema", True):
        return  # a catch-all (an unknown export kind) answers with its own 404
    allowed = allowed_params(route)
    unknown = sorted(set(request.query_params) - set(allowed))
    if not unknown:
        return
    hints = [f"{u!r} (did you mean {HINTS[u]}?)" if u in HINTS else repr(u) for u in unknown]
    raise InvalidFilter(
        unknown[0],
        f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(hints)}; "
        f"{request.url.path} takes: {', '.join(allowed) or 'no parameters'}",
        allowed,
    )


def day(value: str | None, field: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` parameter as a date; anything else is a 400 saying the format."""
    if not value:
        return None
    try:
        if not DATE.fullmatch(value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidFilter(field, f"{field} must be a day as YYYY-MM-DD (e.g. 2024-12-01), "
                            f"not {value!r}") from None


def date_range(date_from: str | None, date_to: str | None) -> tuple[dt.date | None, ...]:
    start, end = day(date_from, "date_from"), day(date_to, "date_to")
    if start and end and start > end:
        raise InvalidFilter("date_from", f"date_from ({start}) is after date_to ({end})")
    return start, end


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


def _described(text: str) -> Text:
    return Annotated[str | None, Query(max_length=200, description=text)]


ACTOR_TERM = ("An actor as people type it, case-insensitive: surname (Pezeshkian), any alias, "
              "kb_id, actor code (IRNGOV), country code (IRN) or country name in en/es/fr; "
              "country:IRN, code:IRNGOV, actor:<kb_id>, name:<name> to be explicit. A country "
              "rolls up its sectors and people unless exact=true. Ambiguous terms are a 409 "
              "listing the candidates, unknown ones a 404.")
LANGUAGE = "Article language, ISO 639-1 in any case (en, es, fr)"


def event_filter(
    actor: _described(ACTOR_TERM) = None,
    role: Annotated[Literal["any", "actor", "recipient"],
                    Query(description="Which side `actor` must be on")] = "any",
    exact: Annotated[bool, Query(description="A country `actor` means its bare code only "
                                 "(the state as such), not its sectors and people")] = False,
    actor_country: _described("An actor or recipient from this country (code or name)") = None,
    actor_sector: _described("An actor or recipient of this sector (GOV, MIL, REB ...)") = None,
    dyad: _described("Two actor terms, actor side first, e.g. IRN,TUR") = None,
    either_direction: Annotated[bool, Query(description="With `dyad`: both directions")] = True,
    type: _described("PLOVER category in any case, e.g. CONSULT") = None,  # noqa: A002
    mode: _described("PLOVER mode in any case, e.g. visit, phone, arrest") = None,
    date_from: Day = None,
    date_to: Day = None,
    place: _described("Words of the event location's name") = None,
    country: _described("Country of the event's location (ISO alpha-3 or name)") = None,
    story: _described("Story id") = None,
    article: _described("Article id") = None,
    language: _described(LANGUAGE) = None,
    q: _described("Words in the evidence sentence or the trigger") = None,
    include_negated: Annotated[bool, Query(description="Also negated events "
                                           "(\"did not meet\")")] = False,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, description="Only events the "
                                                  "coder is at least this confident of (0–1)")]
    = None,
) -> EventFilter:
    start, end = date_range(date_from, date_to)
    return EventFilter(
        actor=actor or None, actor_role=role, actor_exact=exact,
        actor_country=actor_country or None, actor_sector=actor_sector or None,
        dyad=_dyad(dyad), either_direction=either_direction,
        type=type or None, mode=mode or None, date_from=start, date_to=end,
        place=place or None, country=country or None, story_id=story or None,
        article_id=article or None, language=language or None, text=q or None,
        include_negated=include_negated, min_confidence=min_confidence or None,
    )


SORT_DESCRIPTION = ("Order: date, type, score, confidence or mode; a leading - for descending "
                    "(default -date: newest first); ties by id")
Sort = Annotated[str, Query(max_length=20, description=SORT_DESCRIPTION)]


def article_filter(
    language: _described(LANGUAGE) = None,
    story: _described("Story id") = None,
    outlet: _described("Words of the outlet's name") = None,
    date_from: Day = None,
    date_to: Day = None,
    q: _described("Words in the title or text (search syntax: see /api/search)") = None,
) -> ArticleFilter:
    start, end = date_range(date_from, date_to)
    return ArticleFilter(language=check_language(language), story_id=story or None,
                         outlet=outlet or None, date_from=start, date_to=end, text=q or None)


def quote_filter(
    speaker: _described("The speaker: kb_id, code, country or words of the name") = None,
    contains: _described("Words in the quote") = None,
    since: Day = None,
    language: _described(LANGUAGE) = None,
    article: _described("Article id") = None,
    story: _described("Story id") = None,
    direct: Annotated[bool | None, Query(description="true: only direct quotes; false: only "
                                         "reported speech")] = None,
) -> QuoteFilter:
    return QuoteFilter(speaker=speaker or None, contains=contains or None,
                       since=day(since, "since"), language=check_language(language),
                       article_id=article or None, story_id=story or None, direct=direct)
