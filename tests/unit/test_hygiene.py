"""The rules never see the screen, randomness is never global, and pyproject lists every
package. The import contracts themselves are checked in test_layers.py."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ("game.ui", "game.web")
"""The packages that draw screens, in the terminal or the browser: only they import textual."""


def game_modules() -> list[str]:
    """Every module under game/, found on disk, so a package added later is checked too."""
    names = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_modules_are_found_on_disk() -> None:
    modules = game_modules()
    assert {"game.engine.plan", "game.content.authoring", "game.sim.pack_test"} <= set(modules)
    assert "game.ui.app" in modules


def test_only_the_screens_import_textual_or_rich() -> None:
    """Each module off the screens imports, in a fresh process, without textual or rich."""
    headless = [m for m in game_modules()
                if not any(m == s or m.startswith(s + ".") for s in SCREENS)]
    code = ("import importlib, sys\n"
            f"for name in {headless!r}:\n"
            "    importlib.import_module(name)\n"
            "    bad = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'})\n"
            "    if bad:\n"
            "        print(name, 'imported', ', '.join(bad)); sys.exit(1)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


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


def forbidden_randomness(tree: ast.AST) -> list[tuple[int, str]]:
    """Uses of the global ``random`` module or of ``hash()``, with their line numbers."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, "import random") for alias in node.names
                      if alias.name.split(".")[0] == "random"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "random":
            found.append((node.lineno, "from random import"))
        elif isinstance(node, ast.Name) and node.id == "hash":
            found.append((node.lineno, "hash()"))
    return sorted(found)


def test_the_checker_sees_random_and_hash_however_written() -> None:
    source = ("import os, random as r\nfrom random import choice\nx = hash('a')\n"
              "f = hash\nrandom_ok = 1\ns.hash = 2\n")
    assert forbidden_randomness(ast.parse(source)) == [
        (1, "import random"), (2, "from random import"), (3, "hash()"), (4, "hash()")]


def test_the_game_never_uses_global_random_or_hash() -> None:
    """Game randomness comes from game.engine.rng, the same on every machine and run."""
    problems = [f"{path.relative_to(ROOT)}:{line}: {what}"
                for path in sorted((ROOT / "game").rglob("*.py"))
                for line, what in forbidden_randomness(ast.parse(path.read_text()))]
    assert problems == []


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
