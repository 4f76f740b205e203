"""Dask scale-out: a LocalCluster run gives exactly the serial run's results and store."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re

import pytest

from geomap.distributed import dask_client, extract_dask, extract_results, extract_serial
from geomap.errors import GeomapError
from geomap.store import EventStore
from geomap.types import Article, Event

TOWNS = {"Idlib": (35.9306, 36.6339), "Saraqib": (35.8623, 36.8006), "Kherson": (46.6354, 32.6169)}
_SENTENCE = re.compile(r"(\w+) (shelled|struck) (\w+) on (\d{4}-\d{2}-\d{2}), killing (\d+)\.")


def keyword_extractor(article: Article) -> list[Event]:
    """A small deterministic extractor for these tests (module level, so Dask workers can import it)."""
    if "FAIL" in article.text:
        raise RuntimeError("cannot parse this article")
    events = []
    for index, match in enumerate(_SENTENCE.finditer(article.text)):
        actor, verb, town, day, killed = match.groups()
        lat, lon = TOWNS[town]
        digest = hashlib.sha1(f"{article.article_id}:{index}".encode()).hexdigest()[:12]
        events.append(Event(event_id=digest, article_id=article.article_id,
                            event_type="shelling" if verb == "shelled" else "airstrike", lat=lat, lon=lon,
                            place=town, event_date=day, actors=(actor,), fatalities=int(killed),
                            evidence=match.group(0), source=article.source))
    return events


def corpus(n: int) -> list[Article]:
    towns = sorted(TOWNS)
    articles = []
    for i in range(n):
        town = towns[i % 3]
        text = f"Russians {'shelled' if i % 2 else 'struck'} {town} on 2024-12-{1 + i % 9:02d}, killing {i % 7}."
        if i % 5 == 0:
            text += f" Rebels shelled {towns[(i + 1) % 3]} on 2024-11-{10 + i % 9:02d}, killing {i % 4}."
        if i == 13:
            text = "FAIL " + text
        articles.append(Article(article_id=f"a{i:03d}", text=text, source=f"Outlet {i % 4}"))
    return articles


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2) as opened:
        yield opened


@pytest.mark.loopback
def test_dask_results_equal_serial_results(client) -> None:
    articles = corpus(60)
    serial = list(extract_serial(articles, extractor=keyword_extractor))
    parallel = list(extract_dask(articles, client, extractor=keyword_extractor, block_size=16))
    assert parallel == serial
    assert [r.article.article_id for r in parallel] == [a.article_id for a in articles]
    failed = parallel[13]
    assert failed.events == () and failed.problems[0].code == "extract-failed"
    assert sum(len(r.events) for r in parallel) == 71


@pytest.mark.loopback
def test_dask_store_equals_serial_store(client, tmp_path) -> None:
    articles = corpus(40)
    stores = {}
    for name, results in (("serial", extract_serial(articles, extractor=keyword_extractor)),
                          ("dask", extract_dask(articles, client, extractor=keyword_extractor, block_size=7))):
        with EventStore.open(tmp_path / f"{name}.gpkg", create=True) as store:
            batch = list(results)
            store.commit(batch[:15])
            store.commit(batch[15:])
            stores[name] = (store.read_stored(), store.counts())
    assert stores["dask"] == stores["serial"]
    assert stores["serial"][1]["events"] < stores["serial"][1]["event_sources"]  # some reports merged


@pytest.mark.loopback
@pytest.mark.skipif(importlib.util.find_spec("geomap.events") is None, reason="geomap.events not available")
def test_real_extractor_on_dask_equals_serial(client) -> None:
    from geomap.ingest import read_articles

    articles = [item for item in read_articles(["seeds"]) if isinstance(item, Article)][:12]
    serial = list(extract_serial(articles))
    assert list(extract_dask(articles, client, block_size=5)) == serial


def test_serial_without_cluster_is_the_default() -> None:
    results = list(extract_results(corpus(3), extractor=keyword_extractor))
    assert [len(r.events) for r in results] == [2, 1, 1]


def test_bad_worker_count_is_rejected() -> None:
    with pytest.raises(GeomapError, match="--workers"), dask_client(workers=0):
        pass


@pytest.mark.loopback
def test_ingest_on_an_existing_scheduler_equals_serial_ingest(client, tmp_path) -> None:
    from geomap.cli.ingest import run_ingest

    corpus_file = tmp_path / "articles.jsonl"
    with open(corpus_file, "w", encoding="utf-8") as stream:
        for article in corpus(30):
            record = {"id": article.article_id, "text": article.text, "source": article.source}
            stream.write(json.dumps(record) + "\n")
    address = client.scheduler.address
    serial = run_ingest([str(corpus_file)], tmp_path / "serial.gpkg", extractor=keyword_extractor, batch_size=8)
    remote = run_ingest([str(corpus_file)], tmp_path / "remote.gpkg", scheduler=address,
                        extractor=keyword_extractor, batch_size=8)
    assert remote.stats == serial.stats and serial.stats.new_articles == 30
    with EventStore.open(tmp_path / "serial.gpkg") as one, EventStore.open(tmp_path / "remote.gpkg") as two:
        assert one.read_stored() == two.read_stored()
        assert one.read_problems() == two.read_problems() and len(one.read_problems()) == 1


@pytest.mark.loopback
def test_unreachable_scheduler_is_a_clear_error() -> None:
    unreachable = dask_client(scheduler="tcp://127.0.0.1:9", timeout="1s")
    with pytest.raises(GeomapError, match="could not reach the Dask scheduler"), unreachable:
        pass
