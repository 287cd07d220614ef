"""Mutated pack files: the loader returns a pack or its list of problems, nothing else."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import tomli
from hypothesis import given
from hypothesis import strategies as st

from game.content.loader import PackError, load_content

BASE = Path(__file__).resolve().parents[2] / "content" / "base"
EVENTS = BASE / "events" / "rivals_and_releases.toml"
ORIGINAL = EVENTS.read_bytes()
SAMPLE = tomli.loads(ORIGINAL.decode())


def load_with(event_file: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "base"
        shutil.copytree(BASE, pack)
        (pack / "events" / EVENTS.name).write_bytes(event_file)
        try:
            load_content([pack])
        except PackError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.line >= 1
                assert problem.file.startswith(Path(folder).resolve().as_posix() + "/base/")


@given(st.integers(0, len(ORIGINAL) - 1), st.binary(min_size=1, max_size=12))
def test_byte_mutations(position: int, noise: bytes) -> None:
    load_with(ORIGINAL[:position] + noise + ORIGINAL[position + len(noise):])


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8)


def to_toml(value: Any) -> str:
    """A small TOML writer for the mutated structure (inline tables and arrays)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if not isinstance(value, float) else (
            repr(value) if value == value and abs(value) != float("inf") else "0.0")
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(to_toml(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{k}" = {to_toml(v)}' for k, v in value.items()
                               if v is not None) + "}"
    return '""'


@given(st.integers(0, len(SAMPLE["event"]) - 1), st.text(min_size=1, max_size=12), values)
def test_structure_mutations(index: int, key: str, value: Any) -> None:
    events = [dict(e) for e in SAMPLE["event"]]
    if value is None:
        events[index].pop(key, None)
    else:
        events[index][key] = value
    text = "event = " + to_toml(events) + "\n"
    load_with(text.encode())
