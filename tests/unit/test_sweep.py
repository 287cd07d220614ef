"""moat sweep: what-if tables over rules values, refused settings, and the same seeds."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from game.cli import main
from game.sim.intervals import wilson_interval


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["sweep", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_cell_with_the_base_value_is_moat_simulate_with_the_same_seeds() -> None:
    code, out, _ = run("--set", "costs.cost_growth_per_year=3,5", "--policy", "niche-product",
                       "--policy", "closed-api", "--games", "12", "--seed", "7", "--jobs", "1",
                       "--format", "json")
    assert code == 0
    data = json.loads(out)
    rows = [r for r in data["rows"] if r["costs.cost_growth_per_year"] == 5.0]
    simulated = CliRunner().invoke(main, ["simulate", "--games", "12", "--seed", "7",
                                          "--jobs", "1", "--json"]).stdout
    by_policy = {d["policy"]: d for d in json.loads(simulated)}
    assert [r["policy"] for r in rows] == ["niche-product", "closed-api"]
    for row in rows:
        alone = by_policy[row["policy"]]
        assert {f: row[f] for f in ("bust", "acquisition", "niche_win")} == alone["endings"]
        assert row["median_end_month"] == alone["median_end_month"]
        assert row["mean_score"] == alone["mean_score"]
        assert row["mean_grade"] == alone["mean_grade"]
    other = [r for r in data["rows"] if r["costs.cost_growth_per_year"] == 3.0]
    assert [r["mean_score"] for r in other] != [r["mean_score"] for r in rows]
    info = data["manifest"]
    assert info["parameters"] == {"costs.cost_growth_per_year": {"values": [3.0, 5.0],
                                                                 "base": 5.0}}
    assert info["games_per_cell"] == 12 and info["seed"] == 7 and info["paired"] is True
    assert len(info["game_seeds"]) == 12 and info["packs"][0]["id"] == "base"
    assert info["game_version"]
    assert "paired comparisons on the same worlds" in data["note"]


def test_rows_carry_wilson_intervals_of_their_counts() -> None:
    code, out, _ = run("--set", "market.api_rate=20", "--policy", "random", "--games", "20",
                       "--jobs", "1", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("# moat sweep manifest: {")
    assert "paired comparisons" in lines[1]
    (row,) = list(csv.DictReader(io.StringIO("\n".join(lines[2:]))))
    assert row["market.api_rate"] == "20" and row["policy"] == "random" and row["games"] == "20"
    for family in ("bust", "acquisition", "niche_win"):
        count = round(float(row[family]) * 20)
        low, high = wilson_interval(count, 20)
        assert float(row[f"{family}_low"]) == round(low, 4)
        assert float(row[f"{family}_high"]) == round(high, 4)


def test_the_markdown_table_is_ready_for_a_slide() -> None:
    code, out, _ = run("--set", "costs.cost_growth_per_year=3,8", "--set",
                       "funding.round_months=4", "--games", "4", "--policy", "random",
                       "--jobs", "1", "--format", "md")
    assert code == 0, out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("| costs"))
    assert header == ("| costs.cost_growth_per_year | funding.round_months | policy | bust | "
                      "acquired | niche win | median end | mean grade |")
    rows = [line for line in lines if line.startswith("| 3 ") or line.startswith("| 8 ")]
    assert len(rows) == 2
    assert "paired comparisons on the same worlds" in out
    assert "made with `moat sweep --set costs.cost_growth_per_year=3,8" in out


@pytest.mark.parametrize(("setting", "message"), [
    ("costs.cost_growth=3", "rules.toml has no value 'costs.cost_growth' — did you mean "
                            "'costs.cost_growth_per_year'?; valid paths under costs: "
                            "costs.researcher, costs.engineer"),
    ("money.x=1", "its tables are costs, training, release"),
    ("costs=3", "costs is a table; set one of its values: costs.researcher"),
    ("costs.researcher=2.5", "costs.researcher is a whole number (now 30), not '2.5'"),
    ("costs.cost_growth_per_year=3,fast", "is a number (now 5.0), not 'fast'"),
    ("release.closed.open=maybe", "release.closed.open is true or false (now false)"),
    ("costs.researcher=-5", "costs.researcher=-5 is refused by the rules: costs.researcher: "
                            "Input should be greater than or equal to 0"),
    ("costs.researcher", "is not PATH=VALUE[,VALUE...]"),
    ("costs.researcher=1,1", "lists a value twice"),
])
def test_a_bad_setting_is_refused_before_any_game(setting: str, message: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from game.sim import parallel

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a game was played")

    monkeypatch.setattr(parallel, "play", never)
    code, out, err = run("--set", setting, "--games", "2", "--jobs", "1")
    assert code == 2
    assert "Invalid value for --set: " in err and message in err
    assert out == "" and "Traceback" not in err


def test_unknown_policy_or_scenario_is_refused() -> None:
    code, _, err = run("--policy", "greedy", "--games", "2")
    assert code == 2 and "unknown policy 'greedy'" in err
    code, _, err = run("--scenario", "mars", "--games", "2")
    assert code == 2 and "unknown scenario 'mars'" in err
