"""Docstrings name only files a reader of this repository can open."""

from __future__ import annotations

import ast
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILE_NAME = re.compile(r"(?<![\w.])((?:[\w-]+/)*[\w-]+\.(?:md|toml|py|json|tcss|txt|html))\b")


def docstrings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every docstring: of modules, classes and functions, and the strings under attributes."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for statement in body:
            if (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                    and isinstance(statement.value.value, str)):
                yield statement.lineno, statement.value.value


def repository_files() -> tuple[set[str], set[str]]:
    listed = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT,
                            check=False).stdout.split()
    if not listed:  # not a git checkout: take what is on disk
        listed = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()]
    return set(listed), {Path(name).name for name in listed}


def unknown_files(text: str, paths: set[str], names: set[str]) -> list[str]:
    return [name for name in FILE_NAME.findall(text)
            if name not in paths and name not in names
            and not any(path.endswith("/" + name) for path in paths)]


def test_the_checker_finds_a_missing_file() -> None:
    paths, names = {"docs/architecture.md", "content/base/rules.toml"}, {"architecture.md",
                                                                         "rules.toml"}
    text = "See GAME.md §2, docs/architecture.md, base/rules.toml and rules.toml."
    assert unknown_files(text, paths, names) == ["GAME.md"]


def test_no_docstring_names_a_file_outside_the_repository() -> None:
    paths, names = repository_files()
    problems = [f"{path.relative_to(ROOT)}:{line}: {name}"
                for folder in ("game", "tests", "benchmarks")
                for path in sorted((ROOT / folder).rglob("*.py"))
                for line, text in docstrings(ast.parse(path.read_text()))
                for name in unknown_files(text, paths, names)]
    assert problems == []
