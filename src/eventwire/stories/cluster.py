"""Incremental story clustering: each arriving article joins the best story or founds one.

An article is compared with the candidate stories the index returns (stories whose date span
lies within ±`story_window_days` of it, or — for undated articles and stories — that share a
resolved actor), never with the whole corpus. Per candidate, signals in [0, 1]:

- embed: cosine of the title+lead embedding with the story centroid, rescaled so that
  unrelated news (≈ EMBED_FLOOR) scores 0 and a retelling of the same happening scores ~1;
- actor: share of the article's resolved actors (kb ids, countries) the story already has;
- event: share of its event signatures (type + dyad), country pairs and places the story has.

`combined` is their weighted mean (`story_embed/actor/event_weight`) over the signals both
sides can speak to, so an article without an analysis is judged on its text alone. The best
candidate at or above `story_threshold` wins (ties: the older story); the decision, every
signal, what was shared and the runners-up are kept in `story_articles.scores`.

An undated article without resolved actors has no candidates (nothing bounds the search) and
founds its own story. An article already in a story keeps it.

Order. Articles are clustered in ingest order (`articles.ingested_at`, then id); batches only
cut that sequence (a story's state is a pure function of its members, and its stored centroid
is the rounded running mean, reloaded bit for bit), so `assign_articles` batch after batch —
or one article at a time — and `rebuild` give the same stories (short of a score tying the
threshold to within the encoder's batch noise, see `embed`). Another order can change:
which article founds a story (so its id, and the title when no member is in the preferred
language), the centroid a later article is compared with, hence borderline joins, and — via a
story's growing date span — which stories a later article may be compared with at all.
Clear-cut stories do not move. The one case where the two paths differ: an article left
unclustered (ingested with clustering off) and assigned after later articles were is placed
after them by `assign_articles`, but in its ingest order by `rebuild`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eventwire.settings import Settings
from eventwire.stories import repo
from eventwire.stories.embed import embed_texts
from eventwire.stories.features import ArticleFeatures
from eventwire.stories.merge import merge_in
from eventwire.stories.state import StoryIndex, StoryState, story_id_for

# USE-m3 cosine of unrelated news items sits around 0.1-0.3; retellings of one happening,
# across languages, around 0.6-0.8 (measured on tests/fixtures/stories).
EMBED_FLOOR = 0.35
EMBED_CEIL = 0.80
# Who exactly (kb ids: people, bodies) tells two happenings apart far better than which
# countries were involved: two Iran–Turkey meetings share every country.
KB_SHARE = 0.75
RUNNERS_UP = 3


@dataclass
class Decision:
    article_id: str
    story_id: str
    founded: bool
    scores: dict = field(default_factory=dict)


def _share(article: Counter | set, story: Counter) -> tuple[float, list[str]] | None:
    """Weighted share of the article's keys already in the story (None if either has none)."""
    if not article or not story:
        return None
    weights = article if isinstance(article, Counter) else Counter(article)
    shared = sorted(k for k in weights if k in story)
    return sum(weights[k] for k in shared) / sum(weights.values()), shared


def _mean(parts: list[float]) -> float | None:
    return sum(parts) / len(parts) if parts else None


def _days_apart(features: ArticleFeatures, story: StoryState) -> int | None:
    """Days between the article's date and the story's span (0 inside; None when undated)."""
    day = features.published
    if day is None or story.start is None:
        return None
    if day < story.start:
        return (story.start - day).days
    return max(0, (day - story.end).days)


def score(features: ArticleFeatures, embedding: np.ndarray, story: StoryState,
          settings: Settings, cosine: float | None = None) -> dict:
    """Per-signal scores of an article against one story, and their combination."""
    if cosine is None:
        norm = float(np.linalg.norm(story.centroid)) or 1.0
        cosine = float(embedding @ story.centroid) / norm
    signals: dict[str, float | None] = {
        "embed": min(1.0, max(0.0, (cosine - EMBED_FLOOR) / (EMBED_CEIL - EMBED_FLOOR)))}
    shared: dict[str, list[str]] = {}
    actor_parts: dict[str, float] = {}
    for name, mine, theirs in (("kb_ids", features.kb_ids, story.kb_ids),
                               ("countries", features.countries, story.countries)):
        got = _share(mine, theirs)
        if got is not None:
            actor_parts[name] = got[0]
            shared[name] = got[1]
    event_parts = []
    for name, mine, theirs in (("signatures", features.signatures, story.signatures),
                               ("dyads", features.dyads, story.dyads),
                               ("places", features.places, story.places)):
        got = _share(mine, theirs)
        if got is not None:
            event_parts.append(got[0])
            shared[name] = got[1]
    if len(actor_parts) == 2:
        kb, countries = actor_parts["kb_ids"], actor_parts["countries"]
        signals["actor"] = KB_SHARE * kb + (1 - KB_SHARE) * countries
    else:
        signals["actor"] = _mean(list(actor_parts.values()))
    signals["event"] = _mean(event_parts)
    weights = {"embed": settings.story_embed_weight, "actor": settings.story_actor_weight,
               "event": settings.story_event_weight}
    used = {k: w for k, w in weights.items() if signals[k] is not None and w > 0}
    total = sum(used.values()) or 1.0
    combined = sum(w * signals[k] for k, w in used.items()) / total
    return {
        "story": story.id,
        "combined": round(combined, 4),
        "cosine": round(cosine, 4),
        **{k: (None if v is None else round(v, 4)) for k, v in signals.items()},
        "days_apart": _days_apart(features, story),
        "shared": shared,
        "members": story.size,
    }


def _upper_bound(embed: np.ndarray, settings: Settings) -> np.ndarray:
    """Best combined score reachable with this embed score (other signals perfect)."""
    w_e = settings.story_embed_weight
    rest = settings.story_actor_weight + settings.story_event_weight
    return (w_e * embed + rest) / ((w_e + rest) or 1.0)


class Clusterer:
    """Adds articles one by one to a `StoryIndex`; remembers which stories it touched."""

    def __init__(self, settings: Settings, index: StoryIndex | None = None) -> None:
        self.settings = settings
        self.index = index or StoryIndex(settings.story_window_days)
        self.touched: set[str] = set()

    def _scored(self, features: ArticleFeatures, embedding: np.ndarray) -> tuple[list[dict], int]:
        """Full scores for the candidates that could reach the threshold, best first."""
        candidates = self.index.candidates(features)
        if not candidates:
            return [], 0
        centroids = np.stack([s.centroid for s in candidates])
        norms = np.linalg.norm(centroids, axis=1)
        norms[norms == 0] = 1.0
        cosines = (centroids @ embedding) / norms
        embed = np.clip((cosines - EMBED_FLOOR) / (EMBED_CEIL - EMBED_FLOOR), 0.0, 1.0)
        # pruning by the best reachable score keeps the full scoring to a handful of stories
        keep = np.flatnonzero(_upper_bound(embed, self.settings) >= self.settings.story_threshold)
        scored = [score(features, embedding, candidates[i], self.settings, float(cosines[i]))
                  for i in keep]
        order = {s.id: n for n, s in enumerate(candidates)}
        scored.sort(key=lambda r: (-r["combined"], order[r["story"]]))
        return scored, len(candidates)

    def add(self, features: ArticleFeatures, embedding: np.ndarray) -> Decision:
        """Place one article: join the best candidate at/above the threshold, else found a story."""
        scored, considered = self._scored(features, embedding)
        best = scored[0] if scored else None
        joined = best is not None and best["combined"] >= self.settings.story_threshold
        if joined:
            story = self.index.stories[best["story"]]
        else:
            story = StoryState(id=story_id_for(features.id), founder_seq=features.seq)
        story.add(features, embedding)
        self.index.put(story)
        self.touched.add(story.id)
        scores = {
            "decision": "joined" if joined else "founded",
            "story": story.id,
            "threshold": self.settings.story_threshold,
            "weights": {"embed": self.settings.story_embed_weight,
                        "actor": self.settings.story_actor_weight,
                        "event": self.settings.story_event_weight},
            "candidates": considered,
            "best": best,
            "runners_up": [{"story": r["story"], "combined": r["combined"]}
                           for r in scored[1:1 + RUNNERS_UP]],
        }
        return Decision(features.id, story.id, not joined, scores)


def cluster_features(items: list[tuple[ArticleFeatures, np.ndarray]], *,
                     settings: Settings) -> tuple[list[Decision], Clusterer]:
    """Cluster articles held in memory, in their `seq` order (tests, benchmark, rebuild)."""
    clusterer = Clusterer(settings)
    decisions = [clusterer.add(f, e) for f, e in sorted(items, key=lambda p: (p[0].seq, p[0].id))]
    return decisions, clusterer


BATCH = 500  # articles per write transaction; embeddings are computed before it opens


def assign_articles(
    store: Any, article_ids: Sequence[str], *, settings: Settings
) -> list[Decision]:
    """Cluster stored articles into stories, in ingest order, and merge the touched stories.

    Articles already in a story keep it (their stories are merged again, their events may
    have changed). Returns the decisions taken.
    """
    with store.read() as conn:
        ordered = repo.ordered_ids(conn, article_ids)
        already = repo.assigned(conn, ordered)
    todo = [a for a in ordered if a not in already]
    decisions: list[Decision] = []
    for lo in range(0, len(todo), BATCH):
        decisions.extend(_assign_batch(store, todo[lo:lo + BATCH], settings))
    if already:
        with store.write() as conn:
            for story_id in sorted(set(already.values())):
                merge_in(conn, story_id, tolerance=settings.merge_date_tolerance_days)
    return decisions


def _assign_batch(store: Any, ids: Sequence[str], settings: Settings) -> list[Decision]:
    """One batch: features, embeddings, candidates from the store, clustering, writes."""
    with store.read() as conn:
        features = repo.load_features(conn, ids)
    batch = [features[a] for a in ids if a in features]
    vectors = embed_texts([f.text_for_embedding for f in batch], threads=settings.embed_threads)
    now = dt.datetime.now(dt.UTC)

    def embed(texts: list[str]) -> np.ndarray:  # for stories stored without a centroid
        return embed_texts(texts, threads=settings.embed_threads)

    with store.write() as conn:
        index = StoryIndex(settings.story_window_days)
        wanted = repo.candidate_story_ids(conn, batch, settings.story_window_days)
        for story in repo.load_stories(conn, wanted, embed=embed):
            index.put(story)
        clusterer = Clusterer(settings, index)
        decisions = [clusterer.add(f, v) for f, v in zip(batch, vectors, strict=True)]
        for story_id in sorted(clusterer.touched):
            repo.save_story(conn, index.stories[story_id],
                            preferred_language=settings.preferred_language, now=now)
        for d in decisions:
            repo.save_assignment(conn, d.article_id, d.story_id, d.scores, now=now)
        for story_id in sorted(clusterer.touched):
            merge_in(conn, story_id, tolerance=settings.merge_date_tolerance_days)
    return decisions


def rebuild(store: Any, *, settings: Settings) -> list[Decision]:
    """Forget every story and cluster all stored articles again, in ingest order."""
    with store.write() as conn:
        repo.clear_stories(conn)
    with store.read() as conn:
        every = repo.ordered_ids(conn)
    return assign_articles(store, every, settings=settings)
