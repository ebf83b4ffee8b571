"""Actors: the knowledge base (``kb``), the TABARI importer (``tabari``), the spaCy gazetteer
(``gazetteer``) and the per-article resolver with coreference (``resolve``)."""

from eventwire.analyze.actors.kb import Entry, KnowledgeBase, Role, build_kb, load_kb
from eventwire.analyze.actors.resolve import ArticleActors, resolve_actors

__all__ = [
    "ArticleActors",
    "Entry",
    "KnowledgeBase",
    "Role",
    "build_kb",
    "load_kb",
    "resolve_actors",
]
