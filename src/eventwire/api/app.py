"""The application factory: JSON API under /api/, web pages at /, static files at /static/.

    >>> app = create_app(load_settings())       # opens settings.db
    >>> app = create_app(settings, db=store)     # or serve an open Store / SQLAlchemy Engine
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from eventwire import __version__
from eventwire.api import errors
from eventwire.settings import Settings

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"

# No inline scripts or styles anywhere: page data travels in <script type="application/json">
# blocks (never executed) and charts set SVG attributes, so the policy can stay strict.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}


def drop_empty_params(query_string: bytes) -> bytes:
    """The query string without parameters whose value is empty."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return urlencode([(k, v) for k, v in pairs if v != ""]).encode("latin-1")


def has_nul(request: Request) -> bool:
    """True when the path or a query parameter holds a NUL character."""
    return "\x00" in request.url.path or any("\x00" in k + v
                                               for k, v in request.query_params.multi_items())


class HeadAsGet:
    """Answer HEAD on every GET endpoint: run it as GET and send the headers without the body."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: dict) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body"):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _open_db(settings: Settings) -> Any:
    from eventwire.store import open_store

    return open_store(settings.db)


def create_app(settings: Settings, *, db: Any = None) -> FastAPI:
    """Build the app over ``db`` (a Store or Engine), or over ``open_store(settings.db)``."""
    from eventwire.api import docs, export, reviews, routes, write
    from eventwire.web import pages

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="PLOVER-coded events, quotes and stories from news, with their evidence.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # FastAPI's Swagger UI loads from a CDN: api.docs serves a vendored one
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db if db is not None else _open_db(settings)
    errors.install(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        # an empty form field (?date_from=) means "no filter", not an invalid value
        request.scope["query_string"] = drop_empty_params(request.scope["query_string"])
        if has_nul(request):  # no database stores NUL in text; refuse it before any query
            err = errors.ApiError(400, "NUL characters (%00) are not allowed in URLs")
            response: Response = errors.respond(request, err)
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    if settings.cors_origins:  # off unless origins are configured
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"] if settings.write_token else ["GET"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(HeadAsGet)
    app.include_router(routes.router)
    app.include_router(write.router)
    app.include_router(export.router)
    app.include_router(reviews.router)
    app.include_router(docs.router)
    app.openapi = lambda: docs.openapi_document(app)  # type: ignore[method-assign]
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
