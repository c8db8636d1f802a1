"""Run the pipeline on Dask: a local cluster, or a running scheduler.

Needs the ``dask`` extra (``pip install 'narratives[dask]'``). :func:`run`
does what :func:`narratives.partitions.run_partitioned` does with local
processes, as :mod:`dask.bag` computations: this process reads the corpus
in order, skips the partitions a resumed run finished, and sends the others,
``(index, documents)`` tasks, ``workers`` at a time, to the workers
(``scatter``); a bag over them, one task per bag partition
(``from_delayed``), is turned into completion records by
``map_partitions(narratives.partitions.write_partitions, ...)``. Each
worker analyses its partitions and writes their Parquet files itself; only
the small records come back, and this process writes them. At most two
such bags are in flight, so memory stays bounded whatever the size of the
corpus (a bag over the whole corpus would hold every document in the task
graph; and documents put inside a graph, with ``from_sequence``, stay in
the scheduler's memory after their tasks are done). Output and resume behave exactly as in
the local engine, so the tables are identical. With a remote scheduler the
output folder must be on a file system the workers share with this
machine, at the same path.

:func:`tables` reads a finished run's tables as Dask DataFrames, one Dask
partition per run partition, for analyses larger than memory.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from narratives.corpus import Document
from narratives.errors import NarrativesError
from narratives.partitions import TABLES, RunSpec, RunSummary, Submit, Task, run_partitioned, write_partitions

__all__ = ["bag_submitter", "client", "require_dask", "run", "tables"]


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
def client(scheduler: str | None = None, n_workers: int = 2, processes: bool = True) -> Iterator[Any]:
    """A Dask client: of a running scheduler, or of a :class:`~dask.distributed.LocalCluster` started for the duration.

    Parameters
    ----------
    scheduler
        Address of a running scheduler (``tcp://host:8786``); None starts a
        local cluster.
    n_workers
        Workers of the local cluster (one thread each).
    processes
        Local cluster workers as processes (the default; threads share one
        interpreter and its lock).

    Yields
    ------
    dask.distributed.Client
    """
    distributed = require_dask()
    with contextlib.ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=n_workers, threads_per_worker=1, processes=processes, dashboard_address=None
                )
            )
            yield stack.enter_context(distributed.Client(cluster))
        else:
            yield stack.enter_context(distributed.Client(scheduler))


def bag_submitter(dask_client: Any, out: str | Path, spec: RunSpec) -> Submit:
    """The ``submit`` of :func:`~narratives.partitions.run_partitioned` that runs each batch of tasks as a Dask bag.

    The bag has one ``(index, documents)`` task per partition;
    ``map_partitions(write_partitions)`` analyses and writes them on the
    workers; one future per bag partition gives its completion records.
    """
    import dask.bag as db

    scattered: deque[list[Future]] = deque(maxlen=2)  # the batches in flight: their data must stay

    def submit(batch: list[Task]) -> list[Future]:
        # The documents go to the workers with scatter, not inside the task graph: the scheduler
        # keeps some finished tasks' specifications (and the documents in them) for the whole run.
        scattered.append(dask_client.scatter([[task] for task in batch]))
        records = db.from_delayed(scattered[-1]).map_partitions(write_partitions, str(out), spec.model, spec.profile)
        return dask_client.compute(records.to_delayed())

    return submit


def run(
    documents: Iterable[Document],
    out: str | Path,
    spec: RunSpec | None = None,
    *,
    scheduler: str | None = None,
    n_workers: int = 2,
    resume: bool = False,
    progress: bool = False,
    total: int | None = None,
) -> RunSummary:
    """:func:`~narratives.partitions.run_partitioned` on Dask (see the module docstring).

    Parameters
    ----------
    documents, out, spec, resume, progress, total
        As for :func:`~narratives.partitions.run_partitioned`.
    scheduler
        Address of a running scheduler; None runs on a local cluster of
        ``n_workers`` single-threaded worker processes.

    Returns
    -------
    RunSummary
    """
    spec = spec or RunSpec()
    with client(scheduler, n_workers) as dask_client:
        workers = max(1, sum(dask_client.nthreads().values()))
        return run_partitioned(
            documents, out, spec, jobs=workers, resume=resume, submit=bag_submitter(dask_client, out, spec), progress=progress, total=total
        )


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
