"""Worker processes that never outlive the run that started them.

The workers of a :class:`~concurrent.futures.ProcessPoolExecutor` wait for
work on a pipe. When the main process dies without shutting the pool down
(``kill -9``, the out-of-memory killer, a crash), nothing tells them, and
they wait forever, each holding its copy of the model. A pool made by
:func:`worker_pool` starts every worker with :func:`_watch_parent`, which

- asks Linux to kill the worker when its parent dies
  (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, through :mod:`ctypes`);
- starts a watchdog thread that ends the worker as soon as its parent has
  changed (the worker was handed to another process: its parent died), the
  fallback on systems without ``prctl`` and for a parent that died before
  ``prctl`` was called;
- ignores ``SIGINT`` (Ctrl-C reaches the whole process group; the main
  process stops the workers itself) and takes the default action on
  ``SIGTERM``.

:func:`stop_workers` kills a pool's workers at once, for a run that stops on
an error or a signal: their partitions are unfinished and are redone when the
run is resumed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

__all__ = ["WATCH_INTERVAL", "stop_workers", "worker_pool"]

WATCH_INTERVAL = 0.2
"""Seconds between two looks of a worker's watchdog at its parent."""

_PR_SET_PDEATHSIG = 1
"""``PR_SET_PDEATHSIG`` of ``<linux/prctl.h>``."""


def _death_signal() -> None:
    """Ask Linux to send this process SIGKILL when its parent dies (nothing elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no usable C library: the watchdog still works
        pass


def _watchdog(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    os._exit(1)


def _watch_parent(parent: int | None, initializer: Callable[..., object] | None, initargs: tuple) -> None:
    """A worker's initializer: die with the parent (see the module docstring), then run ``initializer``.

    ``parent`` is the pid the worker's parent must have (None: whatever it has now,
    when workers are started by a fork server).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _death_signal()
    expected = os.getppid() if parent is None else parent
    if os.getppid() != expected:  # the parent died before the death signal was asked for
        os._exit(1)
    threading.Thread(target=_watchdog, args=(expected,), name="narratives-watchdog", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def worker_pool(jobs: int, initializer: Callable[..., object] | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A pool of ``jobs`` processes that die with the process that made the pool.

    Parameters
    ----------
    jobs
        Number of worker processes.
    initializer, initargs
        Run in each worker once it watches its parent, as for
        :class:`~concurrent.futures.ProcessPoolExecutor`.

    Returns
    -------
    concurrent.futures.ProcessPoolExecutor
    """
    context = multiprocessing.get_context()
    parent = None if context.get_start_method() == "forkserver" else os.getpid()
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_watch_parent, initargs=(parent, initializer, initargs))


def stop_workers(pool: Executor) -> None:
    """Kill the worker processes of ``pool`` now (their tasks are lost) and shut it down.

    For a pool that is not a :class:`~concurrent.futures.ProcessPoolExecutor`, only shuts it down.
    """
    kill_workers = getattr(pool, "kill_workers", None)  # Python 3.14 and later
    if kill_workers is not None:
        kill_workers()
        return
    processes: dict[int, Any] = getattr(pool, "_processes", None) or {}  # earlier: the pool's own table of workers
    for process in list(processes.values()):
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
