"""Spread simulated games over processes, or over a Dask cluster, with the same results.

A run is cut into :class:`Chunk` slices of consecutive games. Each game depends only on the
packs, the scenario, its seed and the bot, so a slice plays the same wherever it runs; the
slices of one policy are joined back in game order, which makes the result the same for any
number of workers and any order in which they finish.

Workers keep the packs they loaded (:func:`content_for`), so each loads them once.
"""

from __future__ import annotations

import importlib
import math
import os
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine.content import Content
from game.sim.simulate import Summary, play_range

MOST_JOBS = 256
"""The most worker processes one run starts."""
LARGEST_CHUNK = 100
"""The most games in one slice: small enough to show progress and to stop soon on Ctrl-C."""
LEAST_GAMES_PER_WORKER = 25
"""Fewer games than this per worker are played in one process: starting more costs more."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


Loader = Callable[[Sequence[Path], Mapping[str, object]], Content]
"""Loads the base pack, extra packs and rules values: ``game.content.packs.load``."""


@dataclass(frozen=True)
class ContentSpec:
    """Which packs to load, so that a worker can load them itself."""

    loader: Loader
    """A module-level function (it travels to workers by name)."""
    packs: tuple[str, ...] = ()
    """Extra pack folders, after the base pack."""
    overrides: tuple[tuple[str, object], ...] = ()
    """``rules.toml`` values set for a sweep, as (dotted path, value)."""


_LOADED: dict[ContentSpec, Content] = {}


def remember(spec: ContentSpec, content: Content) -> None:
    """Keep packs already loaded here; workers forked from this process start with them."""
    _LOADED[spec] = content


def content_for(spec: ContentSpec) -> Content:
    """The packs of ``spec``, loaded once per process."""
    content = _LOADED.get(spec)
    if content is None:
        content = spec.loader([Path(p) for p in spec.packs], dict(spec.overrides))
        _LOADED[spec] = content
    return content


@dataclass(frozen=True)
class Chunk:
    """Games ``start`` to ``stop - 1`` of one policy's run."""

    spec: ContentSpec
    scenario: str
    policy: str
    seed: int
    start: int
    stop: int
    run: int = 0
    """Which run of the whole job this slice belongs to (a policy, or a sweep's cell)."""

    @property
    def games(self) -> int:
        return self.stop - self.start


def play_chunk(chunk: Chunk) -> Summary:
    """Play one slice (in whichever process or cluster worker runs it)."""
    content = content_for(chunk.spec)
    return play_range(content, chunk.scenario, chunk.policy, chunk.seed, chunk.start,
                      chunk.stop)


@dataclass(frozen=True)
class Run:
    """One policy on one scenario with one set of packs: what a row of results covers."""

    spec: ContentSpec
    scenario: str
    policy: str
    games: int
    seed: int


def split(runs: Sequence[Run], workers: int) -> list[Chunk]:
    """Cut every run into slices, a few per worker so that they finish close together, in
    the order they are best played."""
    total = sum(r.games for r in runs)
    size = max(1, min(LARGEST_CHUNK, math.ceil(total / (max(1, workers) * 4))))
    chunks = []
    for index, run in enumerate(runs):
        for start in range(0, run.games, size):
            chunks.append(Chunk(run.spec, run.scenario, run.policy, run.seed, start,
                                min(start + size, run.games), index))
    # the first slice of every run, then the second of every run...: stopped early, all runs
    # have about as many games done
    return sorted(chunks, key=lambda c: (c.start, c.run))


@dataclass
class Outcome:
    """One summary per run; when stopped early, of the same first games of every run."""

    summaries: list[Summary]
    complete: bool = True
    played: int = 0
    """Games played in all, including those left out of a stopped run's summaries."""
    total: int = 0
    """Games the whole job asked for."""


class Stopped(Exception):
    """Ctrl-C while games were being played; holds what was done."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("stopped")
        self.outcome = outcome


def _ignore_interrupt() -> None:
    """In a worker: leave Ctrl-C to the parent, which stops the run cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_count(runs: Sequence[Run], jobs: int) -> int:
    """How many processes to use: at most ``jobs``, fewer for a small run."""
    total = sum(r.games for r in runs)
    return max(1, min(jobs, MOST_JOBS, total // LEAST_GAMES_PER_WORKER))


def play(runs: Sequence[Run], jobs: int = 1, executor: Executor | None = None,
         progress: Callable[[int], None] | None = None) -> Outcome:
    """Play every run and return one summary per run, in the order of ``runs``.

    ``executor`` (a Dask client's, say) plays the slices if given; otherwise ``jobs``
    processes do, or this process when one is enough. ``progress`` is called with the games
    of each slice as it finishes. Ctrl-C raises :class:`Stopped` with what was done.
    """
    workers = worker_count(runs, jobs) if executor is None else max(1, jobs)
    chunks = split(runs, workers)
    results: list[Summary | None] = [None] * len(chunks)

    def finish(index: int, summary: Summary) -> None:
        results[index] = summary
        if progress is not None:
            progress(chunks[index].games)

    try:
        if executor is not None:
            _play_on(executor, chunks, finish)
        elif workers == 1:
            for index, chunk in enumerate(chunks):
                finish(index, play_chunk(chunk))
        else:
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupt)
            try:
                _play_on(pool, chunks, finish)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
    except KeyboardInterrupt:
        raise Stopped(_join(runs, chunks, results)) from None
    return _join(runs, chunks, results)


def _play_on(executor: Executor, chunks: Sequence[Chunk],
             finish: Callable[[int, Summary], None]) -> None:
    pending: dict[Future[Summary], int] = {
        executor.submit(play_chunk, chunk): index for index, chunk in enumerate(chunks)}
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                finish(pending.pop(future), future.result())
    finally:
        for future in pending:
            future.cancel()


def _join(runs: Sequence[Run], chunks: Sequence[Chunk],
          results: Sequence[Summary | None]) -> Outcome:
    """Join each run's slices in game order. When some are missing, every run keeps only as
    many of its leading slices as all runs have, so each covers the same first games."""
    per_run: list[list[Summary | None]] = [[] for _ in runs]
    for chunk, result in zip(chunks, results, strict=True):
        per_run[chunk.run].append(result)
    leading = [next((i for i, r in enumerate(rs) if r is None), len(rs)) for rs in per_run]
    complete = all(r is not None for r in results)
    keep = min(leading, default=0)
    summaries = []
    for run, slices in zip(runs, per_run, strict=True):
        summary = Summary(run.policy, run.scenario, 0)
        for result in slices if complete else slices[:keep]:
            assert result is not None
            summary.absorb(result)
        summaries.append(summary)
    played = sum(r.games for r in results if r is not None)
    return Outcome(summaries, complete, played, sum(r.games for r in runs))


class ClusterError(RuntimeError):
    """Dask is not installed, or its scheduler cannot be reached."""


@contextmanager
def dask_executor(address: str, jobs: int) -> Iterator[tuple[Executor, int]]:
    """A Dask cluster's ``concurrent.futures`` executor and how many games it plays at once.

    ``address`` is a scheduler's (``tcp://host:8786``), or ``local`` for a cluster of
    ``jobs`` worker processes on this machine. The packs must be at the same paths on every
    worker; each worker loads them once, on its first slice.
    """
    try:  # untyped, and optional: held as Any
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise ClusterError("--dask needs Dask: pip install 'moat-game[cluster]'") from None
    Client, LocalCluster = distributed.Client, distributed.LocalCluster
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address, timeout=15)
    except (OSError, TimeoutError, ValueError) as error:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        slots = sum(client.nthreads().values())
        if not slots:
            raise ClusterError(f"the Dask scheduler at {address} has no workers")
        yield client.get_executor(pure=False), slots
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
