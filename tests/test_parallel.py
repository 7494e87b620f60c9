"""The process pool (loaders.parallel) and the ingest that runs on it.

Pool tasks are stdlib callables sent as items (`operator.call(partial(...))`),
so the workers need not import this test module.
"""

from __future__ import annotations

import operator
import os
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from loaders.ingest import ingest
from loaders.parallel import TaskTimeout, WorkerCrashed, map_ordered, map_unordered
from loaders.synth.corpus import write_manifest, write_one

Task = Callable[[], Any]
run_task: Callable[[Task], Any] = operator.call  # picklable by reference: a stdlib function


def square(x: int) -> partial[Any]:
    return partial(pow, x, 2)


def test_every_item_comes_back_once_with_its_result() -> None:
    items = [square(n) for n in range(40)]
    got = {item.args[0]: result for item, result in map_unordered(run_task, items, workers=2)}
    assert got == {n: n * n for n in range(40)}


def test_ordered_results_keep_the_order_of_the_items() -> None:
    items = [partial(time.sleep, 0.05) if n == 0 else square(n) for n in range(12)]
    order = [item for item, _ in map_ordered(run_task, items, workers=2)]
    assert order == items


def test_a_failing_item_is_its_own_result_and_the_others_go_on() -> None:
    items = [square(1), partial(int, "not a number"), square(3)]
    results = dict(map_unordered(run_task, items, workers=2))
    assert results[items[0]] == 1
    assert isinstance(results[items[1]], ValueError)
    assert results[items[2]] == 9


def test_a_worker_that_dies_costs_only_its_own_item() -> None:
    items = [square(n) for n in range(6)]
    items.insert(3, partial(os._exit, 3))
    results = dict(map_ordered(run_task, items, workers=2))
    crashed = results.pop(items[3])
    assert isinstance(crashed, WorkerCrashed)
    assert "exit code 3" in str(crashed)
    assert [results[i] for i in items if i in results] == [n * n for n in range(6)]


def test_a_stuck_item_is_stopped_and_the_map_goes_on() -> None:
    items = [partial(time.sleep, 600), square(2), square(3)]
    results = dict(map_unordered(run_task, items, workers=2, task_timeout=1))
    assert isinstance(results[items[0]], TaskTimeout)  # the 600 s sleep was cut (no clock read)
    assert (results[items[1]], results[items[2]]) == (4, 9)


def test_a_worker_over_its_memory_limit_gets_a_memory_error() -> None:
    items = [partial(bytearray, 3 * 1024**3), square(5)]
    results = dict(map_ordered(run_task, items, workers=2, memory_limit_mb=1024))
    assert isinstance(results[items[0]], MemoryError)
    assert results[items[1]] == 25


def test_items_are_read_lazily_and_in_flight_work_is_bounded() -> None:
    taken = 0

    def stream() -> Iterator[Task]:
        nonlocal taken
        for n in range(200):
            taken += 1
            yield square(n)

    most_ahead = 0
    for handed_back, _ in enumerate(map_ordered(run_task, stream(), workers=2, max_in_flight=6), 1):
        most_ahead = max(most_ahead, taken - handed_back)
    assert taken == 200
    assert most_ahead <= 6


def test_stopping_early_stops_the_workers() -> None:
    results = map_unordered(run_task, (square(n) for n in range(10**9)), workers=2)
    first = [next(results) for _ in range(5)]
    results.close()
    assert len(first) == 5


def test_one_process_needs_no_pool() -> None:
    [(_, result)] = list(map_ordered(run_task, [square(4)], workers=1))
    assert result == 16


# ------------------------------------------------------------------ ingest on the pool
@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_manifest(root, 7, 40, ["txt"])
    for index in range(40):
        write_one(root, 7, index, ["txt"])
    return root / "reports"


def test_ingest_over_a_pool_stores_what_one_file_at_a_time_stores(
    small_corpus: Path, tmp_path: Path, sample_reports: Path, dump_db: Callable[[Path], Any]
) -> None:
    pooled, single = tmp_path / "pooled.duckdb", tmp_path / "single.duckdb"
    summary = ingest([small_corpus, sample_reports], pooled, workers=2)
    # raise_on_error takes the file-by-file write path (no batched transaction).
    ingest([small_corpus, sample_reports], single, workers=1, raise_on_error=True)
    assert summary.count("loaded") == 45
    assert dump_db(pooled) == dump_db(single)
