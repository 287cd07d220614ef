"""Grades have one definition: the bands are content, the letters live in game.engine.grades."""

from __future__ import annotations

import ast
from pathlib import Path

from game.engine.content import Content
from game.engine.grades import BANDED, LETTERS, bands_text, grade_letter

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "game" / "engine" / "grades.py"


def test_a_score_takes_the_first_band_it_reaches(content: Content) -> None:
    bands = content.grades
    assert list(bands) == list(BANDED)
    assert grade_letter(bands["A"], bands) == "A"
    assert grade_letter(bands["A"] - 0.1, bands) == "B"
    assert grade_letter(bands["D"], bands) == "D"
    assert grade_letter(bands["D"] - 0.1, bands) == "F" == LETTERS[-1]
    assert bands_text({"A": 90, "B": 70, "C": 50, "D": 30}) == \
        "A from 90, B from 70, C from 50, D from 30, F below"


def _spells_the_letters(node: ast.AST) -> bool:
    """A literal naming the grade letters in order: ``"ABCD"`` or ``("A", "B", "C", "D")``."""
    if isinstance(node, ast.Constant) and node.value in ("ABCD", "ABCDF"):
        return True
    if isinstance(node, ast.Tuple | ast.List):
        values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        return len(values) == len(node.elts) >= 4 and values[:4] == ["A", "B", "C", "D"]
    return False


def test_no_module_but_the_grades_module_spells_the_letters() -> None:
    found = [f"{path.relative_to(ROOT)}:{node.lineno}"
             for path in sorted((ROOT / "game").rglob("*.py")) if path != HOME
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.expr) and _spells_the_letters(node)]
    assert found == []
    assert _spells_the_letters(ast.parse('("A", "B", "C", "D", "F")', mode="eval").body)
