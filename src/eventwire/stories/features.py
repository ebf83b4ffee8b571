"""What clustering knows about one article: dates, languages, actors, event signatures, places.

Built either from the dataclasses (`from_analysis`) or from stored rows (`stories.repo`), so
the in-memory clustering used by tests and the benchmark is the one the store path runs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from eventwire.models import ActorRef, Analysis, Article, Event
from eventwire.stories.embed import first_sentence, lead_text

# PLOVER types whose two sides play the same role: the dyad is unordered.
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


@dataclass
class ArticleFeatures:
    id: str
    seq: tuple  # sort key of the clustering order: (ingest time or position, id)
    published: dt.date | None
    language: str | None
    title: str  # its own title, or its first sentence
    text_for_embedding: str
    titled: bool = False  # ``title`` is the article's own (not its first sentence)
    kb_ids: Counter = field(default_factory=Counter)  # resolved actor -> mentions
    countries: Counter = field(default_factory=Counter)  # ISO alpha-3 -> mentions
    codes: Counter = field(default_factory=Counter)  # actor codes (IRNGOV) -> mentions
    signatures: set[str] = field(default_factory=set)  # "TYPE|dyad"
    dyads: set[str] = field(default_factory=set)  # "IRN~SYR" (sorted pair)
    places: set[str] = field(default_factory=set)  # lower-cased place names / geonameids
    event_countries: set[str] = field(default_factory=set)  # countries on an event's sides
    num_events: int = 0


def side_keys(refs: Iterable[ActorRef | dict]) -> list[str]:
    """Country (else code, else kb id) of each actor on one side of an event."""
    keys = []
    for ref in refs or ():
        get = ref.get if isinstance(ref, dict) else lambda k, r=ref: getattr(r, k, None)
        key = get("country") or get("code") or get("kb_id")
        if key:
            keys.append(str(key))
    return sorted(set(keys))


def dyad_key(event_type: str, actors: Iterable, recipients: Iterable) -> str:
    """`A>B` for directed types, `A~B` (sorted) for CONSULT/AGREE/COOPERATE; '' when unknown."""
    src, dst = "+".join(side_keys(actors)), "+".join(side_keys(recipients))
    if not src and not dst:
        return ""
    if event_type in SYMMETRIC_TYPES:
        return "~".join(sorted([src, dst]))
    return f"{src}>{dst}"


def pair_key(actors: Iterable, recipients: Iterable) -> str:
    """The unordered country pair of an event, whatever its type ('' when one side is missing)."""
    src, dst = "+".join(side_keys(actors)), "+".join(side_keys(recipients))
    return "~".join(sorted([src, dst])) if src and dst and src != dst else ""


def add_event(features: ArticleFeatures, etype: str, actors, recipients, place: str | None) -> None:
    """Fold one event (dataclass or row) into the article's signatures."""
    features.num_events += 1
    dyad = dyad_key(etype, actors, recipients)
    if dyad:
        features.signatures.add(f"{etype}|{dyad}")
    pair = pair_key(actors, recipients)
    if pair:
        features.dyads.add(pair)
    if place:
        features.places.add(place.strip().lower())
    for ref in [*(actors or ()), *(recipients or ())]:
        add_actor(features, ref)
        country = ref.get("country") if isinstance(ref, dict) else ref.country
        if country:
            features.event_countries.add(country)


def add_actor(features: ArticleFeatures, ref: ActorRef | dict | None) -> None:
    """Count one resolved actor (a mention's, or an event side's)."""
    if not ref:
        return
    get = ref.get if isinstance(ref, dict) else lambda k: getattr(ref, k, None)
    kb_id, country = get("kb_id"), get("country")
    # a country's own KB entry says no more than its country code: keep kb ids for who exactly
    if kb_id and kb_id != country:
        features.kb_ids[kb_id] += 1
    if country:
        features.countries[country] += 1
    if get("code"):
        features.codes[get("code")] += 1


def _place_of(event: Event) -> str | None:
    """The event's place as the store keys it: geonameid, else its name."""
    loc = event.location
    if loc is None:
        return None
    return str(loc.geonameid) if loc.geonameid else loc.name


def from_analysis(article: Article, analysis: Analysis | None, *, seq: tuple) -> ArticleFeatures:
    """Features of an article and (optionally) its analysis, as the dataclasses carry them."""
    features = ArticleFeatures(
        id=article.id,
        seq=seq,
        published=article.published,
        language=article.language,
        title=(article.title or "").strip() or first_sentence(article.text),
        text_for_embedding=lead_text(article.title, article.text),
        titled=bool((article.title or "").strip()),
    )
    if analysis is None:
        return features
    for mention in analysis.mentions:
        add_actor(features, mention.actor)
    for event in analysis.events:
        if event.negated or event.hypothetical:
            continue  # what did not happen says nothing about which happening this is
        add_event(features, event.type, event.actors, event.recipients, _place_of(event))
    return features
