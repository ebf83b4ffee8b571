"""Where the tests find their data: everything inside this repository (see benchmarks/README.md)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SAMPLES = EXAMPLES / "articles"
SAMPLE_GOLD = EXAMPLES / "gold.jsonl"
BENCH = REPO / "benchmarks"
BENCH_SCRIPTS = REPO / "bench"  # the scale benchmarks and their data generators
GSR = BENCH / "plover_gsr" / "PLOVER_GSR_CAMEO.txt"
PETRARCH = BENCH / "petrarch2"
MEANTIME = BENCH / "meantime"
