"""The import contracts in pyproject hold, and break when a forbidden import is added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = ("import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(no_cache=True, no_logo=True))")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """Run the import linter on the ``game`` package found in ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([sys.executable, "-c", LINT], capture_output=True, text=True,
                          cwd=root, env=env)


def test_the_import_contracts_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def copy_project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "game", tmp_path / "game",
                    ignore=shutil.ignore_patterns("__pycache__", "*.tcss", "*.md"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


BREAKS = [
    ("engine/plan.py", "import textual\n", "Only the screens import textual and rich"),
    ("content/authoring.py", "import rich\n", "Only the screens import textual and rich"),
    ("sim/pack_test.py", "from textual.app import App\n",
     "Only the screens import textual and rich"),
    ("engine/game.py", "import game.content.models\n",
     "Each layer imports only the layers below it"),
    ("saves/store.py", "import game.ui.format\n", "Each layer imports only the layers below it"),
    ("engine/content.py", "from game.engine import game\n",
     "Inside the engine, the rules play the compiled content"),
    ("sim/report.py", "import tomli\n", "Only the pack and save loaders import tomli and pydantic"),
    ("newpart/__init__.py", "", "Each layer imports only the layers below it"),
]


def test_every_forbidden_import_breaks_its_contract(tmp_path: Path) -> None:
    """One copy of the package with every break above; each must be reported."""
    root = copy_project(tmp_path)
    for file, line, _ in BREAKS:
        target = root / "game" / file
        target.parent.mkdir(exist_ok=True)
        with target.open("a") as out:
            out.write(line)
    result = lint(root)
    assert result.returncode == 1, result.stdout + result.stderr
    report = result.stdout
    for contract in {contract for _, _, contract in BREAKS}:
        assert f"{contract} BROKEN" in report
    for file, _, _ in BREAKS:
        module = "game." + file.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        assert module in report, f"{module} not reported"
