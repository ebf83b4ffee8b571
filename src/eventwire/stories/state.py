"""A story as clustering sees it (aggregated member features + centroid) and the candidate index.

Everything here is a pure function of the member articles in their clustering order, so a
story loaded back from the store is indistinguishable from the one that was built in memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from eventwire.stories.embed import DIM
from eventwire.stories.features import ArticleFeatures

CENTROID_DECIMALS = 6
TOP_ACTORS = 5


def story_id_for(article_id: str) -> str:
    """Deterministic story id, derived from the founding article's id."""
    return "st-" + hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:20]


@dataclass
class Member:
    id: str
    seq: tuple
    published: dt.date | None
    language: str | None
    title: str
    titled: bool = False


@dataclass
class StoryState:
    id: str
    founder_seq: tuple
    members: list[Member] = field(default_factory=list)
    centroid: np.ndarray = field(default_factory=lambda: np.zeros(DIM))
    start: dt.date | None = None
    end: dt.date | None = None
    languages: Counter = field(default_factory=Counter)
    kb_ids: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)
    codes: Counter = field(default_factory=Counter)
    signatures: Counter = field(default_factory=Counter)
    dyads: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    event_countries: Counter = field(default_factory=Counter)
    num_events: int = 0

    @property
    def size(self) -> int:
        return len(self.members)

    def add(self, features: ArticleFeatures, embedding: np.ndarray | None) -> None:
        """Fold a member in; with `embedding=None` the centroid is kept (loaded from the store)."""
        n = self.size
        if embedding is not None:
            # the rounded running mean is the canonical state: what the store keeps, bit for bit
            mean = (self.centroid * n + embedding) / (n + 1)
            self.centroid = np.round(mean, CENTROID_DECIMALS)
        self.members.append(Member(features.id, features.seq, features.published,
                                   features.language, features.title, features.titled))
        if features.published is not None:
            self.start = min(self.start or features.published, features.published)
            self.end = max(self.end or features.published, features.published)
        if features.language:
            self.languages[features.language] += 1
        self.kb_ids.update(features.kb_ids)
        self.countries.update(features.countries)
        self.codes.update(features.codes)
        self.signatures.update(features.signatures)
        self.dyads.update(features.dyads)
        self.places.update(features.places)
        self.event_countries.update(features.event_countries)
        self.num_events += features.num_events

    def title_member(self, preferred_language: str) -> Member:
        """The earliest member with a title of its own, in the preferred language when one
        has it; only when no member has a title, the earliest one's first sentence."""
        titled = [m for m in self.members if m.titled] or self.members
        pool = [m for m in titled if m.language == preferred_language] or titled
        return min(pool, key=lambda m: (m.published or dt.date.max, m.seq))

    def top_actors(self) -> list[str]:
        """Most-mentioned actor codes (countries when no codes are known)."""
        counts = self.codes or self.countries
        return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:TOP_ACTORS]


def _days(lo: dt.date, hi: dt.date):
    day = lo
    while day <= hi:
        yield day
        day += dt.timedelta(days=1)


class StoryIndex:
    """Stories by day of their date span and by actor, so candidates never mean all-pairs."""

    def __init__(self, window_days: int) -> None:
        self.window = window_days
        self.stories: dict[str, StoryState] = {}
        self._by_day: dict[dt.date, set[str]] = defaultdict(set)
        self._by_kb: dict[str, set[str]] = defaultdict(set)
        self._by_country: dict[str, set[str]] = defaultdict(set)
        self._span: dict[str, tuple[dt.date, dt.date] | None] = {}

    def put(self, story: StoryState) -> None:
        """Add or refresh a story's entries (spans and actors only grow)."""
        self.stories[story.id] = story
        old = self._span.get(story.id)
        if story.start is not None:
            for day in _days(story.start, story.end):
                if old is None or not old[0] <= day <= old[1]:
                    self._by_day[day].add(story.id)
            self._span[story.id] = (story.start, story.end)
        else:
            self._span[story.id] = None
        for key in story.kb_ids:
            self._by_kb[key].add(story.id)
        for key in story.event_countries:
            self._by_country[key].add(story.id)

    def _sharing(self, features: ArticleFeatures) -> set[str]:
        """Stories sharing a resolved actor: kb ids when the article has any, else the countries
        on its events' sides (both are indexed columns in the store, so SQL finds the same)."""
        if features.kb_ids:
            keys, table = features.kb_ids, self._by_kb
        else:
            keys, table = features.event_countries, self._by_country
        found: set[str] = set()
        for key in keys:
            found |= table.get(key, set())
        return found

    def candidates(self, features: ArticleFeatures) -> list[StoryState]:
        """Stories an article may join, in founding order.

        Dated article: stories whose span overlaps ±window, plus undated stories sharing an actor.
        Undated article: stories sharing an actor (no date can rule them out).
        """
        found: set[str] = set()
        sharing = self._sharing(features)
        if features.published is not None:
            for day in _days(features.published - dt.timedelta(days=self.window),
                             features.published + dt.timedelta(days=self.window)):
                found |= self._by_day.get(day, set())
            found |= {sid for sid in sharing if self._span.get(sid) is None}
        else:
            found = sharing
        return sorted((self.stories[sid] for sid in found), key=lambda s: (s.founder_seq, s.id))
