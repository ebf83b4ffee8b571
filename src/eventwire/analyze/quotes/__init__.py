"""Quotes: who said what, direct and reported, in en/es/fr.

Takes a parsed ``Doc``, its ``ArticleActors`` and the language; gives ``Quote`` objects with
speaker, cue and offsets through ``extract_quotes``. ``extract`` (attribution), ``marks``
(quotation marks and paragraphs), ``reported`` (reported speech), ``speaker`` (speakers through
the actor layer), ``lexicon`` (per-language cue verbs).
"""

from eventwire.analyze.quotes.extract import extract_quotes

__all__ = ["extract_quotes"]
