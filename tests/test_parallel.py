"""Executors: chunks of equal text, and waves read, analysed and saved in a fixed order."""

from __future__ import annotations

import hashlib

import pytest

from eventwire.models import Analysis, Article
from eventwire.pipeline.parallel import SerialExecutor, _chunks
from eventwire.settings import Settings

SENTENCES = [
    "Iran's foreign minister met his Turkish counterpart in Ankara on Tuesday.",
    "El presidente de Francia llamó a un alto el fuego en Gaza.",
    "Le ministre russe a rencontré son homologue chinois à Pékin.",
    "Talks resumed.",
    "Protesters gathered outside the parliament in Tbilisi for a third night, demanding a "
    "new vote after what the opposition called a rigged election.",
]


def article(n: int, text: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=f"a{n}", source=f"test:{n}", raw_text=text, text=text, content_hash=digest)


def wave(*indexes: int) -> list[Article]:
    return [article(n, SENTENCES[i]) for n, i in enumerate(indexes)]


# (sentence indexes of a wave, workers, expected chunk sizes)
CHUNK_CASES = [
    ((0, 1, 2, 3), 2, [2, 2]),
    ((4, 3, 3, 3, 3), 2, [1, 4]),  # the long article alone, the four short ones together
    ((3, 3, 3, 4), 2, [3, 1]),
    ((0, 1, 2), 4, [1, 1, 1]),  # never an empty chunk
    ((0,), 2, [1]),
    ((0, 1, 2, 3, 4), 1, [5]),
]


@pytest.mark.parametrize(("indexes", "workers", "sizes"), CHUNK_CASES)
def test_chunks_are_contiguous_with_about_equal_text(
    indexes: tuple[int, ...], workers: int, sizes: list[int]
) -> None:
    articles = wave(*indexes)
    chunks = _chunks(articles, workers)
    assert [len(c) for c in chunks] == sizes
    assert [a for c in chunks for a in c] == articles


class RecordingExecutor(SerialExecutor):
    """The serial executor with the analysis replaced by a log entry (order is what we test)."""

    def __init__(self, log: list[str]) -> None:
        super().__init__(Settings(), [])
        self.log = log

    def result(self, handle: list[Article]) -> list[Analysis]:
        self.log.append(f"analyse {handle[0].id}")
        return [Analysis(article_id=a.id, language="en") for a in handle]


def reading(log: list[str], count: int):
    for n in range(count):
        log.append(f"read w{n}")
        yield [article(n, SENTENCES[n % len(SENTENCES)])]


# waves in input -> operations in order; wave k+2 is read after wave k is saved, as serially
ORDER_CASES = [
    (0, []),
    (1, ["read w0", "analyse a0", "save a0"]),
    (2, ["read w0", "read w1", "analyse a0", "save a0", "analyse a1", "save a1"]),
    (
        4,
        ["read w0", "read w1", "analyse a0", "save a0", "read w2", "analyse a1", "save a1",
         "read w3", "analyse a2", "save a2", "analyse a3", "save a3"],
    ),
]


@pytest.mark.parametrize(("count", "expected"), ORDER_CASES)
def test_the_next_wave_is_read_before_the_current_one_is_analysed(
    count: int, expected: list[str]
) -> None:
    log: list[str] = []
    for batch, analyses in RecordingExecutor(log).map_batches(reading(log, count)):
        assert [a.article_id for a in analyses] == [a.id for a in batch]
        log.append(f"save {batch[0].id}")
    assert log == expected
