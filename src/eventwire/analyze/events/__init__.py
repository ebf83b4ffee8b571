"""Events: PLOVER coding from the dependency parse.

Takes a parsed ``Doc``, its ``Article``, the article's ``ArticleActors`` and ``Quote`` list and
the language; gives ``Event`` objects (type, mode, actors, recipients, date, place, evidence)
through ``extract_events``. ``coder`` (sentences → events), ``frames`` and ``grammar`` (the
parse), ``lexicon`` (per-language event lexicons and the PLOVER ontology), ``tabari`` and
``patterns`` (TABARI/PETRARCH verb dictionaries and their patterns), ``fallback`` (unnamed
groups, refusals, stranded arguments), ``post`` (article-level passes).
"""

from eventwire.analyze.events.coder import extract_events

__all__ = ["extract_events"]
