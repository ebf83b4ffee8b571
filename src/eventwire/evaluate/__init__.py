"""Scorers: our gold format, PLOVER GSR, PETRARCH2 unit tests, MEANTIME temporal expressions.

    >>> from eventwire.evaluate import evaluate
    >>> evaluate("examples/gold.jsonl")["events"]["recall"]   # doctest: +SKIP
    >>> evaluate("gsr")["category_accuracy"]                  # doctest: +SKIP

Gold sets shipped with the repository have short names (``BUILTIN``), found in the checkout's
``benchmarks/`` and ``examples/`` folders (benchmarks/README.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError
from eventwire.settings import Settings

FORMATS = ("ours", "plover-gsr", "petrarch", "meantime")

# name -> (path inside the repository, format, language)
BUILTIN: dict[str, tuple[str, str, str | None]] = {
    "gsr": ("benchmarks/plover_gsr/PLOVER_GSR_CAMEO.txt", "plover-gsr", None),
    "petrarch": ("benchmarks/petrarch2/text/PETR.UnitTest.records.xml", "petrarch", None),
    "meantime-en": ("benchmarks/meantime/en/test.tsv", "meantime", "en"),
    "meantime-es": ("benchmarks/meantime/es/test.tsv", "meantime", "es"),
    "samples": ("examples/gold.jsonl", "ours", None),
    "realtext-dev-en": ("benchmarks/realtext/dev/gold_en.jsonl", "ours", "en"),
    "realtext-dev-es": ("benchmarks/realtext/dev/gold_es.jsonl", "ours", "es"),
    "realtext-dev-fr": ("benchmarks/realtext/dev/gold_fr.jsonl", "ours", "fr"),
    "realtext-test-en": ("benchmarks/realtext/test/gold_en.jsonl", "ours", "en"),
    "realtext-test-es": ("benchmarks/realtext/test/gold_es.jsonl", "ours", "es"),
    "realtext-test-fr": ("benchmarks/realtext/test/gold_fr.jsonl", "ours", "fr"),
}


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


def repository_root() -> Path:
    """The checkout this package runs from (src/eventwire/evaluate/ -> the repository)."""
    return Path(__file__).resolve().parents[3]


def resolve_gold(name: str | Path) -> tuple[Path, str | None, str | None]:
    """(path, format, language) of a gold file given by path or by a ``BUILTIN`` name."""
    if str(name) in BUILTIN and not Path(name).exists():
        rel, fmt, lang = BUILTIN[str(name)]
        for root in (Path.cwd(), repository_root()):
            if (root / rel).is_file():
                return root / rel, fmt, lang
        raise UnknownGoldFormat(
            f"{name!r} is {rel} in an eventwire checkout, not found here or in "
            f"{repository_root()}; run from the repository or give the file's path")
    if not Path(name).exists():
        raise UnknownGoldFormat(
            f"gold file {name} does not exist (built-in names: {', '.join(BUILTIN)})")
    return Path(name), None, None


def evaluate(path: str | Path, fmt: str | None = None, *, settings: Settings | None = None,
             lang: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Score eventwire on a gold file (a path or a ``BUILTIN`` name); a JSON-able report."""
    path, builtin_fmt, builtin_lang = resolve_gold(path)
    fmt = fmt or builtin_fmt or guess_format(path)
    lang = lang or builtin_lang
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
