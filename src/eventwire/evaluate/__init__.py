"""Scorers: our gold format, PLOVER GSR, PETRARCH2 unit tests, MEANTIME temporal expressions.

    >>> from eventwire.evaluate import evaluate
    >>> evaluate("examples/gold.jsonl")["events"]["recall"]   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError
from eventwire.settings import Settings

FORMATS = ("ours", "plover-gsr", "petrarch", "meantime")


class UnknownGoldFormat(EventwireError):
    """A gold file whose format cannot be guessed and was not given."""


def guess_format(path: str | Path) -> str:
    """The gold format from the file name: .jsonl ours, .xml petrarch, .tsv meantime, GSR."""
    p = Path(path)
    if p.suffix == ".jsonl":
        return "ours"
    if p.suffix == ".xml":
        return "petrarch"
    if p.suffix == ".tsv":
        return "meantime"
    if "GSR" in p.name.upper():
        return "plover-gsr"
    raise UnknownGoldFormat(
        f"cannot tell the format of {p.name}; give --format {'|'.join(FORMATS)}")


def evaluate(path: str | Path, fmt: str | None = None, *, settings: Settings | None = None,
             lang: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Score eventwire on a gold file; returns a JSON-able report."""
    fmt = fmt or guess_format(path)
    if not Path(path).exists():
        raise UnknownGoldFormat(f"gold file {path} does not exist")
    if fmt == "ours":
        from eventwire.evaluate.ours import evaluate_ours

        return evaluate_ours(path, settings=settings)
    if fmt == "plover-gsr":
        from eventwire.evaluate.plover_gsr import evaluate_plover_gsr

        return evaluate_plover_gsr(path, settings=settings, limit=limit)
    if fmt == "petrarch":
        from eventwire.evaluate.petrarch import evaluate_petrarch

        return evaluate_petrarch(path, settings=settings, limit=limit)
    if fmt == "meantime":
        from eventwire.evaluate.meantime import evaluate_meantime

        lang = lang or ("es" if "/es/" in str(path) else "en")
        return evaluate_meantime(path, lang)
    raise UnknownGoldFormat(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
