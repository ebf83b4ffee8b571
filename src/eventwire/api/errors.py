"""One error shape for every failure, JSON or HTML:

    {"error": {"status": 404, "code": "not_found", "message": "no article with id 'x'"}}

Validation errors add ``details`` (which parameter, why). HTML pages get the same fields
rendered by ``error.html`` unless the client asked for JSON. ``ErrorBody`` is that shape for the
OpenAPI document; ``responses(400, 404, ...)`` documents the statuses an operation can answer.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.query import AmbiguousActor, InvalidFilter, NotFound, UnknownActor

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "ambiguous",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}


# What each status means for a client, as the OpenAPI document says it.
MEANINGS = {
    400: "A bad request: an unknown parameter (details list the allowed ones), a value that "
         "names nothing valid (details list the valid values), a reversed range or a NUL (%00) "
         "in the URL",
    401: "No write token: send 'Authorization: Bearer <write token>'",
    403: "The server is read-only (no write token configured) or the token is wrong",
    404: "Nothing has that id, or no actor answers to the term (details list near names)",
    409: "The actor term names several actors (details list the candidates and their terms)",
    413: "The body is over settings.max_body_bytes",
    422: "A value of the wrong type or out of range, or an unusable body (details say which "
         "parameter or field)",
    503: "The server cannot write: it was started on a bare database engine, not a Store",
}


class ErrorDetail(BaseModel):
    """One thing wrong with the request; the fields after ``message`` depend on the error."""

    field: str = Field(description="The parameter or body field it is about ('request' if none)")
    message: str = Field(description="What is wrong with it")
    valid: list[str] | None = Field(None, description="400: the accepted values or parameters")
    kind: str | None = Field(None, description="409 candidate: what the term names "
                             "(country, code, actor, name)")
    key: str | None = Field(None, description="409 candidate: its country code, code, kb_id "
                            "or name")
    name: str | None = Field(None, description="409 candidate or 404 near name: its name")
    exact: bool | None = Field(None, description="409 candidate: a bare country code only")
    term: str | None = Field(None, description="409 candidate: the term that names it alone")
    kb_id: str | None = Field(None, description="404 near name: its kb_id")
    events: int | None = Field(None, description="404 near name: its stored events")


class ErrorInfo(BaseModel):
    status: int = Field(description="The HTTP status, again")
    code: str = Field(description="A machine code: bad_request, not_found, ambiguous ...")
    message: str = Field(description="What is wrong and how to fix it")
    details: list[ErrorDetail] | None = Field(None, description="Which parameters, why, and "
                                              "the valid values or candidates (when known)")


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    error: ErrorInfo

    model_config = {"json_schema_extra": {"examples": [
        {"error": {"status": 404, "code": "not_found", "message": "no event with id 'x'"}}]}}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of an operation that can answer ``statuses`` in the error shape."""
    return {s: {"model": ErrorBody, "description": MEANINGS[s]} for s in statuses}


class ApiError(Exception):
    """An error with a status, a machine code and a message naming the fix."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, HTTPStatus(status).phrase.lower().replace(" ", "_"))
        self.message = message
        self.details = details


def error_body(err: ApiError) -> dict[str, Any]:
    body: dict[str, Any] = {"status": err.status, "code": err.code, "message": err.message}
    if err.details:
        body["details"] = err.details
    return {"error": body}


def wants_json(request: Request) -> bool:
    """API paths, ?format=json and clients that prefer JSON get JSON; browsers get HTML."""
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return True
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def respond(request: Request, err: ApiError) -> Response:
    if wants_json(request):
        return JSONResponse(error_body(err), status_code=err.status)
    from eventwire.web.pages import render_error  # the web layer renders the HTML twin

    return render_error(request, err)


def _details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body")]
        out.append({"field": ".".join(loc) or "request", "message": e.get("msg", "invalid")})
    return out


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the one error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and exc.detail == "Not Found":
            msg = f"no such page or endpoint: {request.url.path} (see /api/ for the endpoints)"
        elif exc.status_code == 405:
            msg = f"{request.method} is not allowed on {request.url.path}"
        else:
            msg = str(exc.detail)
        return respond(request, ApiError(exc.status_code, msg))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = _details(exc)
        msg = "; ".join(f"{d['field']}: {d['message']}" for d in details) or "invalid request"
        return respond(request, ApiError(422, msg, details=details))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        details = None
        if isinstance(exc, UnknownActor) and exc.suggestions:
            details = [{"field": "actor", "message": "a near name", **s} for s in exc.suggestions]
        return respond(request, ApiError(404, str(exc), details=details))

    @app.exception_handler(AmbiguousActor)
    async def _ambiguous(request: Request, exc: AmbiguousActor) -> Response:
        details = [{"field": "actor", "message": "a candidate", **c.to_dict()}
                   for c in exc.candidates]
        return respond(request, ApiError(409, str(exc), details=details))

    @app.exception_handler(InvalidFilter)
    async def _invalid_filter(request: Request, exc: InvalidFilter) -> Response:
        detail: dict[str, Any] = {"field": exc.field, "message": str(exc)}
        if exc.valid:
            detail["valid"] = exc.valid
        return respond(request, ApiError(400, str(exc), details=[detail]))

    @app.exception_handler(ValueError)
    async def _bad_value(request: Request, exc: ValueError) -> Response:
        # the query layer raises ValueError only for invalid filters (limits, ranges, kinds)
        return respond(request, ApiError(400, str(exc)))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return respond(request, ApiError(500, "internal error; the server log has the details"))
