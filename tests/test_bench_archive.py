"""bench/archive.py writes archives that eventwire reads back as it announces (small sizes only:
the big runs belong to bench/, not to the test suite)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from eventwire.ingest import build_article, iter_documents
from eventwire.models import ItemError, RawDocument, Skipped
from eventwire.settings import Settings
from paths import BENCH_SCRIPTS, REPO

SETTINGS = Settings()


def generate(tmp_path, *args: str) -> tuple[dict, object]:
    out = tmp_path / args[0]
    done = subprocess.run(
        [sys.executable, str(BENCH_SCRIPTS / "archive.py"), "-o", str(out), *args[1:]],
        capture_output=True, text=True, check=True, cwd=REPO,
    )
    return json.loads(done.stdout), out


def read_back(path) -> Counter:
    counts: Counter = Counter()
    for item in iter_documents([str(path)], settings=SETTINGS):
        if isinstance(item, RawDocument):
            counts["articles"] += 1
            assert build_article(item, settings=SETTINGS).text.startswith("Report ")
        elif isinstance(item, Skipped):
            counts[item.reason] += 1
        elif isinstance(item, ItemError):
            counts["error"] += 1
    return counts


@pytest.mark.parametrize("name", ["news.warc.gz", "news.warc"])
def test_a_synthetic_warc_reads_back_as_announced(tmp_path, name) -> None:
    announced, path = generate(tmp_path, name, "--n", "60", "--other-rate", "0.5",
                               "--error-rate", "0.2", "--duplicate-rate", "0.2")
    found = read_back(path)
    assert found == {k: v for k, v in announced.items() if k not in ("file", "bytes") and v}
    assert announced["articles"] == 60 and announced["duplicate"] and announced["status"]


def test_a_synthetic_jsonl_reads_back(tmp_path) -> None:
    announced, path = generate(tmp_path, "news.jsonl", "--format", "jsonl", "--n", "20")
    assert announced["articles"] == 20 == read_back(path)["articles"]
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len({row["id"] for row in rows}) == 20 and any("html" in row for row in rows)
