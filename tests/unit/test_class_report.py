"""The class report over simulated and broken saves, and the lecture formats of simulate."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.classroom.card import dumps, make_card
from game.classroom.report import Scorecard, build_report
from game.cli import main
from game.content.loader import Content

GAMES = 6


@pytest.fixture(scope="module")
def class_folder(content: Content, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[Path, Path, dict[str, dict[str, float]]]:
    """A card, and a folder of its simulated games (``--save-games``) with the simulator's
    own JSON of the same run."""
    root = tmp_path_factory.mktemp("class")
    card = root / "card.toml"
    card.write_text(dumps(make_card(content, None, 11, horizon=24, title="Unit 3")))
    saves = root / "saves"
    result = CliRunner().invoke(main, ["simulate", "--class", str(card), "--games", str(GAMES),
                                       "--save-games", str(saves), "--json"])
    assert result.exit_code == 0, result.output
    summaries = json.loads(result.stdout)
    return card, saves, {s["policy"]: s["endings"] for s in summaries}


def test_report_of_simulated_games_counts_what_simulate_counted(
        class_folder: tuple[Path, Path, dict[str, dict[str, float]]]) -> None:
    card, saves, shares = class_folder
    assert len(list(saves.glob("*.json"))) == 4 * GAMES
    result = CliRunner().invoke(main, ["class", "report", str(saves), "--format", "json",
                                       "--no-bots", "--class", str(card)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    counted = report["endings"]["bots"]
    for policy, endings in shares.items():
        assert counted[policy] == {f: round(share * GAMES) for f, share in endings.items()}
    assert report["games"] == 0 and report["bot_games"] == 4 * GAMES


def test_students_beside_bots_with_broken_files_skipped(
        content: Content, class_folder: tuple[Path, Path, dict[str, dict[str, float]]],
        tmp_path: Path) -> None:
    card, saves, _ = class_folder
    folder = tmp_path / "hand-in"
    folder.mkdir()
    students = sorted(saves.glob("niche-product-*.json"))[:3]
    for index, path in enumerate(students):  # students who played like the niche bot
        document = json.loads(path.read_bytes())
        del document["bot"]
        document["company"] = f"Student {index}"
        (folder / f"student{index}.json").write_text(json.dumps(document))
    (folder / "cut.json").write_text('{"format": "moat-save", "version": 2, "meta"')
    (folder / "future.json").write_text('{"format": "moat-save", "version": 99}')
    (folder / "notes.json").write_text('{"shopping": ["milk"]}')
    edited = json.loads(students[0].read_bytes())
    edited["state"]["stats"]["cash"] = 10**9
    (folder / "edited.json").write_text(json.dumps(edited))
    result = CliRunner().invoke(main, ["class", "report", str(folder), "--class", str(card)])
    assert result.exit_code == 0, result.output
    assert "| 1 | Student " in result.stdout and "| 3 | Student " in result.stdout
    assert "Skipped" in result.stderr and "Warning: 4 files skipped" in result.stderr
    for name, reason in [("cut.json", "cut short"), ("future.json", "newer version"),
                         ("notes.json", "not a Moat save"), ("edited.json", "checksum")]:
        line = next(x for x in result.stderr.splitlines() if name in x)
        assert reason in line
    assert "| bot: niche-product | 3 |" in result.stdout  # the bots played each world
    assert "## Causes that recurred" in result.stdout


def test_nothing_readable_is_exit_1(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("nope")
    result = CliRunner().invoke(main, ["class", "report", str(tmp_path)])
    assert result.exit_code == 1
    assert "no game could be read" in result.stderr
    missing = CliRunner().invoke(main, ["class", "report", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "no such file or folder" in missing.stderr


def test_scorecard_averages_the_last_months(
        content: Content, class_folder: tuple[Path, Path, dict[str, dict[str, float]]]) -> None:
    _, saves, _ = class_folder
    report = build_report([saves], content, Scorecard.parse("revenue=1", last=3), bots=False)
    best = max(report.rows, key=lambda r: r.rank or 0)
    worst = min(report.rows, key=lambda r: r.rank or 0)
    assert best.rank == 100 and worst.rank == 0
    mean = sum(r["revenue"] for r in best.history[-3:]) / len(best.history[-3:])
    assert all(sum(r["revenue"] for r in row.history[-3:]) / len(row.history[-3:]) <= mean
               for row in report.rows)
    with pytest.raises(ValueError, match="'luck' is not something to score"):
        Scorecard.parse("luck=1")


def test_report_formats(class_folder: tuple[Path, Path, dict[str, dict[str, float]]],
                        tmp_path: Path) -> None:
    _, saves, _ = class_folder
    out = tmp_path / "report.csv"
    result = CliRunner().invoke(main, ["class", "report", str(saves), "--format", "csv",
                                       "--out", str(out), "--rank", "score=1,cash=1"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 4 * GAMES and rows[0]["bot"]
    page = CliRunner().invoke(main, ["class", "report", str(saves), "--format", "html"])
    assert page.stdout.startswith("<!DOCTYPE html>") and "<svg" in page.stdout


def test_simulate_slide_formats() -> None:
    runner = CliRunner()
    md = runner.invoke(main, ["simulate", "--games", "12", "--format", "md"])
    assert md.exit_code == 0, md.output
    assert "| strategy | bust | acquired | niche win | median end month |" in md.stdout
    assert "#### Paired on the same seeds" in md.stdout
    assert "| generalist-open | niche-product |" in md.stdout
    table = runner.invoke(main, ["simulate", "--games", "12", "--format", "csv",
                                 "--policy", "random"])
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [r["ending"] for r in rows] == ["bust", "acquisition", "niche_win"]
    assert sum(int(r["count"]) for r in rows) == 12
    assert all(float(r["low95"]) <= float(r["share"]) <= float(r["high95"]) for r in rows)
    both = runner.invoke(main, ["simulate", "--json", "--format", "md"])
    assert both.exit_code == 2
