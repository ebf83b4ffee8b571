"""GET /api/export/{events,quotes,articles,actors,stories}: what a listing shows, as a file.

Each takes its listing's filters (the same query parameters, from the same dependencies) and
``format=jsonl|csv|parquet|gdelt`` (gdelt: events only). The rows are the ones the listing
counts, as ``eventwire export`` writes them (``spec/EXPORT.md``); the body streams batch by
batch after three headers: ``X-Total-Count`` (the listing's total, counted in the snapshot
the rows are read from), the format's ``Content-Type`` and a ``Content-Disposition`` file name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from eventwire.api.errors import ApiError, responses
from eventwire.api.params import (
    Text,
    article_filter,
    db_of,
    event_filter,
    quote_filter,
    reject_unknown,
)
from eventwire.export import MEDIA_TYPES, Export, ExportStream, UnsupportedExport
from eventwire.query import ActorFilter, EventFilter, StoryFilter, scoped
from eventwire.query.identity import check_country, check_language, check_sector

router = APIRouter(prefix="/api/export", dependencies=[Depends(reject_unknown)])
Db = Annotated[Any, Depends(db_of)]
# a plain string, checked by the export layer: a wrong one is a 400 naming the formats
Format = Annotated[str, Query(alias="format", max_length=20,
                              description="jsonl | csv | parquet | gdelt (events only)")]
FILE = {
    "response_class": StreamingResponse,
    "responses": {
        200: {"description": "The rows, streamed",
              "content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()},
              "headers": {"X-Total-Count": {
                  "description": "How many rows the listing counts for these filters (GDELT: "
                                 "events; each has a line per actor-recipient pair)",
                  "schema": {"type": "integer"}}}},
        **responses(400, 404, 409, 422),
    },
}


def actor_filter(
    q: Annotated[Text, Query(description="Words of the name, a kb_id or a code")] = None,
    country: Annotated[Text, Query(description="Country code or name")] = None,
    sector: Annotated[Text, Query(description="Sector code (GOV, MIL ...)")] = None,
) -> ActorFilter:
    """The filters of GET /api/actors."""
    return ActorFilter(text=q or None, country=check_country(country),
                       sector=check_sector(sector))


def story_filter(
    language: Annotated[Text, Query(description="Article language, ISO 639-1 (en, es, fr)")]
    = None,
) -> StoryFilter:
    """The filters of GET /api/stories."""
    return StoryFilter(language=check_language(language))


def export_response(db: Any, what: str, fmt: str, matching: Any) -> StreamingResponse:
    """The export as a streamed download; the database connection lives as long as the body."""
    if isinstance(matching, EventFilter):  # actor terms resolved (404 / 409) before streaming
        matching = scoped(db, matching)
    try:
        export = Export(what, fmt, matching=matching)
    except UnsupportedExport as exc:
        raise ApiError(400, str(exc)) from exc
    stream = ExportStream(db, export)
    headers = {"X-Total-Count": str(stream.total),
               "Content-Disposition": f"attachment; filename={export.filename()}"}
    return StreamingResponse(stream, media_type=export.media_type, headers=headers,
                             background=BackgroundTask(stream.close))


def _download(what: str, dependency: Callable[..., Any]) -> Callable[..., StreamingResponse]:
    """The route of one record type: its listing's filters (``dependency``) and a format."""

    def download(db: Db, f: Any, fmt: Format = "jsonl") -> StreamingResponse:
        return export_response(db, what, fmt, f)

    # an object, not a string: a postponed annotation would be read in the module's globals
    download.__annotations__["f"] = Annotated[Any, Depends(dependency)]
    return download


# each record type with the dependency that turns its listing's query parameters into a filter
FILTERS: dict[str, Callable[..., Any]] = {
    "events": event_filter, "quotes": quote_filter, "articles": article_filter,
    "actors": actor_filter, "stories": story_filter,
}
for _what, _dependency in FILTERS.items():
    router.add_api_route(
        f"/{_what}", _download(_what, _dependency), methods=["GET"], name=f"export_{_what}",
        summary=f"{_what.capitalize()} matching the filters of /api/{_what}, as a file", **FILE)


@router.get("/{what}", include_in_schema=False)
def unknown(what: str) -> None:
    raise ApiError(404, f"cannot export {what!r} over HTTP: choose one of {', '.join(FILTERS)}")
