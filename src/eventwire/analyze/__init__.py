"""Analysis: Article → Analysis (actors, quotes, events), pure, no store and no front end.

Takes an ``Article`` (cleaned text, language, publication date), ``Settings`` and optionally
learned actors (``Entry`` objects or stored rows handed in by the pipeline); gives an
``Analysis`` (mentions, quotes, events, learned actors, ``name@version`` steps). ``Analyzer`` /
``get_analyzer`` / ``analyze`` are the one entry the pipeline uses. Steps: ``nlp`` (spaCy per
language + KB gazetteer), ``actors/``, ``quotes/``, ``events/``, with ``dates/`` and
``places/``; the knowledge base itself is ``eventwire.knowledge``.
"""

from eventwire.analyze.analyzer import Analyzer, analyze, get_analyzer

__all__ = ["Analyzer", "analyze", "get_analyzer"]
