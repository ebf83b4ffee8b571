"""Which reader produced a RawDocument (it decides ``Article.published_source``), and the
ItemError for a failed item."""

from __future__ import annotations

from eventwire.errors import EmptyDocument, MalformedRecord, UndecodableText
from eventwire.models import ItemError, RawDocument

ORIGINS = ("text", "html", "json", "feed")
_STEPS = {UndecodableText: "decode", EmptyDocument: "parse", MalformedRecord: "parse"}


def error_for(source: str, line: int | None, exc: BaseException) -> ItemError:
    """An ItemError for an exception, with the step it belongs to."""
    step = next((s for cls, s in _STEPS.items() if isinstance(exc, cls)), "read")
    return ItemError(source, step, f"{type(exc).__name__}: {exc}", line)


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
