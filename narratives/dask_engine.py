"""Run the pipeline on Dask: a local cluster, or a running scheduler.

Needs the ``dask`` extra (``pip install 'narratives[dask]'``). The work is
the same as with local processes: :func:`narratives.partitions.run_partitioned`
reads the corpus in this process and sends one partition at a time to the
cluster (at most two per worker in flight); each worker analyses its
partition and writes its Parquet files, and this process writes the
completion records. Output and resume behave exactly as in the local
engine, so the tables are identical. The workers write into the output
folder themselves: with a remote scheduler it must be on a file system they
share with this machine, at the same path.

:func:`tables` reads a finished run's tables as Dask DataFrames, one Dask
partition per run partition, for analyses larger than memory.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from narratives.errors import NarrativesError
from narratives.partitions import TABLES

__all__ = ["dask_executor", "require_dask", "tables"]


def require_dask() -> Any:
    """Import ``dask.distributed``, or explain how to install it.

    Raises
    ------
    NarrativesError
        ``N163`` when Dask is not installed.
    """
    try:
        import dask.distributed
    except ImportError as err:
        raise NarrativesError(
            "N163",
            f"--engine dask needs Dask with its distributed scheduler, which is not installed ({err.name} is missing).",
            "Install it with: pip install 'narratives[dask]'",
        ) from None
    return dask.distributed


@contextlib.contextmanager
def dask_executor(
    scheduler: str | None = None, n_workers: int = 2, processes: bool = True
) -> Iterator[tuple[Executor, int]]:
    """A :class:`concurrent.futures.Executor` running on Dask workers.

    Parameters
    ----------
    scheduler
        Address of a running scheduler (``tcp://host:8786``); None starts a
        :class:`~dask.distributed.LocalCluster` for the duration.
    n_workers
        Workers of the local cluster (one thread each).
    processes
        Local cluster workers as processes (the default; threads share one
        interpreter and its lock).

    Yields
    ------
    executor : concurrent.futures.Executor
        Pass it to :func:`narratives.partitions.run_partitioned`.
    workers : int
        The number of worker threads of the cluster (pass it as ``jobs``).
    """
    distributed = require_dask()
    with contextlib.ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=n_workers, threads_per_worker=1, processes=processes, dashboard_address=None
                )
            )
            client = stack.enter_context(distributed.Client(cluster))
        else:
            client = stack.enter_context(distributed.Client(scheduler))
        yield client.get_executor(pure=False), max(1, sum(client.nthreads().values()))


def tables(out: str | Path) -> dict[str, Any]:
    """The tables of a partitioned run as Dask DataFrames (``documents``, ``sentences``, ``attributions``).

    Examples
    --------
    >>> frames = tables("reports/year")  # doctest: +SKIP
    >>> frames["attributions"].groupby("side").size().compute()  # doctest: +SKIP
    """
    require_dask()
    import dask.dataframe as dd

    return {name: dd.read_parquet(str(Path(out) / name)) for name in TABLES}
