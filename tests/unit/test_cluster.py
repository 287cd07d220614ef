"""A Dask cluster plays the same games as this machine's processes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from game.cli import main
from game.content.loader import Content
from game.content.packs import load
from game.sim.parallel import ContentSpec, Run, dask_executor, play, remember


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A real scheduler and worker, in this process to start fast."""
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False,  # type: ignore[no-untyped-call]
                      dashboard_address=None) as cluster:
        yield str(cluster.scheduler_address)


def test_the_dask_executor_gives_the_local_pool_s_summaries(content: Content,
                                                            scheduler: str) -> None:
    spec = ContentSpec(load)
    remember(spec, content)
    runs = [Run(spec, "image_pivot", p, 30, 5) for p in ("generalist-open", "random")]
    with Client(scheduler) as client:  # type: ignore[no-untyped-call]
        on_dask = play(runs, jobs=2, executor=client.get_executor())
    local = play(runs, jobs=2)
    assert on_dask.complete
    assert [s.as_dict() for s in on_dask.summaries] == [s.as_dict() for s in local.summaries]
    assert [s.end_months for s in on_dask.summaries] == [s.end_months for s in local.summaries]


def test_moat_simulate_on_a_dask_scheduler_prints_the_same_json(scheduler: str) -> None:
    args = ["simulate", "--games", "10", "--seed", "3", "--json"]
    here = CliRunner().invoke(main, [*args, "--jobs", "1"])
    there = CliRunner().invoke(main, [*args, "--dask", scheduler])
    assert here.exit_code == there.exit_code == 0, there.output
    assert there.stdout == here.stdout
    assert [d["games"] for d in json.loads(there.stdout)] == [10, 10, 10, 10]


def test_a_sweep_on_a_dask_scheduler_gives_the_same_rows(scheduler: str) -> None:
    args = ["sweep", "--set", "costs.cost_growth_per_year=4,6", "--policy", "closed-api",
            "--games", "6", "--format", "json"]
    here = CliRunner().invoke(main, [*args, "--jobs", "1"])
    there = CliRunner().invoke(main, [*args, "--dask", scheduler])
    assert here.exit_code == there.exit_code == 0, there.output
    assert json.loads(there.stdout)["rows"] == json.loads(here.stdout)["rows"]


def test_the_executor_counts_the_cluster_s_threads(scheduler: str) -> None:
    with dask_executor(scheduler, jobs=1) as (_, slots):
        assert slots == 2
