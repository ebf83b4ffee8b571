"""The HTTP API (FastAPI): read-only JSON under /api/, plus the web pages; see ``app``."""

from eventwire.api.app import create_app

__all__ = ["create_app"]
