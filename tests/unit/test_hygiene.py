"""The rules never see the screen; the package list in pyproject is complete."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADLESS = ["game.engine.game", "game.engine.decisions", "game.content.packs", "game.saves.store",
            "game.saves.format", "game.saves.replay",
            "game.sim.simulate", "game.sim.report", "game.cli"]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_modules_do_not_import_textual_or_rich(module: str) -> None:
    code = (f"import sys, {module}; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
            "print(','.join(bad)); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, f"{module} imported {result.stdout.strip()}"


def test_simulate_command_never_imports_textual() -> None:
    code = ("import sys; from click.testing import CliRunner; from game.cli import main; "
            "r = CliRunner().invoke(main, ['simulate', '--games', '1', '--policy', 'random']); "
            "assert r.exit_code == 0, r.output; "
            "sys.exit(1 if 'textual' in sys.modules else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "game").rglob("__init__.py")}
    assert found | {"game._packs"} == listed


def test_engine_never_uses_global_random_or_hash() -> None:
    for path in (ROOT / "game").rglob("*.py"):
        text = path.read_text()
        assert "import random\n" not in text, path
        assert "random.random(" not in text and "random.choice(" not in text, path
        assert " hash(" not in text, path


def test_engine_loads_no_file_format_or_screen_library() -> None:
    """Every engine module imports without the TOML reader, the pack schema or the screen."""
    code = ("import importlib, pkgutil, sys, game.engine\n"
            "for m in pkgutil.walk_packages(game.engine.__path__, 'game.engine.'):\n"
            "    importlib.import_module(m.name)\n"
            "bad = sorted({m.split('.')[0] for m in sys.modules} & "
            "{'tomli', 'pydantic', 'textual', 'rich'})\n"
            "print(','.join(bad)); sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, f"the engine loaded {result.stdout.strip()}{result.stderr}"
