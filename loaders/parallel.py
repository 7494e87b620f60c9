"""Map a function over a stream of items in worker processes, bounded.

`map_unordered(func, items)` yields ``(item, result)`` pairs in completion
order; `map_ordered` in the order of `items`. Either way:

* at most `max_in_flight` items are taken from `items` and not yet handed back,
  so memory stays bounded whatever the number of items (the stream is read as
  work frees up, never all at once);
* an exception raised by `func` comes back as the result of its item (as a
  `WorkerError` when it cannot cross the process boundary as itself);
* a worker that dies (killed, out of memory, a crash in a C library) or exceeds
  `task_timeout` is replaced, and only the item it was running gets a
  `WorkerCrashed` / `TaskTimeout` result: each worker runs one item at a time;
* `memory_limit_mb` caps each worker's address space (RLIMIT_AS), so one enormous
  input raises `MemoryError` in its worker instead of exhausting the machine.

A dispatcher thread feeds the workers while the caller consumes results (and, say,
writes them to a database). Workers are started by the ``forkserver`` method (never
``fork``: the parent may hold a DuckDB connection and its threads), from a server that
has imported `func`'s module once (`server_context` can start it ahead of a map; `Named`
names a function the caller does not import). With ``workers=1`` and no timeout or
memory limit the map runs in the calling process, in order.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing as mp
import pickle
import queue
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from loaders.machine import default_workers

T = TypeVar("T")
R = TypeVar("R")
_POLL_S = 0.2
PREFETCH = 3  # items sent ahead to each worker
START_TIMEOUT_S = 120  # a worker not up by then is taken for dead
MAX_FAILED_STARTS = 3  # workers that die before answering once, with none ever answering
_DONE = object()


class WorkerError(Exception):
    """`func` raised an exception that could not be sent back as itself."""


class WorkerCrashed(Exception):
    """The worker process died while it ran this item."""


class TaskTimeout(Exception):
    """The item ran longer than the map's `task_timeout`; its worker was stopped."""


@dataclass(frozen=True)
class Named:
    """A module-level function by module and name: the caller need not import the module."""

    module: str
    name: str

    def __call__(self, item: Any) -> Any:
        return getattr(importlib.import_module(self.module), self.name)(item)


def server_context(func: Callable[..., Any], *, start: bool = False) -> Any:
    """The ``forkserver`` context of a map of `func`; `start`: start its server now."""
    context = mp.get_context("forkserver")
    module = func.module if isinstance(func, Named) else getattr(func, "__module__", None)
    if module and module != "__main__":
        context.set_forkserver_preload([module])
    if start:
        forkserver.ensure_running()
    return context


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling both ways, else a `WorkerError`."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return WorkerError(text)


class _Ready:
    """A worker's first message: it is up (its start-up never counts as an item's time)."""


def _worker_main(func: Callable[[Any], Any], conn: Connection, memory_limit_mb: int | None) -> None:
    if memory_limit_mb:
        import resource

        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send(_Ready())
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            reply: Any = func(task)
        except BaseException as exc:  # reported as the item's result, the worker goes on
            reply = _portable(exc)
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable result
            conn.send(WorkerError(f"the result could not be sent back: {exc!r}"))


@dataclass
class _Slot:
    """One worker and the items sent to it, oldest (the one running) first."""

    process: BaseProcess
    conn: Connection
    sent: deque[tuple[int, Any]] = field(default_factory=deque)
    born: float = field(default_factory=time.monotonic)
    started: float = 0.0  # when the oldest sent item began to run
    ready: bool = False  # has said it is up
    served: bool = False  # has answered at least once


class _Pool(Generic[T, R]):
    """Workers, the dispatcher thread and the results queue of one map.

    Each worker is sent up to PREFETCH items ahead, so it never waits for the
    dispatcher (which shares the GIL with the caller) between two items; it
    runs them in order, so its oldest unanswered item is the one it is on: a
    crash or a timeout is charged to that item and the ones behind it are
    sent again elsewhere.
    """

    def __init__(
        self,
        func: Callable[[T], R],
        workers: int,
        max_in_flight: int,
        task_timeout: float | None,
        memory_limit_mb: int | None,
    ) -> None:
        self.func = func
        self.workers = workers
        self.task_timeout = task_timeout
        self.memory_limit_mb = memory_limit_mb
        self.results: queue.Queue[Any] = queue.Queue()
        self.room = threading.Semaphore(max_in_flight)
        self.stop = threading.Event()
        self.context = server_context(func)
        self.slots: list[_Slot] = []
        self.again: deque[tuple[int, Any]] = deque()  # taken from a dead worker, to resend
        self.served = 0
        self.failed_starts = 0
        self.exhausted = False

    def _start(self) -> _Slot:
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=_worker_main, args=(self.func, child, self.memory_limit_mb), daemon=True
        )
        process.start()
        child.close()
        return _Slot(process, parent)

    def _replace(self, slot: _Slot) -> None:
        with contextlib.suppress(Exception):
            slot.process.kill()
        slot.process.join(timeout=5)
        slot.conn.close()
        self.again.extendleft(reversed(slot.sent))  # not started: sent again, in order
        slot.sent.clear()
        self.slots[self.slots.index(slot)] = self._start()

    def _send(self, slot: _Slot, seq: int, item: T) -> None:
        if not slot.sent:
            slot.started = time.monotonic()
        slot.sent.append((seq, item))
        with contextlib.suppress(OSError):  # a worker already gone: its death is collected next
            slot.conn.send(item)

    def _answer(self, slot: _Slot, result: Any) -> None:
        seq, item = slot.sent.popleft()
        self.results.put((seq, item, result))
        slot.started = time.monotonic()

    def _next(self, source: Iterator[T], seq: int) -> tuple[int, Any] | None:
        """The next (seq, item) to send: a resent one first, else a new one if there is
        room; None when there is nothing (or no room) now."""
        if self.again:
            return self.again.popleft()
        if self.exhausted or not self.room.acquire(blocking=False):
            return None
        try:
            return seq, next(source)
        except StopIteration:
            self.exhausted = True
            self.room.release()
            return None

    def dispatch(self, items: Iterable[T]) -> None:
        """The dispatcher thread: keep workers fed, collect results, police them."""
        try:
            self.slots = [self._start() for _ in range(self.workers)]
            source = iter(items)
            seq = 0
            while not self.stop.is_set():
                fed = True
                while fed:
                    fed = False
                    for slot in sorted(self.slots, key=lambda s: len(s.sent)):
                        if len(slot.sent) >= PREFETCH:
                            continue
                        nxt = self._next(source, seq)
                        if nxt is None:
                            break
                        if nxt[0] == seq:
                            seq += 1
                        self._send(slot, *nxt)
                        fed = True
                busy = [s for s in self.slots if s.sent]
                if not busy and not self.again and self.exhausted:
                    return
                self._collect(busy)
        except BaseException as exc:  # a bug here must reach the caller, not hang it
            self.results.put((-1, None, exc))
        finally:
            self.results.put(_DONE)
            self._shutdown()

    def _collect(self, busy: list[_Slot]) -> None:
        if not busy:
            time.sleep(_POLL_S / 10)  # all idle: waiting for room in the results
            return
        waitables: list[Any] = [s.conn for s in busy] + [s.process.sentinel for s in busy]
        ready = set(wait(waitables, timeout=_POLL_S))
        now = time.monotonic()
        for slot in busy:
            if slot.conn in ready:
                try:
                    while slot.conn.poll():
                        value = slot.conn.recv()
                        if isinstance(value, _Ready):
                            slot.ready, slot.started = True, time.monotonic()
                            continue
                        slot.served = True
                        self.served += 1
                        self._answer(slot, value)
                except (EOFError, OSError):
                    self._crashed(slot)
            elif slot.process.sentinel in ready:
                self._crashed(slot)
            elif not slot.ready and now - slot.born > START_TIMEOUT_S:
                self._crashed(slot)  # a worker that never came up
            elif (
                self.task_timeout is not None
                and slot.ready
                and now - slot.started > self.task_timeout
            ):
                self._answer(slot, TaskTimeout(f"stopped after {self.task_timeout:g} s"))
                self._replace(slot)

    def _crashed(self, slot: _Slot) -> None:
        slot.process.join(timeout=1)
        code = slot.process.exitcode
        if not slot.served:
            self.failed_starts += 1
            if self.failed_starts >= MAX_FAILED_STARTS and not self.served:
                raise RuntimeError(
                    f"worker processes die before running anything (exit code {code}); "
                    "is the main module importable? (scripts read from stdin are not)"
                )
        self._answer(slot, WorkerCrashed(f"the worker process died (exit code {code})"))
        self._replace(slot)

    def _shutdown(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(Exception):
                if slot.sent:
                    slot.process.kill()
                else:
                    slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(timeout=5)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(timeout=5)
            slot.conn.close()


def _inline(func: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | Exception]]:
    for item in items:
        try:
            yield item, func(item)
        except Exception as exc:
            yield item, exc


def _run(
    func: Callable[[T], R],
    items: Iterable[T],
    ordered: bool,
    workers: int | None,
    max_in_flight: int | None,
    task_timeout: float | None,
    memory_limit_mb: int | None,
) -> Generator[tuple[T, R | BaseException], None, None]:
    workers = workers or default_workers()
    if workers <= 1 and task_timeout is None and memory_limit_mb is None:
        yield from _inline(func, items)
        return
    bound = max(max_in_flight or 8 * workers, workers)
    pool: _Pool[T, R] = _Pool(func, workers, bound, task_timeout, memory_limit_mb)
    thread = threading.Thread(target=pool.dispatch, args=(items,), daemon=True)
    thread.start()
    waiting: dict[int, tuple[T, Any]] = {}
    next_seq = 0
    try:
        while True:
            got = pool.results.get()
            if got is _DONE:
                break
            seq, item, result = got
            if seq < 0:
                raise result
            if not ordered:
                pool.room.release()
                yield item, result
                continue
            waiting[seq] = (item, result)
            while next_seq in waiting:
                pool.room.release()
                yield waiting.pop(next_seq)
                next_seq += 1
    finally:
        pool.stop.set()
        thread.join()


def map_unordered(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int | None = None,
    max_in_flight: int | None = None,
    task_timeout: float | None = None,
    memory_limit_mb: int | None = None,
) -> Generator[tuple[T, R | BaseException], None, None]:
    """``(item, func(item))`` pairs in completion order (see the module doc).

    Parameters
    ----------
    func : callable
        A module-level function (it is sent to the workers by reference).
    items : iterable
        Read lazily, as room frees up.
    workers : int, optional
        Worker processes; default: the CPUs available.
    max_in_flight : int, optional
        Items taken but not yet yielded; default 8 per worker.
    task_timeout : float, optional
        Seconds one item may run before its worker is stopped.
    memory_limit_mb : int, optional
        Address-space limit of each worker.

    Yields
    ------
    tuple
        The item and its result, or the exception it ended with.
    """
    return _run(func, items, False, workers, max_in_flight, task_timeout, memory_limit_mb)


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int | None = None,
    max_in_flight: int | None = None,
    task_timeout: float | None = None,
    memory_limit_mb: int | None = None,
) -> Generator[tuple[T, R | BaseException], None, None]:
    """As `map_unordered`, but in the order of `items`. Results that finish
    early wait for the ones before them and count as in flight, so a slow
    item holds back at most `max_in_flight` others (memory stays bounded)."""
    return _run(func, items, True, workers, max_in_flight, task_timeout, memory_limit_mb)
