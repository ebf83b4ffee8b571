"""What the JSON API answers: the response models of every /api endpoint, for the OpenAPI
document and for checking the answers.

The record shapes come from the export records (``eventwire.records``): an API event or quote
is the export record plus the columns the listings add; summaries ``pick`` the export fields
they show (same type, same description). Pages (``*Page``) are ``query.Result.to_dict()``.
The routes serialise with ``exclude_unset``, so a key the query layer leaves out (``undated``
without a date range) stays out instead of turning into a null.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from eventwire.records import (
    ActorObject,
    ArticleRecord,
    Day,
    EventRecord,
    MentionRecord,
    MergedEventRecord,
    QuoteRecord,
    Stamp,
    StoryRecord,
    described,
    pick,
    view,
)

T = TypeVar("T")
MEAN_SCORE = "Mean PLOVER score (null: none of them is scored)"

# ---------------------------------------------------------------------------------------------
# Pages and lists
# ---------------------------------------------------------------------------------------------


class Paged(BaseModel, Generic[T]):
    """One page of a listing with the total, so clients can page on with ``offset``."""

    items: list[T] = described("The items of this page")
    total: int = described("Items matching, over all pages")
    limit: int = described("Items per page asked for")
    offset: int = described("Items skipped")
    next_offset: int | None = described("The offset of the next page (null: this is the last)")


class Listing(BaseModel, Generic[T]):
    """Rows of an aggregate, best first."""

    items: list[T] = described("The rows")


# ---------------------------------------------------------------------------------------------
# Records: events, quotes, mentions, articles
# ---------------------------------------------------------------------------------------------


class EventOut(EventRecord):
    """An event as the API gives it: the export record plus the location's flat columns and
    the title, language and day of the article reporting it."""

    location_name: str | None = described("location.name, flat")
    location_country: str | None = described("location.country, flat")
    lat: float | None = described("location.lat, flat")
    lon: float | None = described("location.lon, flat")
    geonameid: int | None = described("location.geonameid, flat")
    article_title: str | None = described("Title of the article reporting it")
    article_language: str | None = described("Language of that article")
    article_published: Day | None = described("Publication day of that article")


class EventPage(Paged[EventOut]):
    """A page of events, newest first (undated last)."""

    undated: int | None = described(
        "Only with a date range: events matching but for the range that have no date (they "
        "are not in total)", default=None)


class QuoteOut(QuoteRecord):
    """A quote as the API gives it: the export record plus the speaker's kb_id and name."""

    speaker_kb_id: str | None = described("speaker.kb_id, flat")
    speaker_name: str | None = described("speaker.name, flat")


class QuoteListed(QuoteOut):
    """A quote in a listing, with the article it is from."""

    article_title: str | None = described("Title of the article quoting")
    article_published: Day | None = described("Publication day of that article")
    article_lead: str | None = described("The article's first 120 characters")


class QuotePage(Paged[QuoteListed]):
    """A page of quotes, newest article first, in text order within an article."""


MentionOut = view(
    "MentionOut", "A mention as the API gives it (the export mention without its numeric id, "
    "plus the kb_id and the mention it was resolved through).",
    pick(MentionRecord, "article_id", "text", "start", "end", "label", "actor", "how"),
    kb_id=(str | None, described("actor.kb_id, flat")),
    antecedent=(int | None, described("Index (in this list) of the mention it was resolved "
                                      "through, for pronouns and surnames")),
)
SUMMARY = ("id", "source", "url", "title", "published", "language", "outlet", "cited_source",
           "story_id", "content_hash")
LEAD = (str, described("The first 120 characters of the text, to name untitled articles"))
ArticleSummary = view(
    "ArticleSummary", "An article in a listing: its metadata without the text.",
    pick(ArticleRecord, *SUMMARY), lead=LEAD,
    events=(int, described("How many events it reports (negated ones included)")),
    quotes=(int, described("How many quotes it has")),
)


class ArticlePage(Paged[ArticleSummary]):  # type: ignore[valid-type]
    """A page of articles, newest first."""


class Removal(BaseModel):
    """Something the cleaner took out of (or changed in) the raw text."""

    rule: str = described("Why: web-residue, repeated-headline, outlet-tag ...")
    raw_start: int = described("Offset in the raw text")
    raw_end: int = described("End offset in the raw text")
    text: str = described("What was removed or replaced")
    replacement: str = described("What replaced it ('' when removed)")


class Annotation(BaseModel):
    """One located annotation of the text, [start, end)."""

    start: int = described("Offset in the cleaned text")
    end: int = described("End offset in the cleaned text")
    kind: Literal["actor", "mention", "trigger", "quote", "date", "place"] = described("What")
    label: str = described("Readable label")
    ref: str | None = described("Id of what it points to (kb_id, event or quote id)")


class Segment(BaseModel):
    """A piece of the text between annotation boundaries, with the annotations covering it."""

    text: str = described("The words")
    start: int = described("Offset of the piece")
    kinds: list[str] = described("Kinds of the annotations covering it")
    labels: list[str] = described("Their labels")
    refs: list[str] = described("Their ids")


class StoryRef(BaseModel):
    """The story an article belongs to."""

    id: str = described("Story id")
    title: str | None = described("Story title")


ArticleDetail = view(
    "ArticleDetail", "One article: text, metadata, mentions, events, quotes and highlights.",
    pick(ArticleRecord, *SUMMARY), {"lead": LEAD}, pick(ArticleRecord, "text", "ingested_at"),
    removals=(list[Removal] | None, described("What cleaning removed from the raw text")),
    analysis_steps=(list[str] | None, described("The analysis steps that ran (name@version)")),
    mentions=(list[MentionOut], described("Its mentions, in text order")),  # type: ignore[valid-type]
    events=(list[EventOut], described("Its events, in text order")),
    quotes=(list[QuoteOut], described("Its quotes, in text order")),
    story=(StoryRef | None, described("Its story")),
    annotations=(list[Annotation], described("Every annotation that fits the text")),
    segments=(list[Segment], described("The text cut at every annotation boundary")),
    bad_offsets=(int, described("Annotations left out because their offsets do not fit")),
)

# ---------------------------------------------------------------------------------------------
# Aggregates
# ---------------------------------------------------------------------------------------------


class PeriodCount(BaseModel):
    period: Day = described("First day of the day, ISO week or month")
    count: int = described("Events in it")


class ScorePoint(BaseModel):
    period: Day = described("First day of the day, ISO week or month")
    events: int = described("Events in it")
    total_score: float = described("Sum of their PLOVER scores")
    mean_score: float | None = described(MEAN_SCORE)
    cooperative: int = described("Events with a positive score")
    conflictual: int = described("Events with a negative score")


class TypeCount(BaseModel):
    type: str = described("PLOVER category")
    events: int = described("Events of it")
    mean_score: float | None = described(MEAN_SCORE)


INTERVAL = described("The period size asked for")
UNDATED = described("Events of the filter with no date (not in any period)")


class Counts(BaseModel):
    """Events per period, oldest first."""

    interval: Literal["day", "week", "month"] = INTERVAL
    items: list[PeriodCount] = described("One row per period with events")
    undated: int = UNDATED


class Scores(BaseModel):
    """The cooperation–conflict series, oldest first."""

    interval: Literal["day", "week", "month"] = INTERVAL
    items: list[ScorePoint] = described("One row per period with events")
    undated: int = UNDATED


class TypeList(Listing[TypeCount]):
    """Events per PLOVER category, most frequent first."""


IDENTITY = ("kb_id", "name", "code", "country", "sector")
TopActor = view("TopActor", "An actor and how many events it takes part in.",
                pick(ActorObject, *IDENTITY), events=(int, described("Distinct events")))


class TopActorList(Listing[TopActor]):  # type: ignore[valid-type]
    """Actors in the most events."""


class TopPlace(BaseModel):
    name: str = described("Place name")
    country: str | None = described("ISO alpha-3 code of its country")
    level: Literal["city", "country"] = described(
        "country when the place is a whole country (named by its country's name), else city")
    events: int = described("Events there")
    lat: float | None = described("Latitude (mean over its events)")
    lon: float | None = described("Longitude (mean over its events)")
    mean_score: float | None = described("Mean cooperation-conflict score of its scored events")
    first: Day | None = described("First event day there")
    last: Day | None = described("Last event day there")
    periods: dict[str, int] = described("Events per month (YYYY-MM) there, dated events only")


class TopPlaceList(Listing[TopPlace]):
    """Event locations, busiest first."""


TERM = "The actor term its page takes (country:IRN, code:IRNGOV, actor:<kb_id>, name:<name>)"


class DyadSide(BaseModel):
    key: str = described("Country code, actor code, or kb_id (else name) at level actor")
    name: str = described("Readable name")
    term: str = described(TERM)
    kb_id: str | None = described("Only at level actor: its kb_id", default=None)


class DyadRow(BaseModel):
    """An actor → recipient pair and its events."""

    source: DyadSide = described("The actor side")
    target: DyadSide = described("The recipient side")
    count: int = described("Distinct events from source to target")
    mean_score: float | None = described(MEAN_SCORE)


class DyadList(Listing[DyadRow]):
    """The busiest actor → recipient pairs."""


# ---------------------------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------------------------

StorySummary = view(
    "StorySummary", "A story in a listing, with its counts.",
    pick(StoryRecord, "id", "title", "languages", "start", "end", "actors"),
    articles=(int, described("How many articles")),
    events=(int, described("How many events (negated ones included)")),
)


class StoryPage(Paged[StorySummary]):  # type: ignore[valid-type]
    """A page of stories, latest first."""


StoryInfo = view(
    "StoryInfo", "A story's own fields.",
    pick(StoryRecord, "id", "title", "title_article_id", "languages", "start", "end", "actors"),
    created_at=(Stamp, described("When it was founded")),
    updated_at=(Stamp, described("When it last changed")),
)
StoryArticle = view(
    "StoryArticle", "An article of a story.",
    pick(ArticleRecord, "id", "title", "language", "published", "outlet", "url"),
    scores=(dict[str, Any] | None, described(
        "An open object: the clustering decision that put the article in the story (the "
        "decision, threshold, weights, best candidate and its scores)")),
    lead=LEAD,
)
MERGED = [n for n in MergedEventRecord.model_fields if n not in ("events", "article_ids")]
MergedEventOut = view("MergedEventOut", "A story-level event (the export's merged event "
                      "without its member lists).", pick(MergedEventRecord, *MERGED))


class StoryDetail(BaseModel):
    """A story: its articles across languages, merged events and every event."""

    story: StoryInfo = described("The story")  # type: ignore[valid-type]
    articles: list[StoryArticle] = described("Its articles, oldest first")  # type: ignore[valid-type]
    canonical_events: list[MergedEventOut] = described(  # type: ignore[valid-type]
        "Its merged events, most reported first")
    events: EventPage = described("Its events (the first 500)")
    types: list[TypeCount] = described("Its events per PLOVER category")


# ---------------------------------------------------------------------------------------------
# Dashboard, index, search, ingest
# ---------------------------------------------------------------------------------------------


class Totals(BaseModel):
    articles: int = described("Stored articles")
    events: int = described("Events (not negated or hypothetical)")
    quotes: int = described("Quotes")
    stories: int = described("Stories")
    actors: int = described("Distinct event actors")


class Window(BaseModel):
    from_: Day | None = Field(None, alias="from", description="First day of the filter's range "
                              "(default: the first event day)")
    to: Day | None = described("Last day of the filter's range (default: the last event day)")
    data_from: Day | None = described("First event day in the store")
    data_to: Day | None = described("Last event day in the store")


class Dashboard(BaseModel):
    """The front page for a filter (default: the whole span of the data)."""

    totals: Totals = described("What the store holds")
    window: Window = described("The range shown")
    interval: Literal["day", "week", "month"] = described("The granularity of ``counts``")
    events: int = described("Events matching the filter")
    undated: int = described("Of those, events with no date")
    stories: list[StorySummary] = described("The latest stories")  # type: ignore[valid-type]
    dyads: list[DyadRow] = described("The busiest country pairs")
    counts: list[PeriodCount] = described("Events per period (day, ISO week or month)")
    types: list[TypeCount] = described("Events per PLOVER category")
    latest_events: list[EventOut] = described("The 10 newest events")


class Endpoint(BaseModel):
    method: str = described("HTTP method")
    path: str = described("Path (with {parameters})")
    summary: str = described("What it answers")


class Index(BaseModel):
    """The API's name, its OpenAPI document and its endpoints."""

    name: str = described("eventwire")
    openapi: str = described("Path of the OpenAPI document")
    docs: str = described("Path of the interactive docs (Swagger UI)")
    endpoints: list[Endpoint] = described("Every endpoint")


class SearchHit(BaseModel):
    """An article, quote or event whose text holds every word of the query."""

    kind: Literal["article", "quote", "event"] = described("What was found")
    id: str = described("Its id")
    article_id: str = described("The article it is in")
    title: str | None = described("Article title, quote speaker or event type")
    article_title: str = described("The article's title, or its first words when it has none")
    snippet: str = described("The text around the first word found")
    highlights: list[list[int]] = described("Every match as [start, end] inside ``snippet`` "
                                            "(excluded terms are never marked)")
    matches: list[list[int]] = described("Every match as [start, end] in the article's cleaned "
                                         "text (at most 100)")
    start: int | None = described("Offset of that word in the article's cleaned text")
    end: int | None = described("End offset of that word")
    published: Day | None = described("Publication day of the article")
    language: str | None = described("Language of the article")


class SearchPage(Paged[SearchHit]):
    """A page of search hits, newest first."""


class FacetValue(BaseModel):
    value: str = described("The value, as the filter takes it (CONSULT, en, IRN, Cairo)")
    events: int = described("Events with it among those of the rest of the filter")
    label: str | None = Field(None, description="Readable name (countries)")


class Facets(BaseModel):
    """Each facet's values among the filtered events (each facet ignores its own field)."""

    type: list[FacetValue] = Field(default_factory=list, description="PLOVER categories")
    mode: list[FacetValue] = Field(default_factory=list, description="PLOVER modes")
    language: list[FacetValue] = Field(default_factory=list, description="Article languages")
    actor_country: list[FacetValue] = Field(default_factory=list,
                                            description="Countries of the actors and recipients")
    country: list[FacetValue] = Field(default_factory=list,
                                      description="Countries of the event locations")
    place: list[FacetValue] = Field(default_factory=list, description="Event location names")


class IngestError(BaseModel):
    item: int | None = described("Position of the document in the batch, from 1 (null when "
                                 "not known)")
    step: str = described("The step that failed: read, decode, parse, clean, analyze or store")
    message: str = described("What was wrong")


class IngestReport(BaseModel):
    """What the pipeline did with the posted documents."""

    read: int = described("Documents read")
    stored: int = described("New articles stored")
    updated: int = described("Articles stored again with a new analysis")
    duplicates: int = described("Documents already stored (same text)")
    failed: int = described("Documents that failed (see errors)")
    article_ids: list[str] = described("Ids of the stored and updated articles")
    errors: list[IngestError] = described("One per failed document")


class ModelRoute(APIRoute):
    """A route whose response model serialises only the keys the query layer gave (no nulls
    for optional keys it left out): the models describe the answers, they do not reshape them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["response_model_exclude_unset"] = True
        super().__init__(*args, **kwargs)
