"""Which reader produced a RawDocument (it decides ``Article.published_source``)."""

from __future__ import annotations

from eventwire.models import RawDocument

ORIGINS = ("text", "html", "json", "feed")


def with_origin(doc: RawDocument, origin: str) -> RawDocument:
    """Tag ``doc`` with the reader that made it and return it.

    Documents made elsewhere (origin None) fall back to `origin_of`'s guess.
    """
    if origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}; choose from {', '.join(ORIGINS)}")
    doc.origin = origin
    return doc


def origin_of(doc: RawDocument) -> str:
    """The reader that made ``doc``: its tag, else html for pages and json for the rest."""
    tagged = getattr(doc, "origin", None)
    if tagged in ORIGINS:
        return str(tagged)
    return "html" if doc.kind == "html" else "json"
