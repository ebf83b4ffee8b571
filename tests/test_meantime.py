"""MEANTIME quality gate: DATE normalisation and span detection may only go up."""

from __future__ import annotations

import pytest

from eventwire.evaluate.meantime import evaluate_meantime, read_meantime
from paths import MEANTIME as BENCH

# Measured values minus ~0.01 (2026-11-23: en 0.887 / 0.879 / 0.913, es 0.809 / 0.848 / 0.913).
FLOORS = {
    "en": {"norm_accuracy": 0.877, "span_strict_f1": 0.869, "span_lenient_f1": 0.903},
    "es": {"norm_accuracy": 0.80, "span_strict_f1": 0.838, "span_lenient_f1": 0.903},
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_meantime_floors(lang):
    scores = evaluate_meantime(BENCH / lang / "test.tsv", lang)
    print(f"\nMEANTIME {lang}: " + ", ".join(
        f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in scores.items()))
    assert scores["documents"] == 120
    for metric, floor in FLOORS[lang].items():
        assert scores[metric] >= floor, (metric, scores[metric], floor)
    assert scores["norm_accuracy"] >= 0.8


def test_reader_rebuilds_text_with_offsets():
    docs = read_meantime(BENCH / "en" / "test.tsv")
    first = docs[0]
    assert first.text.startswith("Apple plans another special event\nOctober 04, 2005")
    gold = [(first.text[g.start:g.end], g.value) for g in first.timexes if g.type == "DATE"]
    assert gold[:3] == [("October 04, 2005", "2005-10-04"), ("today", "2005-10-04"),
                        ("October 12", "2005-10-12")]
