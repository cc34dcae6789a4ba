"""Inputs and engines: which files a run covers, and who cleans them.

The local engine runs one worker pool for the whole run and feeds it the pages of one input
after another. The Dask engine submits one task per input (``clean_file`` with a pool of one
process inside the task), so inputs, not pages, are spread over the cluster; both write the
very same output files, because both run ``clean_file``.
"""

from __future__ import annotations

import glob
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..scrapy.pool import short_message
from .formats import BULK_SUFFIXES
from .output import output_stem
from .readers import MissingDependencyError, folder_has_pages
from .run import BulkOptions, CleanerPool, FileResult, OnPage, clean_file, input_size

_GLOB_CHARS = frozenset("*?[")


@dataclass
class Inputs:
    paths: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Shard:
    """``--shard I/N``: this run takes every Nth input from the I-th (0-based, as Kubernetes'
    JOB_COMPLETION_INDEX; a 1-based Slurm array passes ``$((SLURM_ARRAY_TASK_ID - 1))``)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        index, sep, count = text.partition("/")
        try:
            shard = cls(int(index), int(count))
        except ValueError:
            raise ValueError(f"--shard takes I/N, like 0/4, not {text!r}") from None
        if not sep or shard.count < 1 or not 0 <= shard.index < shard.count:
            raise ValueError(f"--shard I/N needs 0 <= I < N, not {text!r}")
        return shard


def expand_inputs(args: Sequence[str], shard: Shard | None = None) -> Inputs:
    """Files, folders and globs to a sorted list of inputs. A folder gives every bulk file under
    it, plus itself as one input when it holds saved ``.html`` pages. Sorting by absolute path
    makes the order, and so every shard, the same on every machine."""
    found: dict[str, Path] = {}
    inputs = Inputs()
    for raw in args:
        candidates = [Path(raw)]
        if not candidates[0].exists() and _GLOB_CHARS & set(raw):
            candidates = [Path(p) for p in sorted(glob.glob(raw, recursive=True))]
        if not candidates or not any(p.exists() for p in candidates):
            inputs.missing.append(raw)
            continue
        for path in candidates:
            for item in _expand(path):
                found.setdefault(str(item.resolve()), item.resolve())
    ordered = [found[key] for key in sorted(found)]
    if shard is not None:
        ordered = ordered[shard.index::shard.count]
    inputs.paths = ordered
    return inputs


def _expand(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.rglob("*")
                   if p.is_file() and p.name.lower().endswith(BULK_SUFFIXES))
    return [*files, path] if folder_has_pages(path) else files


def run_local(paths: Sequence[Path], out_dir: Path, opts: BulkOptions,
              on_page: OnPage | None = None) -> Iterator[FileResult]:
    with CleanerPool(opts) as clean:
        for path in paths:
            yield clean_file(path, out_dir, options=opts, clean=clean, on_page=on_page)


def run_dask(paths: Sequence[Path], out_dir: Path, opts: BulkOptions, *,
             scheduler: str | None = None) -> Iterator[FileResult]:
    """One task per input on a ``distributed`` cluster: the one at ``scheduler``, else a
    LocalCluster of ``opts.workers`` single-threaded workers in this process.

    The local cluster uses threads (``processes=False``): the cleaning runs in each worker's
    own cleaning process anyway, so Dask's worker processes would only add start-up time and
    memory (and, being daemonic, could not start the cleaning process that gives the time
    limit). Each worker keeps its cleaning pool from task to task (see ._dask), and the largest
    inputs go first, so the run does not end waiting for one big input on one worker.
    """
    try:
        import dask
        import distributed
    except ImportError as exc:
        raise MissingDependencyError(
            '--engine dask needs distributed: pip install "scrapy-cleanarticle[dask]"') from exc
    from . import _dask

    dist: Any = distributed  # through Any: its hints are partial and strict mypy rejects them
    task_opts = replace(opts, workers=1)
    with ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(dist.Client(scheduler))
            except (OSError, TimeoutError) as exc:
                raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") \
                    from exc
        else:
            stack.enter_context(dask.config.set(_dask.QUIET_LOCAL_CLUSTER))
            # Its HTTP endpoints (dashboard, metrics) listen on loopback, on free ports.
            cluster = stack.enter_context(dist.LocalCluster(
                n_workers=max(1, opts.workers), threads_per_worker=1, processes=False,
                dashboard_address="127.0.0.1:0", worker_dashboard_address="127.0.0.1:0"))
            client = stack.enter_context(dist.Client(cluster))
        client.register_plugin(_dask.PoolPlugin(task_opts))
        stack.callback(client.unregister_worker_plugin, _dask.PLUGIN)  # stops the pools
        # keys unique to this run: a shared scheduler may still hold an earlier run's results
        run_id = uuid.uuid4().hex[:8]
        futures = {client.submit(_dask.task, str(p), str(out_dir.resolve()), task_opts,
                                 key=f"cleanarticle-{output_stem(p)}-{run_id}", pure=False,
                                 priority=input_size(p) or 0): p
                   for p in paths}
        for future in dist.as_completed(futures):
            yield _result(future, futures[future])


class SchedulerError(Exception):
    """The Dask scheduler given with --scheduler cannot be reached."""


def _result(future: Any, path: Path) -> FileResult:
    try:
        result: FileResult = future.result()
    except Exception as exc:  # noqa: BLE001 - one failed task must not stop the other inputs
        return FileResult(str(path), None, "failed",
                          problems=[short_message(f"{type(exc).__name__}: {exc}")])
    return result

__all__ = ["Inputs", "SchedulerError", "Shard", "expand_inputs", "run_dask", "run_local"]
