"""Score `analyze.dates.find_timexes` on MEANTIME (token / BIO timex type / normalised value).

File format (one token a line, tab-separated): ``token  B-DATE|I-DATE|...|O  value|-``; a line
``*!-DCTVALUE="YYYY-MM-DD"-!*`` opens each document and gives its creation date; blank lines
separate sentences. We rebuild each document's text from its tokens (with offsets), run
`find_timexes` with the document date and report, for gold DATE expressions:

- ``norm_accuracy``: share of gold DATEs whose overlapping prediction has the same value
  (case-insensitive; a missed DATE counts as wrong);
- ``norm_accuracy_found``: the same over the gold DATEs some prediction overlaps;
- ``span_strict_*`` / ``span_lenient_*``: P/R/F1 of DATE spans, exact offsets / any overlap.
Part-of-day expressions ("this morning", value ``...TMO``) are TIMEX3 TIMEs for us but DATEs in
MEANTIME; they count as DATE predictions here.

>>> scores = evaluate_meantime("benchmarks/meantime/en/test.tsv", "en")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.analyze.dates.resolve import Timex, find_timexes

DCT_LINE = re.compile(r'^\*!-DCTVALUE="(\d{4}-\d{2}-\d{2})"-!\*')
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'re", "'ll",
                   "'ve", "'d", "'m", "’s"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "¿", "¡", "#"}
PART_OF_DAY = re.compile(r"T(MO|AF|EV|NI|MI|DT)$")


@dataclass
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class MeantimeDoc:
    dct: dt.date
    text: str = ""
    timexes: list[GoldTimex] = field(default_factory=list)


class _Builder:
    """Accumulates tokens into text with offsets and BIO spans into gold timexes."""

    def __init__(self, dct: dt.date) -> None:
        self.doc = MeantimeDoc(dct)
        self.parts: list[str] = []
        self.length = 0
        self.previous = ""
        self.open: GoldTimex | None = None

    def add(self, token: str, tag: str, value: str) -> None:
        glued = token in NO_SPACE_BEFORE or self.previous in NO_SPACE_AFTER
        if self.parts and self.parts[-1] != "\n" and not glued:
            self._emit(" ")
        start = self.length
        self._emit(token)
        if tag.startswith("B-") or (tag.startswith("I-") and self.open is None):
            self.close()
            self.open = GoldTimex(start, self.length, tag[2:], value)
        elif tag.startswith("I-") and self.open is not None:
            self.open.end = self.length
        else:
            self.close()
        self.previous = token

    def sentence_break(self) -> None:
        self.close()
        if self.parts:
            self._emit("\n")
            self.previous = ""

    def close(self) -> None:
        if self.open is not None:
            self.doc.timexes.append(self.open)
            self.open = None

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def finish(self) -> MeantimeDoc:
        self.close()
        self.doc.text = "".join(self.parts)
        return self.doc


def read_meantime(path: str | Path) -> list[MeantimeDoc]:
    """Documents of a MEANTIME TSV file, text rebuilt from tokens, gold timexes with offsets."""
    docs: list[MeantimeDoc] = []
    builder: _Builder | None = None
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            if builder:
                builder.sentence_break()
            continue
        cells = line.split("\t")
        dct = DCT_LINE.match(cells[0])
        if dct:
            if builder:
                docs.append(builder.finish())
            builder = _Builder(dt.date.fromisoformat(dct.group(1)))
            continue
        if builder is None or len(cells) < 3:
            raise ValueError(f"{path}:{number}: expected a DCTVALUE line first and 3 columns "
                             "(token, BIO tag, value)")
        builder.add(cells[0], cells[1], cells[2])
    if builder:
        docs.append(builder.finish())
    return docs


def _is_date(t: Timex) -> bool:
    return t.type == "DATE" or (t.type == "TIME" and bool(PART_OF_DAY.search(t.value or "")))


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def evaluate_meantime(path: str | Path, lang: str, *, errors: list | None = None) -> dict[str, Any]:
    """Normalisation accuracy and span P/R/F1 of DATE expressions (see module docstring).

    Pass a list as `errors` to collect (dct, gold text, gold value, predicted value) misses.
    """
    counts = {"gold": 0, "found": 0, "correct": 0, "pred": 0, "strict": 0, "lenient_p": 0,
              "lenient_r": 0}
    docs = read_meantime(path)
    for doc in docs:
        predicted = find_timexes(doc.text, doc.dct, lang)
        gold = [g for g in doc.timexes if g.type == "DATE"]
        dates = [p for p in predicted if _is_date(p)]
        counts["gold"] += len(gold)
        counts["pred"] += len(dates)
        spans = {(p.start, p.end) for p in dates}
        counts["strict"] += sum((g.start, g.end) in spans for g in gold)
        counts["lenient_r"] += sum(any(_overlap(g.start, g.end, p.start, p.end) for p in dates)
                                   for g in gold)
        counts["lenient_p"] += sum(any(_overlap(g.start, g.end, p.start, p.end) for g in gold)
                                   for p in dates)
        for g in gold:
            best = max(predicted, default=None,
                       key=lambda p: _overlap(g.start, g.end, p.start, p.end))
            hit = best is not None and _overlap(g.start, g.end, best.start, best.end) > 0
            ok = hit and (best.value or "").casefold() == g.value.casefold()
            counts["found"] += hit
            counts["correct"] += ok
            if not ok and errors is not None:
                errors.append((doc.dct.isoformat(), doc.text[g.start:g.end], g.value,
                               best.value if hit else None))
    strict = _prf(counts["strict"], counts["pred"], counts["gold"])
    lenient_p = counts["lenient_p"] / counts["pred"] if counts["pred"] else 0.0
    lenient_r = counts["lenient_r"] / counts["gold"] if counts["gold"] else 0.0
    lenient_f = 2 * lenient_p * lenient_r / (lenient_p + lenient_r) if lenient_p + lenient_r else 0
    return {
        "lang": lang,
        "documents": len(docs),
        "gold_dates": counts["gold"],
        "norm_accuracy": counts["correct"] / counts["gold"] if counts["gold"] else 0.0,
        "norm_accuracy_found": counts["correct"] / counts["found"] if counts["found"] else 0.0,
        "span_strict_p": strict[0], "span_strict_r": strict[1], "span_strict_f1": strict[2],
        "span_lenient_p": lenient_p, "span_lenient_r": lenient_r, "span_lenient_f1": lenient_f,
    }
