"""The export record shapes of ``docs/EXPORT.md`` as pydantic models: the one definition of each
record type's fields, their order, types and meaning.

``FIELDS`` (the column lists of every export format, re-exported by ``store.read``) is read off
these models, and the JSON API's response models (``api.models``) extend them or ``pick`` their
fields, so the export and the API cannot name, type or describe a field differently.

    >>> FIELDS["quotes"][:3]
    ('id', 'article_id', 'speaker')
    >>> QuoteRecord.model_validate(record)      # an exported quote, checked
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, WithJsonSchema, create_model

# Values travel as JSON text: days as YYYY-MM-DD strings, timestamps as ISO 8601 strings (with
# an offset on PostgreSQL; SQLite stores them without one, so no "date-time" format is claimed)
Day = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
Stamp = Annotated[str, WithJsonSchema({"type": "string", "description": "ISO 8601 timestamp"})]


def described(text: str, *, default: Any = ...) -> Any:
    """A field with a description (required unless a default is given)."""
    return Field(default, description=text)


def pick(model: type[BaseModel], *names: str, optional: bool = False) -> dict[str, Any]:
    """Fields of ``model`` (type, description, default) for ``create_model``, in that order;
    ``optional``: the view may leave them out (or null)."""
    fields = {n: model.model_fields[n] for n in names}
    if optional:
        return {n: (f.annotation | None, described(f.description or n, default=None))
                for n, f in fields.items()}
    return {n: (f.annotation, f) for n, f in fields.items()}


def view(name: str, doc: str, *parts: dict[str, Any], base: type[BaseModel] = BaseModel,
         **more: Any) -> type[BaseModel]:
    """A model named ``name`` with the picked fields of ``parts`` and ``more`` fields, in order.

        >>> StoryRow = view("StoryRow", "A story", pick(StoryRecord, "id", "title"),
        ...                 articles=(int, described("How many articles")))
    """
    fields: dict[str, Any] = {}
    for part in parts:
        fields.update(part)
    fields.update(more)
    return create_model(name, __doc__=doc, __base__=base, **fields)


class ActorObject(BaseModel):
    """An actor as it appears inside events, quotes and mentions."""

    name: str = described("Canonical name")
    text: str = described("The words the article used for it")
    country: str | None = described("ISO 3166 alpha-3 country code")
    sector: str | None = described("Sector code: GOV, MIL, REB, IGO ...")
    code: str | None = described("Actor code, country + sector (IRNGOV)")
    kb_id: str | None = described("Knowledge-base id (a person, organisation or country)")


class Location(BaseModel):
    """Where an event took place (a GeoNames place)."""

    name: str = described("Place name")
    country: str | None = described("ISO alpha-3 code of the place's country")
    lat: float | None = described("Latitude")
    lon: float | None = described("Longitude")
    geonameid: int | None = described("GeoNames id")
    text: str | None = described("The words the article used for it", default=None)
    start: int | None = described("Offset of those words in the text", default=None)
    end: int | None = described("End offset of those words", default=None)


class Role(BaseModel):
    """A dated role of an actor (President of Iran from 2024-07-28)."""

    title: str | None = described("The title held (President, Foreign Minister ...)")
    country: str | None = described("Country of the role, ISO alpha-3")
    sector: str | None = described("Sector of the role (GOV, MIL ...)")
    start: Day | None = described("First day in the role")
    end: Day | None = described("Last day in the role (null: still held)")
    org: str | None = described("Organisation of the role (learned actors)", default=None)
    code: str | None = described("Actor code of the role (learned actors)", default=None)


START = "Start offset in the article's cleaned text, [start, end)"
END = "End offset in the article's cleaned text (exclusive)"


class ArticleRecord(BaseModel):
    """An article: its cleaned text and metadata."""

    id: str = described("Article id (given by the input, else a hash of the cleaned text)")
    source: str = described("Path or URL it was read from")
    url: str | None = described("Where it was published")
    title: str | None = described("Headline")
    published: Day | None = described("Publication day")
    language: str | None = described("ISO 639-1 language code")
    outlet: str | None = described("Publisher, if known")
    text: str = described("The cleaned text every offset points into")
    story_id: str | None = described("The story it belongs to")
    content_hash: str = described("SHA-256 of the cleaned text")
    published_source: str | None = described("Where the date came from (reader, header ...)")
    language_score: float | None = described("Confidence of the language detection, 0..1")
    cited_source: str | None = described("Agency or outlet the article cites as its source")
    sources: list[str] = described("Every place it was seen (first source and duplicates)")
    ingested_at: Stamp = described("When it was stored")


class EventRecord(BaseModel):
    """A PLOVER event as one article reports it."""

    id: str = described("Event id, {article_id}:e{n}")
    article_id: str = described("The article reporting it")
    story_id: str | None = described("The story it belongs to")
    type: str = described("PLOVER category (CONSULT, ASSAULT ...)")
    mode: str | None = described("PLOVER mode (visit, phone, arrest ...)")
    context: list[str] = described("PLOVER contexts (military, economic ...)")
    actors: list[ActorObject] = described("Who acted")
    recipients: list[ActorObject] = described("Who it was done to")
    date: Day | None = described("When it happened or was said")
    date_text: str | None = described("The words that gave the date")
    date_source: str | None = described("text (the sentence gave it) or article (publication)")
    date_conflict: bool = described("The text's weekday and date disagree")
    future: bool = described("Announced or planned, not yet done")
    negated: bool = described("Reported as not happening (did not meet)")
    hypothetical: bool = described("Conditional or hypothetical (if ..., would ...)")
    location: Location | None = described("Where it happened")
    trigger: str | None = described("The words that name the event")
    evidence: str | None = described("The sentence reporting it")
    start: int = described(START)
    end: int = described(END)
    score: float | None = described("PLOVER cooperation (+) / conflict (-) score")
    cameo: str | None = described("CAMEO code")
    confidence: float | None = described("Confidence of the coding, 0..1")
    trigger_start: int | None = described("Offset of the trigger words")
    trigger_end: int | None = described("End offset of the trigger words")
    quote_id: str | None = described("The quote the event was said in")
    canonical_id: str | None = described("The story-level (merged) event it is part of")
    rule: str | None = described("The rule or model that coded it (name@version)")


MergedEventRecord = view(
    "MergedEventRecord", "A story-level (canonical) event: the same event reported by several "
    "articles, merged.",
    {"id": (str, described("Canonical event id, {story_id}:c{n}")),
     "story_id": (str, described("The story it belongs to"))},
    pick(EventRecord, "type", "mode", "actors", "recipients"),
    date=(Day | None, described("The date most reports give")),
    date_conflict=(bool, described("The reports give different dates")),
    dates_seen=(dict[str, int] | None, described("How many reports give each date")),
    num_articles=(int, described("Articles reporting it")),
    num_sources=(int, described("Distinct sources reporting it")),
    num_mentions=(int, described("Event mentions merged")),
    languages=(list[str] | None, described("Languages of the reports")),
    **pick(EventRecord, "score", "cameo"),
    events=(list[str], described("Ids of the merged per-article events")),
    article_ids=(list[str], described("Ids of the articles reporting it")),
)


class QuoteRecord(BaseModel):
    """Words an article quotes, with who said them."""

    id: str = described("Quote id, {article_id}:q{n}")
    article_id: str = described("The article quoting")
    speaker: ActorObject | None = described("Who said it, when resolved")
    speaker_text: str | None = described("The words naming the speaker")
    cue: str | None = described("The speech verb (said, noted) or a colon")
    text: str = described("The quoted words")
    direct: bool = described("A direct quote (false: reported speech)")
    start: int = described(START)
    end: int = described(END)
    language: str | None = described("ISO 639-1 language code")
    speaker_start: int | None = described("Offset of the speaker words")
    speaker_end: int | None = described("End offset of the speaker words")
    cue_start: int | None = described("Offset of the cue")
    cue_end: int | None = described("End offset of the cue")


class MentionRecord(BaseModel):
    """A span of an article's text that names an actor (or an unresolved entity)."""

    article_id: str = described("The article")
    text: str = described("The words")
    start: int = described(START)
    end: int = described(END)
    label: str | None = described("Entity label: PERSON, ORG, GPE, NORP, TITLE, PRON ...")
    actor: ActorObject | None = described("The actor it resolves to")
    how: str | None = described("How it was resolved: kb-name, title, surname, pronoun ...")
    id: int = described("Mention id")


class ActorRecord(ActorObject):
    """An actor the data mentions: the actor object plus what the knowledge base says."""

    text: str = described("The canonical name again (the actor object's field)")
    kb_id: str = described("Knowledge-base id (a person, organisation or country)")
    aliases: list[str] = described("Other names, in any language")
    roles: list[Role] = described("Dated roles")
    mentions: int = described("Mentions in stored articles")
    first_seen: Day | None = described("First day seen in an article")
    last_seen: Day | None = described("Last day seen in an article")
    source: str = described("kb, learned (from the articles) or user")
    evidence: dict[str, Any] | None = described(
        "For learned actors, an open object: the article, offsets and words that introduced it")


class StoryRecord(BaseModel):
    """A story: articles in any language about the same happening."""

    id: str = described("Story id")
    title: str | None = described("Title (of its title article)")
    articles: list[str] = described("Ids of its articles")
    languages: list[str] | None = described("Languages of its articles")
    start: Day | None = described("First day of its articles")
    end: Day | None = described("Last day of its articles")
    actors: list[str] | None = described("Its top actor codes")
    events: int = described("Its events (not negated or hypothetical)")
    title_article_id: str | None = described("The article its title comes from")
    canonical_events: int = described("Its story-level (merged) events")


RECORDS: dict[str, type[BaseModel]] = {
    "articles": ArticleRecord,
    "events": EventRecord,
    "merged": MergedEventRecord,
    "quotes": QuoteRecord,
    "mentions": MentionRecord,
    "actors": ActorRecord,
    "stories": StoryRecord,
}
# The export columns of each record type, in order.
FIELDS: dict[str, tuple[str, ...]] = {k: tuple(m.model_fields) for k, m in RECORDS.items()}
