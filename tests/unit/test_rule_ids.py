"""Ids the engine depends on are named in rules.toml and checked by the validator."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.content.loader import validate_packs

BASE = Path(__file__).resolve().parents[2] / "content" / "base"


def test_a_ruling_flag_nothing_sets_is_reported_at_its_line(tmp_path: Path) -> None:
    pack = tmp_path / "base"
    shutil.copytree(BASE, pack)
    rules = pack / "rules.toml"
    text = rules.read_text()
    rules.write_text(text.replace('piracy_flag = "ruling_piracy_liable"',
                                  'piracy_flag = "ruling_piracy_liabel"'))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("piracy_flag"))
    problems = validate_packs([pack])
    assert [(p.file, p.line, p.field) for p in problems] == [
        (str(rules), line, "standing.piracy_flag")]
    assert "'ruling_piracy_liable'" in problems[0].message


def test_the_shipped_rules_name_flags_their_events_set() -> None:
    assert validate_packs([BASE]) == []
