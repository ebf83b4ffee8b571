"""Actors: who each mention in an article is.

Takes a parsed spaCy ``Doc``, its ``Article`` and the ``KnowledgeBase`` (``eventwire.knowledge``);
gives ``ArticleActors`` (mentions, actors per token/span, actors learned from the article). The
spaCy gazetteer (``gazetteer``), candidates and linking, and the per-article resolver with
rule-based coreference (``resolve``) live here.
"""

from eventwire.analyze.actors.resolve import ArticleActors, resolve_actors

__all__ = ["ArticleActors", "resolve_actors"]
