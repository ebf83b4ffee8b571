"""Article -> Analysis: the analysis steps in order on one article, recording ``name@version``.

``Analyzer.analyze_batch`` runs spaCy once per language over many articles (``nlp.pipe``).
Learned actors from earlier batches (or stored rows of them, passed in by the pipeline) are
added with ``Analyzer.learn``. No I/O besides loading models, the KB and lexicons.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from eventwire.models import Analysis, Article
from eventwire.settings import Settings

log = logging.getLogger(__name__)


def _version(module: Any) -> str:
    return str(getattr(module, "VERSION", "1"))


class Analyzer:
    """Loads the KB and the spaCy pipelines once; analyses articles. No I/O besides loading."""

    def __init__(self, settings: Settings, *, learned: Iterable[Any] = ()) -> None:
        from eventwire.knowledge import load_kb

        self.settings = settings
        self.kb = load_kb(tuple(settings.kb_files))
        self._learned_keys: set[str] = set()
        self.learn(learned)

    def learn(self, entries: Iterable[Any]) -> None:
        """Make actors learned elsewhere available to the next articles (idempotent)."""
        from eventwire.analyze.nlp import add_learned
        from eventwire.knowledge import entry_from_record

        added = []
        for entry in entries:
            if isinstance(entry, dict):  # a stored row (Store.learned_actors())
                entry = entry_from_record(entry)
            if entry.kb_id not in self._learned_keys:
                self._learned_keys.add(entry.kb_id)
                self.kb.add_learned(entry)
                kept = self.kb.get(entry.kb_id)
                if kept is not None and kept.source == "learned":  # a KB entry wins
                    added.append(kept)
        add_learned(added, kb_files=self.settings.kb_files)

    def warm_up(self) -> None:
        """Load everything analysis needs (pipelines, lexicons, place index) before any article.

        Otherwise each is built lazily inside the first article that needs it, in every worker.
        """
        from eventwire.analyze.actors.lexicon import load_lexicon as actor_lexicon
        from eventwire.analyze.actors.lexicon import phrase_matcher
        from eventwire.analyze.dates.lexicon import load_time_lexicon
        from eventwire.analyze.events.lexicon import load_lexicon
        from eventwire.analyze.nlp import get_nlp
        from eventwire.analyze.places.index import place_index
        from eventwire.analyze.quotes.lexicon import load_cues

        place_index()
        for lang in self.settings.languages:
            nlp = get_nlp(lang, kb_files=tuple(self.settings.kb_files))
            load_lexicon(lang)
            load_time_lexicon(lang)
            load_cues(lang)
            actor_lexicon(lang)
            phrase_matcher(lang, nlp.vocab)

    def steps(self) -> list[str]:
        """The `name@version` list a complete analysis records (to spot stale analyses)."""
        from eventwire.analyze.actors import resolve
        from eventwire.analyze.events import coder as events
        from eventwire.analyze.quotes import extract as quotes

        return [
            f"actors@{_version(resolve)}",
            f"quotes@{_version(quotes)}",
            f"events@{_version(events)}",
        ]

    def language_of(self, article: Article) -> str | None:
        lang = article.language or self.settings.default_language
        return lang if lang in self.settings.languages else None

    def analyze_batch(self, articles: list[Article]) -> list[Analysis]:
        """Analyse articles in order; spaCy runs once per language over the batch (`nlp.pipe`)."""
        from eventwire.analyze.nlp import get_nlp

        results: dict[int, Analysis] = {}
        by_lang: dict[str, list[int]] = {}
        for i, article in enumerate(articles):
            lang = self.language_of(article)
            if lang is None:
                results[i] = Analysis(
                    article_id=article.id,
                    language=article.language,
                    errors=[
                        (
                            "language",
                            f"language {article.language!r} is not analysed; "
                            f"supported: {', '.join(self.settings.languages)}",
                        )
                    ],
                )
            else:
                by_lang.setdefault(lang, []).append(i)
        for lang, indexes in by_lang.items():
            nlp = get_nlp(lang, kb_files=tuple(self.settings.kb_files))
            docs = nlp.pipe(articles[i].text for i in indexes)
            for i, doc in zip(indexes, docs, strict=True):
                results[i] = self._analyze_doc(articles[i], doc, lang)
        return [results[i] for i in range(len(articles))]

    def analyze(self, article: Article) -> Analysis:
        return self.analyze_batch([article])[0]

    def _analyze_doc(self, article: Article, doc: Any, lang: str) -> Analysis:
        from eventwire.analyze.actors import resolve as actors_mod
        from eventwire.analyze.events import coder as events_mod
        from eventwire.analyze.quotes import extract as quotes_mod

        analysis = Analysis(article_id=article.id, language=lang)
        actors = actors_mod.resolve_actors(doc, article, self.kb)
        analysis.mentions = list(actors.mentions)
        analysis.steps.append(f"actors@{_version(actors_mod)}")
        try:
            analysis.quotes = quotes_mod.extract_quotes(doc, actors, lang)
            analysis.steps.append(f"quotes@{_version(quotes_mod)}")
        except Exception as exc:  # one failing step must not lose the other results
            log.exception("quotes failed on %s", article.id)
            analysis.errors.append(("quotes", f"{type(exc).__name__}: {exc}"))
        try:
            threshold = self.settings.learned_threshold if self.settings.learned_events else None
            analysis.events = events_mod.extract_events(doc, article, actors, analysis.quotes, lang,
                                                        learned_threshold=threshold)
            analysis.steps.append(f"events@{_version(events_mod)}")
        except Exception as exc:
            log.exception("events failed on %s", article.id)
            analysis.errors.append(("events", f"{type(exc).__name__}: {exc}"))
        analysis.learned = list(getattr(actors, "learned", []))
        return analysis


_ANALYZERS: dict[Settings, Analyzer] = {}


def get_analyzer(settings: Settings) -> Analyzer:
    """One Analyzer per settings per process (models and KB are loaded once)."""
    if settings not in _ANALYZERS:
        _ANALYZERS[settings] = Analyzer(settings)
    return _ANALYZERS[settings]


def analyze(article: Article, *, settings: Settings) -> Analysis:
    """Analyse one article.

    >>> from eventwire.settings import Settings
    >>> analysis = analyze(article, settings=Settings())  # doctest: +SKIP
    >>> [e.type for e in analysis.events]                 # doctest: +SKIP
    ['CONSULT', 'REQUEST', ...]
    """
    return get_analyzer(settings).analyze(article)
