"""The review loop over HTTP: an analyst marks an event wrong or corrects it (write token), and
reads the reviews back, as a list or as a gold file (docs/GOLD.md) to score the coder with."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eventwire import query
from eventwire.api.errors import ApiError, responses
from eventwire.api.models import ModelRoute, Paged
from eventwire.api.params import day, db_of, page, reject_unknown
from eventwire.api.write import check_token, read_body
from eventwire.query.identity import check_country, check_mode, check_type
from eventwire.query.reviews import list_reviews, review_gold
from eventwire.store.reviews import ReviewError, add_review

router = APIRouter(prefix="/api", route_class=ModelRoute, dependencies=[Depends(reject_unknown)])
Db = Annotated[Any, Depends(db_of)]


class ReviewIn(BaseModel):
    """What the analyst says about one event."""

    model_config = ConfigDict(extra="forbid")
    verdict: Literal["wrong", "corrected"] = Field(description="wrong: drop it from every view "
                                                   "and export; corrected: the fields below")
    type: str | None = Field(None, description="The right PLOVER category")
    mode: str | None = Field(None, description="The right PLOVER mode")
    actor: str | None = Field(None, description="The right actor country (ISO alpha-3 or name)")
    recipient: str | None = Field(None, description="The right recipient country")
    date: str | None = Field(None, description="The right day, YYYY-MM-DD")
    note: str | None = Field(None, max_length=2000, description="Why")


class Review(BaseModel):
    id: int = Field(description="Review id")
    article_id: str = Field(description="The article of the event")
    event_id: str | None = Field(description="The event (null when a re-analysis lost it)")
    trigger_start: int | None = Field(description="Offset of the event's trigger")
    trigger_end: int | None = Field(description="End offset of the event's trigger")
    machine: dict[str, Any] = Field(description="What the coder said (type, mode, actors, "
                                    "recipients, date): an open object, kept as coded")
    verdict: Literal["wrong", "corrected"] = Field(description="The analyst's verdict")
    fields: dict[str, Any] | None = Field(description="The corrected fields (open object)")
    note: str | None = Field(description="The analyst's note")
    created_at: str = Field(description="When (ISO 8601)")


class ReviewPage(Paged[Review]):
    """A page of reviews, newest first."""


class GoldFile(BaseModel):
    """docs/GOLD.md records, one per reviewed article (``file``: the article id + .txt)."""

    items: list[dict[str, Any]] = Field(description="Gold records (open objects, GOLD.md)")


def _fields(body: ReviewIn) -> dict[str, Any]:
    return {"type": check_type(body.type), "mode": check_mode(body.mode),
            "actor": check_country(body.actor, "actor"),
            "recipient": check_country(body.recipient, "recipient"),
            "date": (d.isoformat() if (d := day(body.date, "date")) else None)}


@router.post("/events/{event_id:path}/reviews", status_code=201, response_model=Review,
             summary="Review an event: mark it wrong or correct it (needs the write token)",
             responses=responses(400, 401, 403, 404, 413, 422))
async def review(
    request: Request, db: Db,
    event_id: Annotated[str, Path(description="Event id, {article_id}:e{n}")],
) -> dict[str, Any]:
    settings = request.app.state.settings
    check_token(settings, request.headers.get("authorization"))
    raw = await read_body(request, settings.max_body_bytes)
    try:
        body = ReviewIn.model_validate_json(raw or b"{}")
    except ValidationError as exc:
        details = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
                   for e in exc.errors()]
        message = "; ".join(f"{d['field']}: {d['message']}" for d in details)
        raise ApiError(422, f"not a review: {message}", details=details) from exc
    fields = _fields(body)
    try:
        with query.engine_of(db).begin() as conn:
            return add_review(conn, event_id, body.verdict, fields=fields, note=body.note)
    except ReviewError as exc:
        status = 404 if str(exc).startswith("no event") else 400
        raise ApiError(status, str(exc)) from exc


@router.get("/reviews", summary="Analysts' reviews, newest first", response_model=ReviewPage,
            responses=responses(400, 422))
def reviews(db: Db, paging: Annotated[query.Page, Depends(page)]) -> dict[str, Any]:
    return list_reviews(db, paging).to_dict()


@router.get("/reviews/gold", summary="The reviews as a gold file (GOLD.md) to score against",
            response_model=GoldFile, responses=responses(400))
def gold(db: Db) -> dict[str, Any]:
    """Confirmed or corrected events are required, events reviewed wrong are left out, the
    reviewed articles' other events are optional; `eventwire reviews export DIR` writes the
    file with the article texts beside it for `eventwire evaluate`."""
    return {"items": review_gold(db)}
