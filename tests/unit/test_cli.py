"""The moat command: the simulator's table and JSON, and its usage errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from game.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_simulate_prints_the_balance_table() -> None:
    code, output = run("simulate", "--games", "3", "--seed", "5")
    assert code == 0
    assert "Scenario: The well-funded newcomer (newcomer_2023), 3 games per policy" in output
    for policy in ("generalist-open", "niche-product", "closed-api", "random"):
        assert policy in output
    assert "median end" in output and "mean grade" in output
    assert "lm_acq_acquihire" in output


def test_simulate_event_table_gives_shares_of_games_in_80_columns() -> None:
    """An event that fires twice in one game still counts that game once."""
    code, output = run("simulate", "--games", "40", "--seed", "2")
    assert code == 0
    assert all(len(line) <= 80 for line in output.splitlines())
    code, raw = run("simulate", "--games", "40", "--seed", "2", "--json")
    data = {d["policy"]: d for d in json.loads(raw)}
    generalist = data["generalist-open"]
    again = [e for e, n in generalist["event_fires"].items() if n > generalist["event_games"][e]]
    assert again, "some event should fire more than once in a game"
    rows = {line.split()[0]: line.split()[1:] for line in output.splitlines()
            if line.split() and line.split()[0] in generalist["event_fires"]}
    for event in again:
        shown = rows[event][0]
        assert shown == f"{generalist['event_games'][event] / 40:.0%}"
        assert int(shown.rstrip("%")) <= 100


def test_simulate_json_is_the_same_numbers() -> None:
    code, output = run("simulate", "--games", "4", "--policy", "niche-product", "--json")
    assert code == 0
    data = json.loads(output)
    assert [d["policy"] for d in data] == ["niche-product"]
    assert data[0]["games"] == 4
    assert abs(sum(data[0]["endings"].values()) - 1) < 1e-9
    assert run("simulate", "--games", "4", "--policy", "niche-product", "--json")[1] == output


def test_simulate_usage_errors() -> None:
    for args, message in (
        (["--games", "0"], "Invalid value for --games: must be at least 1, not 0"),
        (["--games", "-3"], "must be at least 1, not -3"),
        (["--policy", "greedy"], "unknown policy 'greedy'; choose one of: generalist-open"),
        (["--scenario", "mars"], "unknown scenario 'mars'; choose one of: newcomer_2023"),
    ):
        code, output = run("simulate", *args)
        assert code == 2
        assert message in output
        assert "Traceback" not in output


def test_a_broken_pack_lists_problems_and_exits_1(tmp_path: Path, base_path: Path) -> None:
    extra = tmp_path / "extra"
    (extra / "events").mkdir(parents=True)
    (extra / "pack.toml").write_text('id = "extra"\nname = "Extra"\nversion = "0.1"\n')
    (extra / "events" / "bad.toml").write_text(
        '[[event]]\nid = "x"\ntitle = "X"\ntheme = "press"\nstory = "s"\n'
        'when = "cash > 1 and hype >"\n\n[[event.choice]]\nid = "a"\ntext = "A"\n'
        'result = "R"\neffects = { hyp = 2 }\n')
    code, output = run("simulate", "--games", "1", "--pack", str(extra))
    assert code == 1
    assert "extra/events/bad.toml:6:28: event[1].when: expression ends too early" in output
    assert ("extra/events/bad.toml:12:13: event[1].choice[1].effects.hyp: unknown stat 'hyp'"
            " — did you mean 'hype'?") in output
    assert "2 problems found; the packs were not loaded." in output
    assert "Traceback" not in output
    shutil.rmtree(extra)


def test_replay_confirms_a_save_and_forks_it(tmp_path: Path) -> None:
    from game.content.packs import load
    from game.saves.format import encode
    from game.sim.bots import NicheProduct
    from game.sim.simulate import play_game

    game = play_game(load(), "newcomer_2023", 21, NicheProduct(), "Replay Co")
    save = tmp_path / "game.json"
    save.write_bytes(encode(game, "manual", "end"))
    code, output = run("replay", str(save))
    assert code == 0
    assert "Replaying Replay Co (newcomer_2023, seed 21)" in output
    assert "Same game: the replay reaches exactly the saved state." in output
    fork = tmp_path / "fork.json"
    code, output = run("replay", str(save), "--until", "3", "--save", str(fork))
    assert code == 0 and f"Forked at the start of month 3 (2023-12): {fork}" in output
    code, output = run("replay", str(fork))
    assert code == 0 and "Same game" in output


def test_replay_finds_a_shipped_pack_the_save_was_made_with(tmp_path: Path) -> None:
    from game.content.packs import base_pack, load
    from game.saves.format import encode
    from game.sim.bots import NicheProduct
    from game.sim.simulate import play_game

    content = load([base_pack().parent / "safety_evals"])
    game = play_game(content, "newcomer_2023", 4, NicheProduct(), "Evals Co")
    save = tmp_path / "evals.json"
    save.write_bytes(encode(game, "manual", "end"))
    code, output = run("replay", str(save))  # no --pack: the pack lock names it
    assert code == 0, output
    assert "Same game" in output and "Pack changed" not in output


def test_replay_of_a_bad_file_says_why(tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text("shopping list\n")
    code, output = run("replay", str(bad))
    assert code == 1
    assert "Error: notes.json: this is not a Moat save" in output
    code, output = run("replay", str(bad), "--until", "3")
    assert code == 2 and "--until and --save go together" in output
