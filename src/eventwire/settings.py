"""One settings object: defaults, environment overrides (EVENTWIRE_<NAME>), validation.

`SETTINGS` is the single list of (name, default, help); CLI help and docs are generated from it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

SETTINGS: tuple[tuple[str, Any, str], ...] = (
    ("db", "eventwire.db", "Database URL or SQLite path (also EVENTWIRE_DB)."),
    ("max_article_bytes", 5_000_000, "Inputs larger than this are refused (ArticleTooLarge)."),
    ("fetch_timeout", 20.0, "Seconds before a feed/URL fetch is abandoned."),
    ("fetch_delay", 1.0, "Seconds between two requests to one host (robots.txt may ask more)."),
    ("fetch_host_concurrency", 1, "Requests in flight at once to one host (URL lists)."),
    ("fetch_concurrency", 8, "Requests in flight at once over all hosts (URL lists)."),
    ("fetch_max_redirects", 5, "Redirects followed for one URL before it is an error."),
    ("fetch_cache", "", "Folder of raw fetched pages (default: ~/.cache/eventwire/pages)."),
    ("languages", ("en", "es", "fr"), "Languages analysed; others are stored but not coded."),
    ("default_language", "en", "Language assumed when detection is not confident."),
    ("kb_files", (), "Extra user KB files (YAML/JSON) layered over the packaged KB."),
    ("story_window_days", 4, "Articles further apart than this never join one story."),
    ("story_threshold", 0.62, "Combined similarity needed to join an existing story."),
    ("story_embed_weight", 0.6, "Weight of the title+lead embedding similarity."),
    ("story_actor_weight", 0.25, "Weight of shared resolved actors / dyads."),
    ("story_event_weight", 0.15, "Weight of shared event types and dyads."),
    ("preferred_language", "en", "Story titles come from an article in this language if any."),
    ("merge_date_tolerance_days", 1, "Undated/conflicting events within this many days merge."),
    ("embed_threads", 0, "Threads for the sentence encoder (0 = number of cores)."),
    ("write_token", None, "Token that enables the API's write endpoints (else read-only)."),
    ("max_body_bytes", 2_000_000, "Largest request body the API accepts."),
    ("cors_origins", (), "Origins allowed by CORS (none by default)."),
    ("learned_events", True, "Run the learned event layer after the rules (analyze/events)."),
    ("learned_threshold", 0.4, "Probability a learned event needs to be emitted (0-1)."),
)


@dataclass(frozen=True)
class Settings:
    db: str = "eventwire.db"
    max_article_bytes: int = 5_000_000
    fetch_timeout: float = 20.0
    fetch_delay: float = 1.0
    fetch_host_concurrency: int = 1
    fetch_concurrency: int = 8
    fetch_max_redirects: int = 5
    fetch_cache: str = ""  # "" = $XDG_CACHE_HOME/eventwire/pages or ~/.cache/eventwire/pages
    languages: tuple[str, ...] = ("en", "es", "fr")
    default_language: str = "en"
    kb_files: tuple[str, ...] = field(default_factory=tuple)
    story_window_days: int = 4
    story_threshold: float = 0.62
    story_embed_weight: float = 0.6
    story_actor_weight: float = 0.25
    story_event_weight: float = 0.15
    preferred_language: str = "en"
    merge_date_tolerance_days: int = 1
    embed_threads: int = 0
    write_token: str | None = None
    max_body_bytes: int = 2_000_000
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    # the learned event layer (analyze/events/learned.py): on by default; its probability
    # threshold was chosen on the dev halves of the held-out sentence sets
    learned_events: bool = True
    learned_threshold: float = 0.4

    def __post_init__(self) -> None:
        if self.max_article_bytes <= 0:
            raise ValueError("max_article_bytes must be positive")
        if not 0 < self.story_threshold <= 1:
            raise ValueError("story_threshold must be in (0, 1]")
        if not 0 < self.learned_threshold < 1:
            raise ValueError("learned_threshold must be in (0, 1)")
        if self.fetch_delay < 0 or self.fetch_timeout <= 0 or self.fetch_max_redirects < 0:
            raise ValueError("fetch_delay and fetch_max_redirects must be >= 0, fetch_timeout > 0")
        if self.fetch_host_concurrency < 1 or self.fetch_concurrency < 1:
            raise ValueError("fetch_host_concurrency and fetch_concurrency must be >= 1")
        if self.story_window_days < 0:
            raise ValueError("story_window_days must be >= 0")
        unknown = set(self.languages) - {"en", "es", "fr"}
        if unknown:
            raise ValueError(f"unsupported languages {sorted(unknown)}; choose from en, es, fr")

    def with_(self, **changes: Any) -> Settings:
        """Return a copy with some values changed (validated again)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, tuple):
        return tuple(x.strip() for x in raw.split(",") if x.strip())
    return raw


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults, then EVENTWIRE_* environment variables, then explicit overrides."""
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {}
    defaults = {f.name: getattr(Settings(), f.name) for f in fields(Settings)}
    for name, default in defaults.items():
        raw = env.get(f"EVENTWIRE_{name.upper()}")
        if raw is not None:
            values[name] = _coerce(raw, default)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
