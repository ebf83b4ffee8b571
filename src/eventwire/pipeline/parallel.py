"""Where analysis runs: in this process, in N worker processes, or on a Dask cluster.

Every executor takes waves of articles (lists, in input order) and gives back their analyses
in the same order. A wave is split into one chunk per worker; each worker process loads the
models once (a per-process `Analyzer`) and runs `nlp.pipe` over its chunk. Actors learned in a
wave are sent with the next waves, so results are identical for any number of workers.
Only the client writes to the store (one writer).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import accumulate, pairwise
from typing import Any

from eventwire.models import Analysis, Article
from eventwire.settings import Settings


def analyze_chunk(
    settings: Settings, learned: list[Any], articles: list[Article]
) -> list[Analysis]:
    """Worker entry point: analyse a chunk with this process's cached Analyzer."""
    from eventwire.analyze import get_analyzer

    analyzer = get_analyzer(settings)
    analyzer.learn(learned)
    return analyzer.analyze_batch(articles)


def _chunks(wave: list[Article], n: int) -> list[list[Article]]:
    """At most n contiguous chunks of about equal text length (a wave waits for its slowest).

    Equal article counts left one worker idle while the other parsed the longer texts.
    """
    n = min(n, len(wave))
    ends = list(accumulate(len(a.text) for a in wave))
    cuts = [0]
    for k in range(1, n):
        # the cut whose text before it is closest to k shares, one article at least per chunk
        share = ends[-1] * k / n
        options = range(cuts[-1] + 1, len(wave) - (n - k) + 1)
        cuts.append(min(options, key=lambda i: abs(ends[i - 1] - share)))
    cuts.append(len(wave))
    return [wave[a:b] for a, b in pairwise(cuts) if b > a]


def _warm_worker(settings: Settings) -> None:
    """Process-pool initializer: load models, KB, lexicons and places before the first chunk."""
    from eventwire.analyze import get_analyzer

    get_analyzer(settings).warm_up()


class SerialExecutor:
    """Analysis in this process.

    `map_batches` is pipelined: as soon as wave k is analysed, wave k+1 (read in advance) is
    handed to the workers with the actors learned in wave k, and only then is wave k given
    back to be saved and wave k+2 read, so saving and reading overlap the analysis. In this
    serial executor `submit` does nothing and `result` does the work, so there is no overlap,
    but the order of operations and hence the output is the same.
    """

    def __init__(self, settings: Settings, learned: list[Any]) -> None:
        self.settings = settings
        self.learned = list(learned)

    def learn(self, entries: list[Any]) -> None:
        self.learned.extend(entries)

    def submit(self, wave: list[Article]) -> Any:
        return wave

    def result(self, handle: Any) -> list[Analysis]:
        return analyze_chunk(self.settings, self.learned, handle)

    def map_batches(
        self, waves: Iterable[list[Article]]
    ) -> Iterator[tuple[list[Article], list[Analysis]]]:
        waves = iter(waves)
        current = next(waves, None)
        if current is None:
            return
        handle = self.submit(current)
        following = next(waves, None)  # read and cleaned while the workers analyse `current`
        while current is not None:
            analyses = self.result(handle)
            self.learn([entry for analysis in analyses for entry in analysis.learned])
            if following is not None:
                handle = self.submit(following)
            yield current, analyses
            # the wave after next is read only now, after `current` is saved: each wave is
            # read after the saves of all waves but the one before it, as in a serial run
            current, following = following, next(waves, None) if following is not None else None

    def close(self) -> None:
        pass


class ProcessExecutor(SerialExecutor):
    """Analysis in `workers` processes, each warmed up once when it starts."""

    def __init__(self, settings: Settings, learned: list[Any], workers: int) -> None:
        super().__init__(settings, learned)
        self.workers = workers
        self.pool = ProcessPoolExecutor(
            max_workers=workers, initializer=_warm_worker, initargs=(settings,)
        )

    def submit(self, wave: list[Article]) -> Any:
        return [
            self.pool.submit(analyze_chunk, self.settings, list(self.learned), chunk)
            for chunk in _chunks(wave, self.workers)
        ]

    def result(self, handle: Any) -> list[Analysis]:
        return [analysis for future in handle for analysis in future.result()]

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(SerialExecutor):
    """Analysis on a Dask distributed cluster whose workers have eventwire installed."""

    def __init__(self, settings: Settings, learned: list[Any], address: Any) -> None:
        super().__init__(settings, learned)
        from distributed import Client

        self.client = address if isinstance(address, Client) else Client(address)
        self.own_client = not isinstance(address, Client)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def submit(self, wave: list[Article]) -> Any:
        return [
            self.client.submit(analyze_chunk, self.settings, list(self.learned), chunk, pure=False)
            for chunk in _chunks(wave, self.workers)
        ]

    def result(self, handle: Any) -> list[Analysis]:
        return [analysis for chunk in self.client.gather(handle) for analysis in chunk]

    def close(self) -> None:
        if self.own_client:
            self.client.close()


def make_executor(
    settings: Settings, *, workers: int = 1, dask_address: Any = None, learned: list[Any] = ()
) -> SerialExecutor:
    """Pick the executor for `--workers N` / `--dask ADDRESS`."""
    if dask_address:
        return DaskExecutor(settings, list(learned), dask_address)
    if workers == 0:
        workers = os.cpu_count() or 1
    if workers > 1:
        return ProcessExecutor(settings, list(learned), workers)
    return SerialExecutor(settings, list(learned))
