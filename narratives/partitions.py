"""Partitioned runs: stream a corpus through the pipeline, in parallel, and resume.

The unit of work is a *partition*: ``partition_size`` consecutive documents
in corpus order, numbered from 0. Each partition goes through
:func:`narratives.pipeline.analyze` on its own and its three tables are
written as soon as it is done, so memory depends on the partition size and
the number of partitions in flight, never on the size of the corpus.
An output folder looks like this::

    OUT/_run.json                        the run's parameters and inputs (checked by resume)
    OUT/documents/part-00000.parquet     one file per partition and table
    OUT/sentences/part-00000.parquet
    OUT/attributions/part-00000.parquet
    OUT/_partitions/part-00000.json      completion record: doc ids, SHA-256s, row counts,
                                         and the size and SHA-256 of each table file

Every file is written under a temporary name, flushed to disk and renamed
(:mod:`narratives.durable`), and a partition's completion record is written
last, once its tables and their folders are on disk: a partition is finished
exactly when its record exists and its files are those the record describes.
Resuming skips finished partitions (after checking that they hold the same
documents), deletes the files of unfinished ones and redoes them, and also
redoes a finished partition whose files are not those its record describes
(cut short, changed), so an interrupted run resumed gives the same rows as
an uninterrupted one, none twice and none missing. The workers of a run
with several processes die with it (:mod:`narratives.workers`); a worker
lost during a run (killed by the system) stops it with ``N167``, and the
partitions finished so far are kept for ``--resume``. Concatenated in
partition order (``pd.read_parquet(OUT / "attributions")``, or
:func:`read_tables`), the tables are those
:func:`~narratives.pipeline.analyze` gives for the whole corpus, whatever
the number of workers.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm.auto import tqdm

from narratives import __version__
from narratives.attribution.model import DEFAULT_MODEL_DIR, AttributionModel
from narratives.corpus import Document
from narratives.durable import write_atomic, write_together
from narratives.errors import InputError
from narratives.memory import release_memory
from narratives.pipeline import Analysis, analyze, batches
from narratives.run_folder import (
    RECORDS_DIR,
    RUN_FILE,
    TABLES,
    clear_unfinished,
    finished,
    iter_tables,
    read_record,
    read_records,
    read_tables,
    record_path,
    saved_run,
    table_path,
)
from narratives.schema import arrow_type
from narratives.sides import Profile, load_profile
from narratives.workers import stop_workers, worker_pool

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "TABLES",
    "RunSpec",
    "RunSummary",
    "Submit",
    "Task",
    "analyze_partition",
    "iter_tables",
    "local_submitter",
    "partitions",
    "read_tables",
    "release_memory",
    "run_partitioned",
    "saved_run",
    "write_partition",
    "write_partitions",
]

DEFAULT_PARTITION_SIZE = 100
"""Documents per partition by default."""

LAYOUT = 1
"""Version of the folder layout, saved in ``_run.json``."""

Task = tuple[int, list[Document]]
"""One partition's work: its number and its documents."""
Submit = Callable[[list[Task]], list[Future]]
"""Starts tasks; returns futures of lists of completion records (see :func:`run_partitioned`)."""




@dataclass(frozen=True)
class RunSpec:
    """What the tables of a partitioned run depend on; saved as ``OUT/_run.json``.

    Parameters
    ----------
    corpus
        The inputs and reading options, as JSON-able values (paths resolved),
        e.g. ``{"paths": [...], "encoding": "utf-8", "skip_bad": False}``.
    partition_size
        Documents per partition.
    model
        Attribution model folder, or None for the shipped model.
    profile
        Actor profile (a shipped name or a ``.toml`` path), or None.
    """

    corpus: Mapping[str, Any] = field(default_factory=dict)
    partition_size: int = DEFAULT_PARTITION_SIZE
    model: str | None = None
    profile: str | None = None

    def __post_init__(self) -> None:
        if self.partition_size < 1:
            raise ValueError("partition_size must be at least 1")

    def to_dict(self) -> dict[str, Any]:
        """The record saved in ``_run.json``: the parameters, the narratives version and fingerprints
        (SHA-256) of the model's and the profile's files, so a changed model or profile is noticed."""
        profile_path = None if self.profile is None else load_profile(self.profile).path
        model_dir = Path(self.model) if self.model is not None else DEFAULT_MODEL_DIR
        return {
            "layout": LAYOUT,
            "narratives": __version__,
            **json.loads(json.dumps(asdict(self), default=str)),
            "model_sha256": _digest(sorted(p for p in model_dir.iterdir() if p.is_file())),
            "profile_sha256": None if profile_path is None else _digest([Path(profile_path)]),
        }


@dataclass
class RunSummary:
    """What a partitioned run did.

    Attributes
    ----------
    partitions
        Number of partitions of the corpus.
    resumed
        Partitions found finished and skipped (with ``resume=True``).
    redone
        Partitions an earlier run had finished whose files no longer matched
        their completion record (cut short, changed), and that were redone.
    rows
        Rows per table, over all partitions.
    sides
        Attributions per side over all partitions (with a profile).
    """

    partitions: int = 0
    resumed: int = 0
    redone: int = 0
    rows: Counter = field(default_factory=Counter)
    sides: Counter = field(default_factory=Counter)

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one partition's completion record."""
        self.rows.update(record["rows"])
        self.sides.update(record.get("sides") or {})


def _digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


# ----------------------------------------------------------------------------
# One partition (runs in a worker)
# ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _pipeline(model: str | None, profile: str | None) -> tuple[AttributionModel | None, Profile | None, dict[str, pa.Schema]]:
    """The model, profile and table schemas of a run, loaded once per worker process."""
    loaded_profile = None if profile is None else load_profile(profile)
    empty = analyze([], profile=loaded_profile)
    schemas = {name: _schema(getattr(empty, name)) for name in TABLES}
    return (None if model is None else AttributionModel.load(model)), loaded_profile, schemas


def _schema(frame: pd.DataFrame) -> pa.Schema:
    """The Parquet schema of a table, from its empty version and the types :mod:`narratives.schema` declares
    (list columns, ``date``); other columns with no type yet are strings, so that every partition (even
    one where a column is all missing) has the same schema."""
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    for i, column in enumerate(schema):
        declared = arrow_type(column.name)
        if declared is not None:
            schema = schema.set(i, column.with_type(declared))
        elif pa.types.is_null(column.type):
            schema = schema.set(i, column.with_type(pa.large_string()))
    return schema


def analyze_partition(documents: list[Document], model: str | None = None, profile: str | None = None) -> Analysis:
    """Analyse one partition: :func:`~narratives.pipeline.analyze` with the model and profile
    given by path or name, loaded once per process."""
    loaded_model, loaded_profile, _ = _pipeline(model, profile)
    return analyze(documents, model=loaded_model, profile=loaded_profile)


def _parquet_bytes(arrow: pa.Table) -> pa.Buffer:
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink)
    return sink.getvalue()


def write_partition(out: str | Path, index: int, documents: list[Document], model: str | None = None, profile: str | None = None) -> dict[str, Any]:
    """Analyse one partition, write its three tables into ``out``, and return its completion record.

    The record (partition number, documents' ids and SHA-256s, rows per
    table, attributions per side, size and SHA-256 of each table file) is
    small; the caller writes it (see :func:`run_partitioned`) once the
    tables are there. The three files are written together and flushed to
    disk, their folders too, before this returns.
    """
    analysis = analyze_partition(documents, model, profile)
    _, _, schemas = _pipeline(model, profile)
    contents = {
        table: _parquet_bytes(pa.Table.from_pandas(getattr(analysis, table), schema=schemas[table], preserve_index=False))
        for table in TABLES
    }
    write_together({table_path(Path(out), table, index): functools.partial(_write_bytes, data=data) for table, data in contents.items()})
    sides = {} if profile is None else {str(k): int(v) for k, v in analysis.attributions["side"].value_counts().items()}
    return {
        "partition": index,
        "documents": [[doc.id, doc.sha256] for doc in documents],
        "rows": {table: len(getattr(analysis, table)) for table in TABLES},
        "sides": sides,
        "files": {table: {"bytes": data.size, "sha256": hashlib.sha256(data).hexdigest()} for table, data in contents.items()},
    }


def _write_bytes(path: Path, data: pa.Buffer) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def write_partitions(tasks: Iterable[Task], out: str | Path, model: str | None = None, profile: str | None = None) -> list[dict[str, Any]]:
    """:func:`write_partition` for each ``(index, documents)`` task; their completion records.

    The unit of work an engine runs (with one task or a few), e.g. on a
    partition of a :mod:`dask.bag` (see :mod:`narratives.dask_engine`).
    After each partition the memory it used is given back (:func:`release_memory`).
    """
    records = []
    for index, documents in tasks:
        records.append(write_partition(out, index, documents, model, profile))
        release_memory()
    return records




# ----------------------------------------------------------------------------
# The run (in the calling process)
# ----------------------------------------------------------------------------


class _InlineExecutor(Executor):
    """Runs each task at once in this process (``jobs=1``): no pool, no copies."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def partitions(documents: Iterable[Document], size: int) -> Iterator[tuple[int, list[Document]]]:
    """Number consecutive runs of ``size`` documents, lazily: ``(0, docs[:size]), (1, ...)``."""
    return enumerate(batches(documents, size))


def _differences(saved: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    return [
        f"{key} {json.dumps(saved.get(key))} then, {json.dumps(current.get(key))} now"
        for key in sorted(set(saved) | set(current))
        if saved.get(key) != current.get(key)
    ]


def _prepare(out: Path, spec: RunSpec, resume: bool) -> tuple[set[int], set[int]]:
    """Set up ``out`` for a run; return the partitions already finished and those whose files
    did not match their record, to redo (resume only)."""
    run_file = out / RUN_FILE
    current = spec.to_dict()
    done: set[int] = set()
    damaged: set[int] = set()
    saved = saved_run(out) if resume else None  # a fresh run replaces whatever _run.json held
    if saved is not None:
        differences = _differences(saved, current)
        if differences:
            raise InputError(
                "N160",
                f"cannot resume: this run differs from the one saved there ({'; '.join(differences)}).",
                "Use a new --out, or drop --resume to start over in this folder.",
                path=run_file,
            )
        done, damaged = finished(out)
    for folder in (*TABLES, RECORDS_DIR):
        (out / folder).mkdir(parents=True, exist_ok=True)
    clear_unfinished(out, keep=done)
    write_atomic(run_file, lambda path: path.write_text(json.dumps(current, indent=1) + "\n", encoding="utf-8"))
    return done, damaged


def _check_same_documents(out: Path, index: int, documents: list[Document]) -> dict[str, Any]:
    """The record of a finished partition, after checking it holds the documents the corpus now gives."""
    record = read_record(record_path(out, index)) or {"documents": None}
    if record["documents"] != [[doc.id, doc.sha256] for doc in documents]:
        changed = next(
            (f"{old[0]!r}" for old, doc in zip(record["documents"], documents) if old != [doc.id, doc.sha256]),
            "the number of documents",
        )
        raise InputError(
            "N161",
            f"cannot resume: partition {index} of the saved run holds other documents than the corpus now "
            f"gives (first difference: {changed}); the corpus changed since that run.",
            "Use a new --out, or drop --resume to start over in this folder.",
            path=record_path(out, index),
        )
    return record


def local_submitter(jobs: int, spec: RunSpec, out: str | Path) -> tuple[Submit, Executor]:
    """How the local engine runs tasks: in this process (``jobs=1``) or on a pool of ``jobs`` processes.

    Returns the submit function for :func:`run_partitioned` and the pool to shut down afterwards.
    """
    pool: Executor
    if jobs == 1:
        pool = _InlineExecutor()
    else:
        pool = worker_pool(jobs, initializer=_pipeline, initargs=(spec.model, spec.profile))

    def submit(batch: list[Task]) -> list[Future]:
        return [pool.submit(write_partitions, [task], str(out), spec.model, spec.profile) for task in batch]

    return submit, pool


def run_partitioned(
    documents: Iterable[Document],
    out: str | Path,
    spec: RunSpec | None = None,
    *,
    jobs: int = 1,
    resume: bool = False,
    submit: Submit | None = None,
    progress: bool = False,
    total: int | None = None,
) -> RunSummary:
    """Analyse a corpus partition by partition and write partitioned Parquet tables.

    Parameters
    ----------
    documents
        The corpus (a :class:`~narratives.corpus.Corpus` or any iterable of
        documents), read lazily, once, in order.
    out
        The output folder (see the module docstring for its layout). Files of
        an earlier partitioned run there are deleted, unless resuming.
    spec
        The run's parameters (partition size, model, profile, and the
        corpus description checked on resume).
    jobs
        Worker processes; 1 runs everything in this process. With ``submit``,
        the number of workers it runs tasks on.
    resume
        Keep the partitions an earlier run with the same ``spec`` finished,
        and do the rest. Raises :class:`~narratives.errors.InputError`
        ``N160`` if the parameters differ, ``N161`` if a finished
        partition's documents changed. A finished partition whose files
        are not those its record describes is redone (counted in
        :attr:`RunSummary.redone`).
    submit
        Run tasks elsewhere (e.g. as a Dask bag, see
        :mod:`narratives.dask_engine`): called with a batch of ``jobs``
        unfinished ``(index, documents)`` tasks, it returns futures whose
        results are lists of completion records (those of
        :func:`write_partitions`). At most two batches are in flight.
    progress, total
        Show a progress bar (over ``total`` documents, if known).

    Returns
    -------
    RunSummary

    Raises
    ------
    InputError
        ``N167`` if a worker process died during the run (killed by the
        system, e.g. out of memory); the partitions finished are kept.
    """
    spec = spec or RunSpec()
    out = Path(out)
    done, damaged = _prepare(out, spec, resume)
    summary = RunSummary(resumed=len(done), redone=len(damaged))
    window: deque[Future] = deque()
    batch: list[Task] = []
    bar = tqdm(total=total, unit="doc", disable=not progress, leave=False)
    pool = None
    if submit is None:
        submit, pool = local_submitter(jobs, spec, out)

    def finish(future: Future) -> None:
        try:
            records = future.result()
        except BrokenProcessPool:
            raise _lost_worker(out) from None
        for record in records:
            write_atomic(
                record_path(out, record["partition"]),
                lambda path, record=record: path.write_text(json.dumps(record) + "\n", encoding="utf-8"),
            )
            summary.add(record)
            bar.update(len(record["documents"]))

    def send() -> None:
        try:
            window.extend(submit(batch))
        except BrokenProcessPool:  # a worker died while the batch was being handed out
            raise _lost_worker(out) from None
        batch.clear()
        while len(window) > jobs:
            finish(window.popleft())

    def schedule(index: int, chunk: list[Document]) -> None:
        summary.partitions = index + 1
        if index in done:
            summary.add(_check_same_documents(out, index, chunk))
            bar.update(len(chunk))
            return
        batch.append((index, chunk))
        if len(batch) >= jobs:
            send()

    try:
        for index, chunk in partitions(documents, spec.partition_size):
            schedule(index, chunk)
        if summary.partitions == 0:
            schedule(0, [])  # an empty corpus still gets one (empty) partition, so that the tables exist
        if batch:
            send()
        while window:
            finish(window.popleft())
    except BaseException:
        if pool is not None:
            stop_workers(pool)  # stopped by an error or a signal: unfinished partitions are redone on resume
        raise
    finally:
        for future in window:
            future.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
    if stale := sorted(i for i in done if i >= summary.partitions):
        raise InputError(
            "N161",
            f"cannot resume: the saved run has partition {stale[0]}, beyond the end of the corpus; "
            "the corpus changed since that run.",
            "Use a new --out, or drop --resume to start over in this folder.",
            path=out / RUN_FILE,
        )
    return summary


def _lost_worker(out: Path) -> InputError:
    """The error of a run whose worker process died (``N167``)."""
    finished = len(read_records(out))
    return InputError(
        "N167",
        f"a worker process died before finishing its partition (killed by the system, e.g. when memory ran out); "
        f"the {finished} partition(s) finished so far are kept.",
        "Run the same command again with --resume to finish the run (with fewer --jobs or a smaller "
        "--partition-size if memory ran out).",
        path=out,
    )

