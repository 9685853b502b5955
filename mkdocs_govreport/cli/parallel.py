"""``--jobs N``: a deterministic parallel map over files, for many-core machines.

::

    from .parallel import add_jobs_argument, jobs_of, parallel_map

    add_jobs_argument(parser)                       # --jobs N (default 1; 0 = one per CPU)
    for result in parallel_map(work, paths, jobs=jobs_of(args)):
        ...                                         # results in the order of ``paths``

* **Deterministic**: results come back in the order of the input, whatever the number of
  workers and whichever finishes first, so the output of ``--jobs 8`` is byte-identical to
  that of one job.
* **Bounded**: at most ``window`` (default ``4 × jobs``) items are in flight; the input is
  consumed lazily and results are handed over one by one, so a map over 100,000 files holds a
  few results at a time, not all of them.
* ``jobs=1`` runs in this process (no pool, no pickling): the default, and what tests use.
* ``work`` must be a module-level function (it is pickled by reference) and its argument and
  result picklable.  An exception in a worker is raised in the caller when its result is
  reached; ``work`` should turn a bad file into a finding itself, never raise for one.
* Workers start by ``fork`` where the platform has it (cheap: the parent's imports are
  shared) and by ``spawn`` elsewhere.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["add_jobs_argument", "cpu_count", "jobs_of", "parallel_map"]


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs 应为整数（进程数，0 表示每个 CPU 一个），实际为“{text}”") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"--jobs 不能为负数，实际为 {n}")
    return n


def add_jobs_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="同时使用的进程数（默认 1；0 表示每个 CPU 一个）；结果与单进程逐字节相同",
    )


def jobs_of(args: argparse.Namespace) -> int:
    """The number of worker processes ``--jobs`` asks for (0 = one per CPU)."""
    n = int(getattr(args, "jobs", 1) or 0)
    return cpu_count() if n == 0 else n


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def parallel_map(work: Callable[[T], R], items: Iterable[T], *, jobs: int = 1, window: int | None = None) -> Iterator[R]:
    """``work(item)`` for each item, in the order of ``items``, in ``jobs`` processes."""
    if jobs <= 1:
        for item in items:
            yield work(item)
        return
    limit = max(window or 4 * jobs, jobs)
    pending: deque[Future[R]] = deque()
    it = iter(items)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        try:
            for item in it:
                pending.append(pool.submit(work, item))
                if len(pending) >= limit:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()
