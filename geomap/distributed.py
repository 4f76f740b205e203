"""Run event extraction serially or on Dask, yielding results in input order.

``--workers N`` starts a local Dask cluster (processes, one thread each, no
dashboard); ``--scheduler tcp://HOST:PORT`` uses an existing cluster.  Articles
travel in blocks through ``dask.bag``; results come back in input order, so the
single writer commits exactly what a serial run would (the Dask run equals the
serial run).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from geomap.errors import GeomapError
from geomap.store import ArticleResult, content_hash
from geomap.types import Article, Event, Problem

Extractor = Callable[[Article], Sequence[Event]]


def default_extractor() -> Extractor:
    """Return :func:`geomap.events.extract_events` (imported when first needed)."""
    from geomap.events import extract_events

    return extract_events


def extract_one(article: Article, extractor: Extractor | None = None) -> ArticleResult:
    """Extract one article; a failure becomes a Problem on the result, never an exception."""
    run = extractor or default_extractor()
    digest = content_hash(article.text)
    try:
        events = tuple(run(article))
    except Exception as err:  # noqa: BLE001 - one bad article must not stop the batch
        problem = Problem("extract", "extract-failed", f"extraction failed: {type(err).__name__}: {err}",
                          origin=article.origin, article_id=article.article_id)
        return ArticleResult(article, digest, (), (problem,))
    return ArticleResult(article, digest, events, ())


def _extract_block(articles: Sequence[Article], extractor: Extractor | None) -> list[ArticleResult]:
    return [extract_one(article, extractor) for article in articles]


def _blocks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while block := list(islice(iterator, size)):
        yield block


def extract_serial(articles: Iterable[Article], *, extractor: Extractor | None = None) -> Iterator[ArticleResult]:
    """Yield one result per article, in order, in this process."""
    run = extractor or default_extractor()
    for article in articles:
        yield extract_one(article, run)


@contextmanager
def dask_client(*, workers: int | None = None, scheduler: str | None = None, timeout: str = "20s") -> Iterator[Any]:
    """Open a Dask client: a new LocalCluster of ``workers`` processes, or the given scheduler."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise GeomapError("--workers/--scheduler need Dask; install it with `pip install geomap[dask]`") from err
    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except OSError as err:
            raise GeomapError(f"could not reach the Dask scheduler at {scheduler!r} ({err}); check the address "
                              "(tcp://HOST:PORT) or use --workers N for a local cluster") from err
        try:
            yield client
        finally:
            client.close()
        return
    if not workers or workers < 1:
        raise GeomapError(f"expected --workers >= 1, got {workers!r}")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           host="127.0.0.1", silence_logs=40)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def extract_dask(
    articles: Iterable[Article],
    client: Any,
    *,
    extractor: Extractor | None = None,
    block_size: int = 256,
    partitions: int | None = None,
) -> Iterator[ArticleResult]:
    """Yield one result per article, in input order, extracting blocks on the Dask cluster.

    Each block becomes a ``dask.bag``; two blocks are in flight so workers keep
    busy while the caller commits the previous one.
    """
    import dask.bag as db

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    npartitions = partitions or workers * 2
    pending: deque[Any] = deque()

    def submit(block: list[Article]) -> Any:
        bag = db.from_sequence(block, npartitions=min(npartitions, len(block)))
        return client.compute(bag.map_partitions(_extract_block, extractor))

    for block in _blocks(articles, block_size):
        pending.append(submit(block))
        if len(pending) >= 2:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def extract_results(
    articles: Iterable[Article],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    extractor: Extractor | None = None,
    block_size: int = 256,
) -> Iterator[ArticleResult]:
    """Yield results in input order: serially, or on Dask when ``workers``/``scheduler`` is given."""
    if not workers and not scheduler:
        yield from extract_serial(articles, extractor=extractor)
        return
    with dask_client(workers=workers, scheduler=scheduler) as client:
        yield from extract_dask(articles, client, extractor=extractor, block_size=block_size)
