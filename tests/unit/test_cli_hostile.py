"""The moat command given wrong, missing, huge, negative or special-file arguments: a clear
error, a non-zero exit code, never a traceback, never a hang, nothing overwritten."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli import main
from game.content.loader import Content
from game.saves.codec import digest
from game.saves.format import encode
from game.sim.bots import BOTS
from game.sim.simulate import play_game


def run(*args: str, timeout: float = 60) -> tuple[int, str]:
    """Run ``moat ARGS``; fails the test (instead of hanging it) after ``timeout`` seconds."""
    found: list[tuple[int, str]] = []

    def go() -> None:
        result = CliRunner().invoke(main, list(args))
        found.append((result.exit_code, result.output))

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    thread.join(timeout)
    assert found, f"moat {' '.join(args)} did not finish in {timeout} s"
    code, output = found[0]
    assert "Traceback" not in output, output
    return code, output


@pytest.fixture(scope="module")
def save_bytes(content: Content) -> bytes:
    return encode(play_game(content, "newcomer_2023", 4, BOTS["random"]()), "auto")


@pytest.mark.parametrize(("args", "words"), [
    (["play", "--name", "   "], "a company name needs at least one letter"),
    (["play", "--name", "x" * 41], "at most 40 characters"),
    (["play", "--name", "Evil\x1b]0;owned\x07"], "cannot hold control characters"),
    (["play", "--seed", str(10**30)], "--seed"),
    (["simulate", "--games", "10000000000"], "must be at most 1,000,000"),
    (["simulate", "--games", "-1"], "must be at least 1"),
    (["simulate", "--seed", "-" + "9" * 40], "--seed"),
    (["pack", "test", "content/base", "--games", "0"], "must be at least 1"),
    (["replay", "x.json", "--until", "-4", "--save", "y.json"], "must be at least 1"),
])
def test_usage_errors_exit_2_with_the_reason(args: list[str], words: str) -> None:
    code, output = run(*args)
    assert code == 2
    assert words in output
    assert "\x1b" not in output


def test_replay_refuses_special_missing_and_damaged_files(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(b'{"format": "moat-save", "version": 2, "state": ')
    for path, words in ((fifo, "special file"), (zero, "special file"),
                        (tmp_path / "missing.json", "No such file"),
                        (damaged, "cut short")):
        code, output = run("replay", str(path), timeout=20)
        assert code == 1, output
        assert words in output


def test_replay_refuses_a_save_the_game_would_refuse(tmp_path: Path, save_bytes: bytes) -> None:
    document = json.loads(save_bytes)
    document["state"]["month"] = 10**15
    document["state_hash"] = digest(document["state"])
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document))
    code, output = run("replay", str(path), timeout=30)
    assert code == 1
    assert "edited.json: the saved game is damaged at month" in output
    assert "Same game" not in output


def test_replay_never_overwrites_a_file(tmp_path: Path, save_bytes: bytes) -> None:
    save = tmp_path / "game.json"
    save.write_bytes(save_bytes)
    precious = tmp_path / "precious.json"
    precious.write_text("my notes")
    code, output = run("replay", str(save), "--until", "2", "--save", str(precious))
    assert code == 1 and "already exists" in output
    assert precious.read_text() == "my notes"
    code, output = run("replay", str(save), "--until", "2", "--save",
                       str(tmp_path / "no" / "such" / "fork.json"))
    assert code == 1 and "does not exist" in output
    code, output = run("replay", str(save), "--until", "2", "--save", str(tmp_path / "f.json"))
    assert code == 0, output
    assert (tmp_path / "f.json").exists()


def test_unwritable_targets_give_one_line_errors(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    code, output = run("pack", "new", str(a_file / "newpack"))
    assert code == 1
    assert output.startswith("Error: ") and "Not a directory" in output
    code, output = run("pack", "schema", "--out", str(a_file / "schemas"))
    assert code == 1 and "Not a directory" in output


def test_ctrl_c_stops_a_long_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import game.content.packs as packs

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(packs, "load", interrupted)
    code, output = run("simulate", "--games", "1000")
    assert code == 130
    assert "Stopped." in output


def test_an_unexpected_error_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    import game.content.packs as packs

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(packs, "load", broken)
    code, output = run("simulate", "--games", "3")
    assert code == 2
    assert "something went wrong inside Moat: ZeroDivisionError" in output
