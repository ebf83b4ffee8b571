"""eventwire: geopolitical news → sourced, PLOVER-coded events, quotes and stories, offline."""

__version__ = "0.1.0"
