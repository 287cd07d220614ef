"""Text that depends on the state: {if}/{elif}/{else}/{end} in stories, choices and endings."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.loader import Problem, load_content, validate_packs
from game.content.packs import base_pack
from game.engine import hand
from game.engine.expr import Namespace, compile_expr
from game.engine.game import Game
from game.engine.stats import RANGES, STAT_NAMES
from game.engine.text import TextError, compile_text
from tests.unit.test_validate import BASE, event, write_pack

SPACE = Namespace(stats=STAT_NAMES, ranges=RANGES)


def render(source: str, **stats: float) -> str:
    template = compile_text(source, lambda c: compile_expr(c, SPACE, "bool"))
    values = dict.fromkeys(STAT_NAMES, 0.0) | stats

    class State:
        flags = {"pact"}

    return template.render(values, State(), "Acme")


def test_the_first_branch_that_holds_is_shown() -> None:
    text = "{company}: {if open_models >= 1}your weights are open{elif closed_models >= 1}" \
           "your API is closed{else}nothing is out{end}."
    assert render(text, open_models=1) == "Acme: your weights are open."
    assert render(text, closed_models=2) == "Acme: your API is closed."
    assert render(text) == "Acme: nothing is out."


def test_segments_nest_and_read_flags() -> None:
    text = "A{if products_live >= 1} B{if flag(\"pact\")} C{end}{end}."
    assert render(text, products_live=1) == "A B C."
    assert render(text) == "A."


@pytest.mark.parametrize(("source", "message"), [
    ("x {end}", "without an {if"),
    ("x {if hype > 1} y", "has no {end}"),
    ("{if hype > 1}a{else}b{elif hype > 2}c{end}", "after {else}"),
])
def test_bad_markup_is_refused(source: str, message: str) -> None:
    with pytest.raises(TextError, match=message):
        compile_text(source, lambda c: compile_expr(c, SPACE, "bool"))


def markup_problems(tmp_path: Path, text: str) -> list[Problem]:
    """The validator's problems with a one-event pack, less the short story of the sample."""
    found = validate_packs([BASE, write_pack(tmp_path, {"events/a.toml": text})])
    return [p for p in found if "words" not in p.message]


def test_the_validator_names_the_line_of_a_bad_condition(tmp_path: Path) -> None:
    text = event(extra="").replace(
        'story = "Something happens to {company}."',
        'story = """\nSomething happens.\nThen {if hype > 1 and reputaton > 2}more{end}.\n"""')
    found = markup_problems(tmp_path, text)
    assert [(p.file.endswith("extra/events/a.toml"), p.line, p.field) for p in found] == [
        (True, 7, "event[1].story")]
    assert "unknown stat 'reputaton'" in found[0].message
    assert found[0].column == 6


def test_the_validator_names_the_line_of_unclosed_markup(tmp_path: Path) -> None:
    text = event().replace('result = "It is done."',
                           'result = "It is done{if hype > 1}, loudly."')
    found = markup_problems(tmp_path, text)
    assert [(p.line, p.field) for p in found] == [(12, "event[1].choice[1].result")]
    assert "has no {end}" in found[0].message


def test_the_validator_counts_words_of_the_longest_version(tmp_path: Path) -> None:
    long = " ".join(["word"] * 120)
    text = event().replace('story = "Something happens to {company}."',
                           f'story = "{long} {{if hype > 1}}{long}{{else}}short{{end}}"')
    found = validate_packs([BASE, write_pack(tmp_path, {"events/a.toml": text})])
    assert any("121 to 240 words" in p.message for p in found)


def test_a_text_condition_on_a_flag_nothing_sets_is_reported(tmp_path: Path) -> None:
    text = event().replace('text = "Do the first thing."',
                           'text = "Do it{if flag(\\"nobody_sets\\")} again{end}."')
    found = validate_packs([BASE, write_pack(tmp_path, {"events/a.toml": text})])
    assert any(p.field == "event[1].choice[1].text" and "nobody_sets" in p.message
               for p in found)


def test_the_game_shows_the_variant_the_state_holds(tmp_path: Path) -> None:
    text = event(when="month >= 1").replace(
        'story = "Something happens to {company}."',
        'story = "{company} {if open_models >= 1}gave its weights away{else}kept its '
        'weights{end}."').replace('chance = 0.2', 'chance = 1.0')
    content = load_content([base_pack(), write_pack(tmp_path, {"events/a.toml": text})])
    game = Game.new(content, seed=3, company="Acme")
    assert game.story("extra:one") == "Acme gave its weights away."
    hand.set_stat(game, "open_models", 0)
    assert game.story("extra:one") == "Acme kept its weights."


# how many times the size of yours each phrase of the poaching story claims a rival is
SIZE_PHRASES = {"dozens of times": (30, None), "about thirty times": (24, 40),
                "about twenty times": (16, 26), "more than ten times": (10, 17),
                "five to ten times": (5, 10), "three to five times": (3, 5),
                "two or three times": (1.5, 3), "about": (0.5, 1.6)}


@pytest.mark.parametrize("researchers", [3, 7, 8, 11, 14, 17, 18, 29, 30, 59, 60, 99, 100,
                                         199, 200, 400])
def test_the_poaching_story_sizes_the_rival_against_the_team_you_have(
        researchers: int) -> None:
    content = load_content([base_pack()])
    game = Game.new(content, seed=1)
    hand.set_stat(game, "researchers", researchers)
    story = " ".join(game.story("pc_poaching_wave").split())
    (phrase,) = [p for p in SIZE_PHRASES if f"is {p} the size of yours" in story]
    low, high = SIZE_PHRASES[phrase]
    ratio = content.rivals["orrery"].researchers / researchers
    assert low <= ratio and (high is None or ratio <= high), (phrase, ratio)
