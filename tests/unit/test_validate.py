"""The pack validator: each kind of problem, named with its file and line; clean base pack."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.content.loader import Problem, validate_packs

BASE = Path(__file__).resolve().parents[2] / "content" / "base"
MANIFEST = 'id = "extra"\nname = "Extra"\nversion = "1.0"\nrequires = { base = ">=1.0" }\n'

EVENT = """\
[[event]]
id = "{id}"
title = "A test"
theme = "press"
story = "Something happens to {{company}}."
when = '{when}'
chance = 0.2

[[event.choice]]
id = "first"
text = "Do the first thing."
result = "It is done."
effects = {effects}
{extra}
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Problems name files relative to where the command runs: here, the packs' folder."""
    monkeypatch.chdir(tmp_path)


def event(id: str = "one", when: str = "month > 1", effects: str = "{ hype = 1 }",  # noqa: A002
          extra: str = "") -> str:
    return EVENT.format(id=id, when=when, effects=effects, extra=extra)


def write_pack(root: Path, files: dict[str, str], name: str = "extra") -> Path:
    pack = root / name
    for name, text in ({"pack.toml": MANIFEST} | files).items():
        path = pack / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return pack


def problems(tmp_path: Path, files: dict[str, str]) -> list[Problem]:
    return validate_packs([BASE, write_pack(tmp_path, files)])


CASES = {
    "toml syntax": ({"events/a.toml": 'x = "open\n'}, "events/a.toml", 1,
                    "(syntax)", "this string is not closed"),
    "schema: unknown key": ({"events/a.toml": event(extra='colour = "red"')},
                            "events/a.toml", 14, "event[1].choice[1].colour", "unknown key"),
    "schema: wrong type": ({"events/a.toml": event().replace("chance = 0.2", 'chance = "high"')},
                           "events/a.toml", 7, "event[1].chance",
                           "should be a number from 0 to 1, or a target such as "
                           "\"auto(30%)\", not 'high'"),
    "unknown stat": ({"events/a.toml": event(when="reputaton > 5")}, "events/a.toml", 6,
                     "event[1].when", "unknown stat 'reputaton' — did you mean 'reputation'?"),
    "unknown effect stat": ({"events/a.toml": event(effects="{ hyp = 1 }")}, "events/a.toml",
                            13, "event[1].choice[1].effects.hyp",
                            "unknown stat 'hyp' — did you mean 'hype'?"),
    "unknown flag": ({"events/a.toml": event(when='flag("lawsut_filed")')}, "events/a.toml", 6,
                     "event[1].when", "unknown flag 'lawsut_filed' — did you mean "
                                      "'lawsuit_filed'? (no choice or scenario sets it)"),
    "unknown event": ({"events/a.toml": event(
        extra='follow_ups = [{ event = "base:lm_lawsuit_authrs", months = 2 }]')},
        "events/a.toml", 14, "event[1].choice[1].follow_ups[1].event",
        "no event 'base:lm_lawsuit_authrs' — did you mean 'base:lm_lawsuit_authors'?"),
    "unknown rival": ({"events/a.toml": event(extra='rivals = [{ id = "brize", hype = 2 }]')},
                      "events/a.toml", 14, "event[1].choice[1].rivals[1].id",
                      "unknown rival 'brize' — did you mean 'brise'?"),
    "unknown product": ({"events/a.toml": event(when='product("pockett")')}, "events/a.toml",
                        6, "event[1].when", "unknown product 'pockett' — did you mean 'pocket'?"),
    "unknown domain": ({"events/a.toml": event(when='lead("cod") > 0')}, "events/a.toml", 6,
                       "event[1].when", "unknown domain 'cod' — did you mean 'code'?"),
    "duplicate id": ({"events/a.toml": event(), "events/b.toml": event()}, "events/b.toml", 2,
                     "event[1].id", "duplicate event id 'one' (also in extra/events/a.toml)"),
    "missing follow-up": ({"events/a.toml": event(
        extra='follow_ups = [{ event = "two", months = 2 }]')}, "events/a.toml", 14,
        "event[1].choice[1].follow_ups[1].event", "no event 'two'"),
    "never true": ({"events/a.toml": event(when="hype > 150")}, "events/a.toml", 6,
                   "event[1].when", "'hype > 150' can never be true given the stats' ranges"),
    "unreachable follow-up": ({"events/a.toml": event().replace(
        "chance = 0.2", "follow_up_only = true")}, "events/a.toml", 7,
        "event[1].follow_up_only", "no choice schedules this follow-up, so it never happens"),
    "unreachable ending": ({"endings.toml": """\
        [[ending]]
        id = "impossible_win"
        family = "niche_win"
        title = "Never"
        when = "months_left < 0"
        score = "100"
        text = "It cannot happen."
        """}, "endings.toml", 5, "ending[1].when", "can never happen"),
    "missing requirement": ({"pack.toml": MANIFEST.replace(
        'requires = { base = ">=1.0" }', 'requires = { base = ">=1.0", law = ">=2" }')},
        "pack.toml", 4, "requires.law", "needs the pack 'law' (>=2), which is not loaded"),
    "version mismatch": ({"pack.toml": MANIFEST.replace('">=1.0"', '">=3.0"')}, "pack.toml",
                         4, "requires.base", "needs base >=3.0, but version 1.0.0 is loaded"),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_problem_names_file_line_and_field(tmp_path: Path, kind: str) -> None:
    files, file, line, field, message = CASES[kind]
    found = problems(tmp_path, files)
    matching = [p for p in found if p.file == f"extra/{file}" and p.field == field]
    assert matching, [str(p) for p in found]
    assert matching[0].line == line, str(matching[0])
    assert message in matching[0].message, str(matching[0])


def test_the_base_pack_has_no_problems() -> None:
    assert validate_packs([BASE]) == []


def test_override_and_disable_compose(tmp_path: Path) -> None:
    from game.content.loader import load_content

    files = {
        "pack.toml": MANIFEST + 'disable = ["base:pc_podcast_gaffe"]\n',
        "events/a.toml": event(id="gentler_hearing").replace(
            'theme = "press"', 'theme = "security_debate"\noverrides = "base:rv_sec_hearing"'),
    }
    content = load_content([BASE, write_pack(tmp_path, files)])
    assert "pc_podcast_gaffe" not in content.events
    assert content.events["rv_sec_hearing"].pack == "extra"
    assert content.events["rv_sec_hearing"].model.id == "gentler_hearing"


def test_two_packs_changing_one_event_conflict(tmp_path: Path) -> None:
    first = write_pack(tmp_path, {"pack.toml": MANIFEST + 'disable = ["base:pc_podcast_gaffe"]\n'})
    second = write_pack(tmp_path, {"pack.toml": MANIFEST.replace('"extra"', '"other"')
                                   + 'disable = ["base:pc_podcast_gaffe"]\n'}, name="other")
    found = [str(p) for p in validate_packs([BASE, first, second])]
    assert found == ["other/pack.toml:5:12: disable[1]: conflict: extra/pack.toml and "
                     "other/pack.toml both change event 'pc_podcast_gaffe'"]


def test_the_second_pack_composes_cleanly() -> None:
    from game.content.loader import load_content
    from game.sim.pack_test import run_pack_test

    second = BASE.parent / "safety_evals"
    assert validate_packs([BASE, second]) == []
    base = load_content([BASE])
    both = load_content([second, BASE])  # any order: the base pack loads first
    assert [p.id for p in both.packs] == ["base", "safety_evals"]
    ours = [e for e in both.events.values() if e.pack == "safety_evals"]
    assert len(ours) >= 12
    assert both.events["pc_ai_act_thresholds"].pack == "safety_evals"  # its override
    report = run_pack_test(base, both, "safety_evals", games=12, seed=3)
    assert sum(s.fired for s in report.events.values()) > 0
    assert sum(report.endings_with.values()) == 12


def test_prompts_name_real_events_and_endings(tmp_path: Path, base_path: Path) -> None:
    pack = tmp_path / "lesson"
    (pack / "events").mkdir(parents=True)
    (pack / "pack.toml").write_text('id = "lesson"\nname = "Lesson"\nversion = "1.0"\n')
    (pack / "prompts.toml").write_text(
        '[[prompt]]\nid = "a"\ntext = "Why?"\nevents = ["base:lm_lawsuit_autors"]\n\n'
        '[[prompt]]\nid = "b"\ntext = "How?"\nendings = ["nich_win"]\n\n'
        '[[prompt]]\nid = "b"\ntext = "And?"\n')
    problems = [str(p) for p in validate_packs([base_path, pack])]
    assert any("lesson/prompts.toml:4:" in p and "unknown event 'base:lm_lawsuit_autors'"
               in p and "lm_lawsuit_authors" in p for p in problems), problems
    assert any("lesson/prompts.toml:9:" in p and "unknown ending 'nich_win'" in p
               and "niche_win" in p for p in problems), problems
    assert any("lesson/prompts.toml:12:" in p and "duplicate id 'b'" in p
               for p in problems), problems
