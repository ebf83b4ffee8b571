"""The web UI: server-rendered pages (Jinja2, autoescaped) over ``eventwire.query``.

Every page is also JSON: add ``?format=json`` and the page returns the exact data it renders.
Charts are drawn by ``static/app.js`` from that same data, embedded in a non-executable
``<script type="application/json">`` block (so the CSP needs no inline scripts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from eventwire import __version__, query
from eventwire.api.params import (
    Sort,
    Text,
    article_filter,
    db_of,
    event_filter,
    page,
    quote_filter,
)
from eventwire.query import ArticleFilter, EventFilter, Page, QuoteFilter
from eventwire.query.actor_page import term_of

TEMPLATES = Path(__file__).resolve().parent / "templates"
router = APIRouter(include_in_schema=False)
Db = Annotated[Any, Depends(db_of)]
Paging = Annotated[Page, Depends(page)]
Events = Annotated[EventFilter, Depends(event_filter)]
Format = Annotated[Literal["html", "json"], Query(alias="format")]
Interval = Annotated[Literal["day", "week", "month"], Query(description="Chart granularity")]

ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(enabled_extensions=("html",), default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def actor_url(actor: dict[str, Any] | None) -> str:
    """Link to an actor page by its unambiguous term (actor:<kb_id>, code:IRNGOV, country:IRN)."""
    if not actor:
        return "#"
    return "/actors/" + quote(actor.get("term") or term_of(actor), safe=":")


def filter_query(request: Request, **extra: Any) -> str:
    """The current page's filters (not its paging or format) plus ``extra``, as a query string,
    so a link from a count leads to a page that counts the same events."""
    skip = {"offset", "limit", "format", "level", *extra}
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in skip]
    params += [(k, str(v).lower() if isinstance(v, bool) else v) for k, v in extra.items()]
    return urlencode(params)


def page_url(request: Request, offset: int) -> str:
    """The current URL with another offset (pagination links keep the filters)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    return f"{request.url.path}?{urlencode([*params, ('offset', offset)])}"


def web_url(value: Any) -> str | None:
    """An article's URL if it is http(s); anything else (javascript:, data:) is not linked."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


# page parameters that are not event filters (the export takes exactly the listing's filters)
NOT_FILTERS = ("offset", "limit", "sort", "level", "interval", "format")


def export_query(request: Request, fmt: str) -> str:
    """The query string of /api/export/events for the page's filters in format ``fmt``."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in NOT_FILTERS]
    return urlencode([*params, ("format", fmt)])


def query_without(request: Request, *names: str) -> str:
    """The current query string without the parameters ``names``."""
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k not in names])


ENV.globals.update(actor_url=actor_url, version=__version__, quote=quote, web_url=web_url,
                   filter_query=filter_query, query_without=query_without,
                   export_query=export_query)
ENV.filters["urlpart"] = lambda v: quote(str(v), safe="")


def render(request: Request, template: str, data: dict[str, Any], fmt: str = "html",
           **context: Any) -> Response:
    """The page as HTML, or its data as JSON when ``?format=json``."""
    if fmt == "json":
        return JSONResponse(data)
    html = ENV.get_template(template).render(
        request=request, data=data, page_url=lambda o: page_url(request, o), **context
    )
    return HTMLResponse(html)


def render_error(request: Request, err: Any) -> Response:
    html = ENV.get_template("error.html").render(
        request=request, error=err, title="Error", data={"error": err.message}
    )
    return HTMLResponse(html, status_code=err.status)


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request, db: Db, f: Events, interval: Interval = "day", fmt: Format = "html"
) -> Response:
    data = query.dashboard(db, f, interval=interval)
    return render(request, "dashboard.html", data, fmt, title="Dashboard")


@router.get("/events", response_class=HTMLResponse)
def events(
    request: Request, db: Db, f: Events, paging: Paging, sort: Sort = "-date",
    fmt: Format = "html",
) -> Response:
    data = {**query.list_events(db, f, paging, sort=sort).to_dict(), "sort": sort,
            "facets": query.facet_counts(db, f)}
    return render(request, "events.html", data, fmt, title="Events", params=request.query_params)


@router.get("/events/{event_id:path}", response_class=HTMLResponse)
def event(request: Request, db: Db, event_id: str, fmt: Format = "html") -> Response:
    data = query.event_detail(db, event_id)
    e = data["event"]
    title = f"{e['type']} · {e['date'] or 'undated'}"
    return render(request, "event.html", data, fmt, title=title)


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request, db: Db, paging: Paging,
    f: Annotated[ArticleFilter, Depends(article_filter)], fmt: Format = "html",
) -> Response:
    data = query.list_articles(db, f, paging).to_dict()
    return render(request, "articles.html", data, fmt, title="Articles",
                  params=request.query_params)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, db: Db, article_id: str, fmt: Format = "html") -> Response:
    data = query.article_detail(db, article_id)
    title = data.get("title") or _first_words(data.get("text") or "") or article_id
    return render(request, "article.html", data, fmt, title=title)


def _first_words(text: str, limit: int = 90) -> str:
    """A heading for an untitled article: its opening words, cut at a word boundary."""
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + "…"


@router.get("/quotes", response_class=HTMLResponse)
def quotes(
    request: Request, db: Db, paging: Paging,
    f: Annotated[QuoteFilter, Depends(quote_filter)], fmt: Format = "html",
) -> Response:
    data = query.list_quotes(db, f, paging).to_dict()
    return render(request, "quotes.html", data, fmt, title="Quotes", params=request.query_params)


@router.get("/actors", response_class=HTMLResponse)
def actors(
    request: Request, db: Db, paging: Paging, q: Text = None, country: Text = None,
    fmt: Format = "html",
) -> Response:
    data = query.list_actors(db, text=q, country=country, page=paging).to_dict()
    return render(request, "actors.html", data, fmt, title="Actors", params=request.query_params)


@router.get("/actors/{key:path}", response_class=HTMLResponse)
def actor(
    request: Request, db: Db, key: str, paging: Paging, f: Events, interval: Interval = "day",
    fmt: Format = "html",
) -> Response:
    if f.actor or f.dyad:
        raise query.InvalidFilter("actor", "the actor is in the path: /actors/TERM")
    data = query.actor_profile(db, key, exact=f.actor_exact, page=paging, f=f, interval=interval)
    return render(request, "actor.html", data, fmt, title=data["actor"]["label"])


@router.get("/dyads", response_class=HTMLResponse)
def dyads(
    request: Request, db: Db, f: Events,
    level: Literal["country", "code", "actor"] = "country", fmt: Format = "html",
) -> Response:
    data = {"level": level, "items": query.dyad_matrix(db, f, level=level, limit=50),
            "facets": query.facet_counts(db, f)}
    return render(request, "dyads.html", data, fmt, title="Dyads")


@router.get("/dyads/{a}/{b}", response_class=HTMLResponse)
def dyad(
    request: Request, db: Db, a: str, b: str, paging: Paging, f: Events, interval: Interval = "day",
    fmt: Format = "html",
) -> Response:
    data = query.dyad_detail(db, a, b, either_direction=f.either_direction, page=paging, f=f,
                             interval=interval)
    return render(request, "dyad.html", data, fmt,
                  title=f"{data['a']['name']} – {data['b']['name']}")


@router.get("/stories", response_class=HTMLResponse)
def stories(
    request: Request, db: Db, paging: Paging, language: Text = None, fmt: Format = "html"
) -> Response:
    data = query.list_stories(db, language=language, page=paging).to_dict()
    return render(request, "stories.html", data, fmt, title="Stories")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, db: Db, story_id: str, fmt: Format = "html") -> Response:
    data = query.story_detail(db, story_id)
    return render(request, "story.html", data, fmt, title=data["story"].get("title") or story_id)


@router.get("/map", response_class=HTMLResponse)
def world_map(request: Request, db: Db, f: Events, fmt: Format = "html") -> Response:
    data = {"places": query.top_places(db, f, limit=200), "facets": query.facet_counts(db, f)}
    return render(request, "map.html", data, fmt, title="Map", params=request.query_params)


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, db: Db, paging: Paging, q: Text = None, fmt: Format = "html"
) -> Response:
    data = query.search(db, q, page=paging).to_dict() if q and q.strip() else None
    return render(request, "search.html", data or {"items": [], "total": 0}, fmt,
                  title="Search", q=q or "")
