"""One misspelled stat in a clean pack is one problem, at its own place, whatever the file.

Packs that validate clean (the base pack, the second shipped pack, and an author's pack with
an override, a scenario and an ending) get one stat name misspelled anywhere it appears: a
condition, a computed effect, an effect key, a score, a scenario's field. The validator must
then report exactly one problem, in that file, on that line.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.loader import validate_packs
from game.engine.expr import FUNCTIONS
from game.engine.stats import STAT_NAMES

ROOT = Path(__file__).resolve().parents[2] / "content"
STORY = "You are asked to choose, and everyone at {company} has an opinion about it. " * 4
AUTHOR = {
    "pack.toml": 'id = "author"\nname = "Author"\nversion = "1.0"\n'
                 'requires = { base = ">=1.0" }\n',
    "events/events.toml": f"""\
        [[event]]
        id = "calmer_hearing"
        overrides = "base:rv_sec_hearing"
        title = "A quieter hearing"
        theme = "security_debate"
        story = "{STORY}"
        when = "reputation >= 30 and month > 3"
        chance = 0.1

        [[event.choice]]
        id = "testify"
        text = "Testify for open weights."
        result = "It goes well."
        effects = {{ hype = 4, cash = "-round(burn / 4)" }}
        flags = ["rv_testified_open"]
        requires = "community >= 10"
        """,
    "scenarios.toml": """\
        [[scenario]]
        id = "garage"
        title = "A garage lab"
        summary = "Two people and a rented GPU."
        start = "2024-02"
        cash = 3000
        researchers = 2
        engineers = 1
        gtm = 0
        capability = -8
        reputation = 20
        community = 15
        hype = 10
        climate = 40
        valuation = 12000
        """,
    "endings.toml": """\
        [[ending]]
        id = "quiet_sale"
        family = "acquisition"
        title = "A quiet sale"
        when = "exit_price > 0 and reputation > 70"
        score = "clamp(40 + reputation / 2, 0, 90)"
        text = "{company} is sold to a buyer who admires it."
        priority = 1
        """,
}
EXPRESSION_LINE = re.compile(r"^\s*(when|requires|score|effects)\s*=")
SCENARIO_KEY = re.compile(r"^\s*([a-z_]+)\s*=")


def _packs(folder: Path) -> list[Path]:
    shutil.copytree(ROOT / "base", folder / "base")
    shutil.copytree(ROOT / "safety_evals", folder / "safety_evals")
    for name, text in AUTHOR.items():
        path = folder / "author" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return [folder / "base", folder / "safety_evals", folder / "author"]


def _occurrences() -> list[tuple[str, int, int, str]]:
    """Every stat name as written in the packs: file, line index, column, name."""
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for pack in _packs(Path(folder)):
            for path in sorted(pack.rglob("*.toml")):
                relative = path.relative_to(Path(folder)).as_posix()
                for number, line in enumerate(path.read_text().splitlines()):
                    if path.name == "scenarios.toml":
                        key = SCENARIO_KEY.match(line)
                        if key and key[1] in STAT_NAMES:
                            found.append((relative, number, key.start(1), key[1]))
                        continue
                    if not EXPRESSION_LINE.match(line):
                        continue
                    for word in re.finditer(r"\b[a-z_]+\b", line.split("=", 1)[1]):
                        if word[0] in STAT_NAMES:
                            start = line.index("=") + 1 + word.start()
                            found.append((relative, number, start, word[0]))
    return found


OCCURRENCES = _occurrences()


def _misspell(name: str, how: int, where: int) -> str:
    where %= len(name)
    variants = [name[:where] + name[where] + name[where:],          # a doubled letter
                name[:where] + name[where + 1:],                      # a dropped letter
                name[:where] + "x" + name[where + 1:]]                # a wrong letter
    return variants[how % 3]


def test_the_fixture_packs_are_clean_and_cover_every_kind_of_file() -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert validate_packs(_packs(Path(folder))) == []
    files = {file for file, *_ in OCCURRENCES}
    assert {"author/events/events.toml", "author/scenarios.toml", "author/endings.toml",
            "base/endings.toml", "base/scenarios.toml"} <= files


@settings(max_examples=30)
@given(st.sampled_from(OCCURRENCES), st.integers(0, 2), st.integers(0, 40))
def test_one_misspelled_stat_is_one_problem_at_its_place(
        occurrence: tuple[str, int, int, str], how: int, where: int) -> None:
    file, number, column, name = occurrence
    wrong = _misspell(name, how, where)
    if wrong in STAT_NAMES or wrong in FUNCTIONS or wrong in {"and", "or", "not", "true",
                                                              "false"}:
        return
    with tempfile.TemporaryDirectory() as folder:
        packs = _packs(Path(folder))
        path = Path(folder) / file
        lines = path.read_text().split("\n")
        line = lines[number]
        lines[number] = line[:column] + wrong + line[column + len(name):]
        path.write_text("\n".join(lines))
        problems = validate_packs(packs)
    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert problem.file.endswith("/" + file), str(problem)
    assert problem.line == number + 1, str(problem)
    assert repr(wrong) in problem.message, str(problem)
