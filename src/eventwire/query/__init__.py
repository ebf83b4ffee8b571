"""The one read side: what the store holds, as plain dicts for the CLI, the API and the web UI.

Takes a ``db`` (a SQLAlchemy ``Engine`` or a ``Store``) and a filter/page; gives records in the
export shape of ``spec/EXPORT.md``. None of the front ends writes SQL; they import this package
only. ``filters`` (filters, pages, shared conditions), ``listings`` (events, articles, quotes),
``aggregates`` (counts, dyads, score series, top lists), ``article`` (one article annotated),
``detail`` (actor, dyad and story pages, dashboard), ``fulltext`` (search, in the syntax of
``eventwire.search_syntax``), ``highlight`` (snippets of hits), ``directory`` (actors with mention
counts). Reads the actor KB through ``eventwire.knowledge``, never ``analyze``.

    >>> page = list_events(store, EventFilter(actor="IRN", type="CONSULT"), Page(limit=20))
"""

from eventwire.query import reviews
from eventwire.query.actor_page import actor_profile, counterparts, list_actors
from eventwire.query.aggregates import (
    dyad_matrix,
    event_counts,
    score_series,
    top_actors,
    top_places,
    type_counts,
)
from eventwire.query.article import article_detail
from eventwire.query.detail import (
    dashboard,
    data_span,
    dyad_detail,
    list_stories,
    story_detail,
    totals,
)
from eventwire.query.directory import ActorNotFound, actor_details, actor_mention_counts
from eventwire.query.event_page import event_detail
from eventwire.query.facets import FACETS, facet_counts
from eventwire.query.filters import (
    MAX_LIMIT,
    ActorFilter,
    ActorScope,
    ArticleFilter,
    EventFilter,
    InvalidFilter,
    NotFound,
    Page,
    QuoteFilter,
    Result,
    StoryFilter,
    engine_of,
)
from eventwire.query.fulltext import KINDS, search
from eventwire.query.identity import (
    AmbiguousActor,
    UnknownActor,
    plover_vocabulary,
    resolve_actor,
    scoped,
)
from eventwire.query.listings import (
    get_event,
    list_articles,
    list_events,
    list_quotes,
    undated_count,
)
from eventwire.search_syntax import SYNTAX as SEARCH_SYNTAX
from eventwire.search_syntax import SearchSyntaxError

__all__ = [
    "FACETS", "KINDS", "MAX_LIMIT", "SEARCH_SYNTAX", "ActorFilter", "ActorNotFound", "ActorScope",
    "AmbiguousActor", "ArticleFilter", "EventFilter", "InvalidFilter", "NotFound", "Page",
    "QuoteFilter", "Result", "SearchSyntaxError", "StoryFilter", "UnknownActor", "actor_details",
    "actor_mention_counts", "actor_profile", "article_detail", "counterparts", "dashboard",
    "data_span", "dyad_detail", "dyad_matrix", "engine_of", "event_counts", "event_detail",
    "facet_counts", "get_event", "list_actors", "list_articles", "list_events", "list_quotes",
    "list_stories", "plover_vocabulary", "resolve_actor", "reviews", "scoped", "score_series",
    "search", "story_detail", "top_actors", "top_places", "totals", "type_counts", "undated_count",
]
