"""Worker processes for `Archive.add`, which end when the add ends, however it ends.

Signing and claim extraction are the slow part of an add and run on worker processes. A
worker must never outlive its add: killed with SIGKILL, an add cannot tell its workers
anything, and workers left waiting on their queue would hold on to the terminal's pipes
(`reconcile index add ... | tee log` would never finish). So each worker watches its
parent: on Linux the kernel sends it SIGKILL when the parent dies (``PR_SET_PDEATHSIG``),
elsewhere a thread checks the parent every second. An add stopped by an exception
(SIGINT, SIGTERM, an archive error) cancels the articles not yet started, so it ends once
the few in flight are done, not after the whole batch.

Workers ignore SIGINT: Ctrl-C reaches every process of the terminal's group, and it is the
add's to decide what an interruption does.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence, TypeVar

from ..engines.local import MIN_ITEMS_PER_POOL, available_cores

T = TypeVar("T")
R = TypeVar("R")

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL_S = 1.0


HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held back (delivered on leaving) where threads allow it."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def watch_parent(parent: int) -> None:
    """Run in each worker as it starts: end this process when `parent` ends."""
    if hasattr(signal, "pthread_sigmask"):  # a worker is forked while its parent holds them back
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _kill_me_with_my_parent():
        threading.Thread(target=_poll_parent, args=(parent,), daemon=True, name="watch-parent").start()
    if os.getppid() != parent:  # the parent died before the watch was set up
        os._exit(1)


def _kill_me_with_my_parent() -> bool:
    """Ask Linux for SIGKILL when the parent process dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _poll_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


class WorkerPool:
    """`map` in this process, or on `jobs` worker processes (0: one per core) when there
    are enough items to pay for them. The pool starts with the first such map and is
    shut down on leaving the context, its waiting work cancelled when leaving on an
    exception. A worker that dies (the OOM killer) raises BrokenProcessPool, never hangs."""

    def __init__(self, jobs: int):
        self.jobs = jobs or available_cores()
        self._pool: Any = None

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        if self._pool is None:
            return
        self._pool.shutdown(wait=exc_type is None, cancel_futures=exc_type is not None)
        self._pool = None

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """`function` of every item, in item order. `function` must be picklable (a
        module-level function or a partial of one)."""
        if self.jobs <= 1 or len(items) < MIN_ITEMS_PER_POOL:
            return [function(item) for item in items]
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=watch_parent, initargs=(os.getpid(),))
        # Big chunks: an article is cheap to prepare next to sending it alone.
        chunksize = max(1, len(items) // (self.jobs * 8))
        # Submitting starts the workers. A SIGTERM or SIGINT handled while a fork runs its
        # at-fork hooks would be lost there (the hooks ignore exceptions), so the two wait
        # until the work is submitted; waiting for the results can be interrupted as ever.
        with _signals_held():
            results = self._pool.map(function, items, chunksize=chunksize)
        return list(results)


__all__ = ["WorkerPool", "watch_parent"]
