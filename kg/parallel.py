"""Extraction on several cores or on a Dask cluster.

Ingest stays in the calling process; articles go to the workers in batches and
each worker keeps one :class:`kg.extract.Extractor` (the gazetteer and the
rule pipeline are built once per process, not once per batch). Results come
back in input order, so a parallel build writes exactly what a serial one
writes.
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence

from kg.model import Article, Extraction

__all__ = ["extract_parallel", "extract_on_dask", "iter_extract_parallel", "iter_extract_on_dask", "batches",
           "default_jobs"]

# (index, extraction) or (index, reason): exceptions stay in the worker, only plain values cross processes
Outcome = tuple[int, "Extraction | str"]


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def batches(items: Sequence[Article], size: int) -> Iterator[list[tuple[int, Article]]]:
    """Consecutive batches of (index, article)."""
    for start in range(0, len(items), size):
        yield list(enumerate(items[start:start + size], start))


@lru_cache(maxsize=1)
def _worker_extractor():
    from kg.extract import Extractor

    return Extractor()


def extract_batch(batch: list[tuple[int, Article]]) -> list[Outcome]:
    """Extract one batch in a worker; a failing article gives its reason instead of an extraction."""
    from kg.errors import ExtractionError

    extractor = _worker_extractor()
    out: list[Outcome] = []
    for index, article in batch:
        try:
            out.append((index, extractor.extract(article)))
        except ExtractionError as exc:
            out.append((index, exc.reason))
    return out


def _batch_size(n: int, workers: int) -> int:
    # a few batches per worker balances the load without paying for too many round trips
    return max(1, min(200, -(-n // (workers * 4))))


def extract_parallel(articles: Sequence[Article], jobs: int,
                     progress: Callable[[int], None] | None = None) -> list[Extraction | str]:
    """Extract ``articles`` on ``jobs`` processes; returns one extraction (or failure reason) per article,
    in input order."""
    results: list[Extraction | str | None] = [None] * len(articles)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for outcome in pool.map(extract_batch, batches(articles, _batch_size(len(articles), jobs))):
            for index, value in outcome:
                results[index] = value
            if progress is not None:
                progress(len(outcome))
    return results  # type: ignore[return-value]


def extract_on_dask(articles: Sequence[Article], address: str | object,
                    progress: Callable[[int], None] | None = None) -> list[Extraction | str]:
    """Extract ``articles`` on a Dask cluster (a scheduler address such as ``tcp://host:8786``, or a
    ``dask.distributed.Client``); same results, in the same order, as :func:`extract_parallel`."""
    from dask.distributed import Client, as_completed

    client = address if isinstance(address, Client) else Client(address)
    try:
        workers = max(1, sum(client.nthreads().values()))
        futures = client.map(extract_batch, list(batches(articles, _batch_size(len(articles), workers))), pure=False)
        results: list[Extraction | str | None] = [None] * len(articles)
        for future in as_completed(futures):
            outcome = future.result()
            for index, value in outcome:
                results[index] = value
            if progress is not None:
                progress(len(outcome))
        return results  # type: ignore[return-value]
    finally:
        if client is not address:
            client.close()


STREAM_BATCH = 32
"""Articles per batch when extracting a stream of articles."""


def _windowed(submit: Callable[[list[tuple[int, Article]]], object], result: Callable[[object], list[Outcome]],
              articles: Iterable[Article], window: int,
              progress: Callable[[int], None] | None) -> Iterator[Extraction | str]:
    """Send batches of ``articles`` out with at most ``window`` in flight; yield outcomes in input order."""
    stream = iter(articles)
    pending: deque = deque()
    start = 0

    def send() -> bool:
        nonlocal start
        batch = list(islice(stream, STREAM_BATCH))
        if not batch:
            return False
        pending.append(submit(list(enumerate(batch, start))))
        start += len(batch)
        return True

    while len(pending) < window and send():
        pass
    while pending:
        outcome = result(pending.popleft())
        send()
        for _, value in outcome:
            yield value
        if progress is not None:
            progress(len(outcome))


def iter_extract_parallel(articles: Iterable[Article], jobs: int,
                          progress: Callable[[int], None] | None = None) -> Iterator[Extraction | str]:
    """Extract a stream of articles on ``jobs`` processes, a few batches in flight at a time (memory stays
    bounded); yields one extraction (or failure reason) per article, in input order."""
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from _windowed(lambda batch: pool.submit(extract_batch, batch), lambda f: f.result(),
                             articles, jobs * 3, progress)


def iter_extract_on_dask(articles: Iterable[Article], address: str | object,
                         progress: Callable[[int], None] | None = None) -> Iterator[Extraction | str]:
    """:func:`iter_extract_parallel` on a Dask cluster (a scheduler address or a ``Client``)."""
    from dask.distributed import Client

    client = address if isinstance(address, Client) else Client(address)
    try:
        workers = max(1, sum(client.nthreads().values()))
        yield from _windowed(lambda batch: client.submit(extract_batch, batch, pure=False), lambda f: f.result(),
                             articles, workers * 3, progress)
    finally:
        if client is not address:
            client.close()
