"""Games spread over processes: the same results for any --jobs, and Ctrl-C stops cleanly."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from game.cli import main
from game.content.loader import Content
from game.content.packs import load
from game.sim import parallel
from game.sim.parallel import ContentSpec, Run, Stopped, play, remember
from game.sim.simulate import simulate


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_jobs_1_and_2_give_byte_identical_json() -> None:
    args = ("simulate", "--games", "30", "--seed", "4", "--json")
    one = run(*args, "--jobs", "1")
    two = run(*args, "--jobs", "2")
    assert one[0] == two[0] == 0
    assert one[1] == two[1]
    assert [d["games"] for d in json.loads(one[1])] == [30, 30, 30, 30]


def test_jobs_1_and_2_give_the_same_table() -> None:
    args = ("simulate", "--games", "30", "--seed", "9", "--policy", "random")
    assert run(*args, "--jobs", "1")[1] == run(*args, "--jobs", "2")[1]


def test_a_pool_joins_slices_in_game_order(content: Content) -> None:
    spec = ContentSpec(load)
    remember(spec, content)
    runs = [Run(spec, "late_entrant", "closed-api", 60, 3),
            Run(spec, "late_entrant", "random", 60, 3)]
    outcome = play(runs, jobs=2)
    assert outcome.complete and outcome.played == outcome.total == 120
    for summary, policy in zip(outcome.summaries, ("closed-api", "random"), strict=True):
        alone = simulate(content, "late_entrant", policy, 60, 3)
        assert summary.as_dict() == alone.as_dict()
        assert summary.end_months == alone.end_months


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_keeps_the_same_first_games_of_every_run(content: Content, jobs: int) -> None:
    spec = ContentSpec(load)
    remember(spec, content)
    runs = [Run(spec, "newcomer_2023", p, 100, 1) for p in ("niche-product", "random")]
    finished: list[int] = []

    def progress(games: int) -> None:
        finished.append(games)
        if len(finished) == 3:
            raise KeyboardInterrupt

    with pytest.raises(Stopped) as stopped:
        play(runs, jobs, progress=progress)
    outcome = stopped.value.outcome
    assert not outcome.complete
    assert 0 < outcome.played < outcome.total == 200
    first = outcome.summaries[0].games
    assert [s.games for s in outcome.summaries] == [first, first]
    for summary in outcome.summaries:
        if first:
            alone = simulate(content, "newcomer_2023", summary.policy, first, 1)
            assert summary.as_dict() == alone.as_dict()


@pytest.fixture
def interrupt_after_two(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = parallel.play_chunk
    calls: list[int] = []

    def interrupted(chunk: parallel.Chunk) -> object:
        calls.append(1)
        if len(calls) > 2:
            raise KeyboardInterrupt
        return real(chunk)

    monkeypatch.setattr(parallel, "play_chunk", interrupted)
    yield


def test_ctrl_c_in_simulate_reports_what_was_done(interrupt_after_two: None) -> None:
    code, out, err = run("simulate", "--games", "200", "--policy", "random", "--jobs", "1",
                         "--json")
    assert code == 130
    assert "Stopped by Ctrl-C after 100 of 200 games." in err
    assert "The results above cover the first 100 games of each policy" in err
    assert json.loads(out)[0]["games"] == 100
    assert "Traceback" not in out + err


def test_jobs_out_of_range_is_refused() -> None:
    for value in ("0", "-2", "100000"):
        code, out, err = run("simulate", "--games", "2", "--jobs", value)
        assert code == 2
        assert f"Invalid value for --jobs: must be from 1 to 256, not {value}" in err
