"""Exceptions named for the condition. Messages say what happened and how to fix it."""


class EventwireError(Exception):
    """Base class: anything eventwire raises on purpose."""


class UnsupportedFormat(EventwireError):
    """An input whose format no reader handles (e.g. a binary file)."""


class UndecodableText(EventwireError):
    """Bytes that decode in none of the tried encodings."""


class EmptyDocument(EventwireError):
    """An input with no article text (empty file, HTML page with no body)."""


class ArticleTooLarge(EventwireError):
    """An input above the configured size limit (settings.max_article_bytes)."""


class MalformedRecord(EventwireError):
    """A JSON / JSON Lines record that does not parse or lacks `text`/`html`."""


class TruncatedRecord(EventwireError):
    """A WARC record that ends before its Content-Length (a cut or corrupt file)."""


class FetchFailed(EventwireError):
    """A page of a URL list that could not be fetched (network, status, type, redirects)."""


class DisallowedByRobots(EventwireError):
    """A URL the site's robots.txt does not let eventwire fetch."""


class FeedError(EventwireError):
    """A feed that cannot be fetched or is not RSS/Atom."""


class InvalidKnowledgeBase(EventwireError):
    """A KB or lexicon data file that fails validation."""


class StoreError(EventwireError):
    """The database cannot be opened or migrated."""
