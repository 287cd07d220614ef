"""Every line the validator prints is right: one fixture per class of mistake an author makes,
asserting the file, line, column and message of each problem, and that nothing else is said."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.content.loader import validate_packs

BASE = Path(__file__).resolve().parents[2] / "content" / "base"
MANIFEST = 'id = "extra"\nname = "Extra"\nversion = "1.0"\nrequires = { base = ">=1.0" }\n'
STORY = ("You are asked to choose, and everyone at {company} has an opinion about it. " * 4)

EVENT = f"""\
[[event]]
id = "one"
title = "A test"
theme = "press"
story = "{STORY}"
when = "month > 1"
chance = 0.2

[[event.choice]]
id = "first"
text = "Do the first thing."
result = "It is done."
effects = {{ hype = 1 }}
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def found(tmp_path: Path, files: dict[str, str], name: str = "extra") -> list[str]:
    pack = tmp_path / name
    for file, text in ({"pack.toml": MANIFEST} | files).items():
        path = pack / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return [str(p) for p in validate_packs([BASE, pack])]


def test_a_clean_fixture_is_clean(tmp_path: Path) -> None:
    assert found(tmp_path, {"events/a.toml": EVENT}) == []


# -- 1. problems in an overriding event are reported in the author's file ----------------------

OVERRIDE = EVENT.replace('theme = "press"', 'theme = "press"\noverrides = "base:rv_sec_hearing"')


def test_an_overriding_events_problems_are_in_the_authors_file(tmp_path: Path) -> None:
    text = OVERRIDE.replace('effects = { hype = 1 }',
                            'effects = { hype = 1 }\nrequires = \'flag("no_such_flag")\'')
    text = text.replace(f'story = "{STORY}"', 'story = "Too short."')
    base = BASE / "events" / "rivals_and_releases.toml"
    line = base.read_text().splitlines().index("requires = 'flag(\"rv_testified_open\")'") + 1
    assert found(tmp_path, {"events/a.toml": text}) == [
        "extra/events/a.toml:5:1: event[1].overrides: once this event replaces "
        "'rv_sec_hearing', nothing sets the flag 'rv_testified_open', which "
        f"{base}:{line} tests: set it in one of your choices",
        "extra/events/a.toml:6:1: event[1].story: the story has 2 words; write 40 to 150 so "
        "it reads as a scene, not a headline or an essay",
        "extra/events/a.toml:15:1: event[1].choice[1].requires: unknown flag 'no_such_flag' "
        "(no choice or scenario sets it)",
    ]


# -- 2. suggestions are valid in their field, and of the right kind ----------------------------

def test_an_override_suggestion_is_qualified_and_of_another_pack(tmp_path: Path) -> None:
    text = OVERRIDE.replace("base:rv_sec_hearing", "rv_sec_haering") + EVENT.replace(
        'id = "one"', 'id = "rv_sec_hearin"')
    assert found(tmp_path, {"events/a.toml": text}) == [
        "extra/events/a.toml:5:1: event[1].overrides: no event 'rv_sec_haering' to override "
        "— did you mean 'base:rv_sec_hearing'? (write 'pack:id' of an event in a pack loaded "
        "earlier)"]


def test_a_disable_suggestion_is_qualified(tmp_path: Path) -> None:
    manifest = MANIFEST + 'disable = ["base:pc_podcast_gafe"]\n'
    assert found(tmp_path, {"pack.toml": manifest, "events/a.toml": EVENT}) == [
        "extra/pack.toml:5:12: disable[1]: no event 'base:pc_podcast_gafe' to disable — did "
        "you mean 'base:pc_podcast_gaffe'? (write 'pack:id' of another pack's event)"]


def test_a_follow_up_suggestion_is_written_as_the_field_needs(tmp_path: Path) -> None:
    text = EVENT.replace("effects = { hype = 1 }", 'effects = { hype = 1 }\nfollow_ups = '
                         '[{ event = "lm_lawsuit_author", months = 2 }]')
    assert found(tmp_path, {"events/a.toml": text}) == [
        "extra/events/a.toml:14:17: event[1].choice[1].follow_ups[1].event: no event "
        "'lm_lawsuit_author' — did you mean 'base:lm_lawsuit_authors'?"]


# -- 3. no knock-on errors ---------------------------------------------------------------------

def test_an_event_that_fails_its_schema_still_counts_as_defined(tmp_path: Path) -> None:
    scheduler = EVENT.replace("effects = { hype = 1 }", 'effects = { hype = 1 }\nfollow_ups = '
                              '[{ event = "two", months = 2 }]')
    broken = EVENT.replace('id = "one"', 'id = "two"').replace('title = "A test"\n', "")
    assert found(tmp_path, {"events/a.toml": scheduler, "events/b.toml": broken}) == [
        "extra/events/b.toml:1:3: event[1].title: required but missing"]


def test_a_product_that_fails_its_schema_still_counts_for_conditions(tmp_path: Path) -> None:
    products = """\
        [[product]]
        id = "gadget"
        name = "Gadget"
        description = "A gadget."
        domains = ["code"]
        min_capability = "high"
        gtm = 1
        launch_cost = 10
        revenue = 10
        """
    text = EVENT.replace('when = "month > 1"', "when = 'product(\"gadget\")'")
    assert found(tmp_path, {"products.toml": products, "events/a.toml": text}) == [
        "extra/products.toml:6:1: product[1].min_capability: should be a number (without "
        "quotes), not 'high'"]


# -- 4. every problem at once, even after a type error -----------------------------------------

def test_a_type_error_does_not_hide_the_rest_of_the_table(tmp_path: Path) -> None:
    scenarios = """\
        [[scenario]]
        id = "broke"
        title = "Broke"
        summary = "No money."
        start = "2024-01"
        cash = "none"
        researchers = 2
        engineers = 2
        gtm = 0
        capability = -5
        capability_focus = { kode = 3 }
        reputation = 20
        community = 10
        hype = 10
        climate = 50
        valuation = 1000
        absent_rivals = ["brize"]
        """
    text = EVENT.replace("chance = 0.2", "chance = 2").replace('when = "month > 1"',
                                                                'when = "hyp > 1"')
    assert found(tmp_path, {"scenarios.toml": scenarios, "events/a.toml": text}) == [
        "extra/events/a.toml:6:9: event[1].when: unknown stat 'hyp' — did you mean 'hype'?",
        "extra/events/a.toml:7:1: event[1].chance: should be a number from 0 to 1, not 2",
        "extra/scenarios.toml:6:1: scenario[1].cash: should be a whole number (without quotes), "
        "not 'none'",
        "extra/scenarios.toml:11:22: scenario[1].capability_focus.kode: unknown domain 'kode' "
        "— did you mean 'code'?",
        "extra/scenarios.toml:17:18: scenario[1].absent_rivals[1]: unknown rival 'brize' — "
        "did you mean 'brise'?",
    ]


# -- 5. pack ids and grades --------------------------------------------------------------------

def test_a_pack_id_that_differs_from_its_folder(tmp_path: Path) -> None:
    assert found(tmp_path, {"events/a.toml": EVENT}, name="extra_pack") == [
        "extra_pack/pack.toml:1:1: id: the pack's id is 'extra' but its folder is "
        "'extra_pack': the folder's name is the pack's id, so rename one to match the other"]


GRADES = "[grades]\nA = 90\nB = 70\nC = 50\nD = 30\n"


def test_grades_stay_the_base_packs_unless_overridden(tmp_path: Path) -> None:
    assert found(tmp_path, {"endings.toml": GRADES}) == [
        "extra/endings.toml:1:2: grades: the base pack's grades apply to every game; to "
        "replace them with these, add overrides = true to [grades], or remove it"]


def test_two_packs_overriding_grades_differently_conflict(tmp_path: Path) -> None:
    from game.content.loader import load_content

    first = tmp_path / "extra"
    found(tmp_path, {"endings.toml": GRADES + "overrides = true\n"})
    assert load_content([BASE, first]).grades == {"A": 90, "B": 70, "C": 50, "D": 30}
    other = MANIFEST.replace('"extra"', '"other"')
    problems = found(tmp_path, {"pack.toml": other, "endings.toml": GRADES.replace("90", "85")
                                + "overrides = true\n"}, name="other")
    assert problems == []  # alone it is fine
    both = [str(p) for p in validate_packs([BASE, first, tmp_path / "other"])]
    assert both == ["other/endings.toml:6:1: grades.overrides: conflict: extra/endings.toml "
                    "and other/endings.toml both replace the grades, with different bands"]


# -- 6. what was missed ------------------------------------------------------------------------

ENDING = """\
[[ending]]
id = "big_sale"
family = "acquisition"
title = "A big sale"
when = "exit_price > 50000"
score = "90"
text = "{company} is sold for a fortune."
"""


def test_an_ending_an_earlier_one_always_pre_empts(tmp_path: Path) -> None:
    assert found(tmp_path, {"endings.toml": ENDING}) == [
        f"extra/endings.toml:5:1: ending[1].when: the acquisition ending 'big_sale' is never "
        f"used: whenever its condition holds, 'acquihire' ({BASE}/endings.toml) or "
        f"'strategic_sale' ({BASE}/endings.toml) holds too and is tried first; give it "
        "priority = 1 to be tried before"]
    assert found(tmp_path, {"endings.toml": ENDING + "priority = 1\n"}) == []


def test_an_ending_that_always_holds_is_blamed_for_those_it_hides(tmp_path: Path) -> None:
    always = ENDING.replace('when = "exit_price > 50000"\n', "priority = 2\n")
    later = ENDING.replace("big_sale", "bigger_sale") + "priority = 1\n"
    problems = found(tmp_path, {"endings.toml": always + "\n" + later})
    base = (BASE / "endings.toml").read_text().splitlines()
    lines = [base.index(f'id = "{name}"') + 4 for name in ("acquihire", "strategic_sale")]
    assert problems == [
        f"extra/endings.toml:1:3: ending[1].when: the acquisition ending 'big_sale' is tried "
        f"before 'acquihire' ({BASE}/endings.toml:{lines[0]}) and holds whenever it does, so "
        "that one is never used: narrow this condition or lower this ending's priority",
        f"extra/endings.toml:1:3: ending[1].when: the acquisition ending 'big_sale' is tried "
        f"before 'strategic_sale' ({BASE}/endings.toml:{lines[1]}) and holds whenever it "
        "does, so that one is never used: narrow this condition or lower this ending's "
        "priority",
        "extra/endings.toml:13:1: ending[2].when: the acquisition ending 'bigger_sale' is "
        "never used: whenever its condition holds, 'big_sale' (extra/endings.toml) holds too "
        "and is tried first; give it priority = 3 to be tried before"]


def test_a_follow_up_to_a_disabled_event(tmp_path: Path) -> None:
    manifest = MANIFEST + 'disable = ["base:lm_lawsuit_authors"]\n'
    text = EVENT.replace("effects = { hype = 1 }", 'effects = { hype = 1 }\nfollow_ups = '
                         '[{ event = "base:lm_lawsuit_authors", months = 2 }]')
    problems = found(tmp_path, {"pack.toml": manifest, "events/a.toml": text})
    assert problems == [
        "extra/events/a.toml:14:17: event[1].choice[1].follow_ups[1].event: event "
        "'lm_lawsuit_authors' is disabled (by extra/pack.toml) but 'extra:one' schedules it "
        "as a follow-up; override or disable 'extra:one' too, or keep 'lm_lawsuit_authors'"]


def test_an_acquisition_without_a_price(tmp_path: Path) -> None:
    text = EVENT.replace("effects = { hype = 1 }", 'effects = { hype = 1 }\nending = '
                         '"acquisition"')
    assert found(tmp_path, {"events/a.toml": text}) == [
        "extra/events/a.toml:14:1: event[1].choice[1].ending: an acquisition needs a price: "
        'add an exit_price effect (what the buyer pays, $k), e.g. exit_price = '
        '"valuation * 0.5"']


def test_a_placeholder_that_names_nothing(tmp_path: Path) -> None:
    text = EVENT.replace('result = "It is done."', 'result = "{compnay} did it."')
    assert found(tmp_path, {"events/a.toml": text}) == [
        "extra/events/a.toml:12:1: event[1].choice[1].result: {compnay} names nothing and "
        "would be shown as it is — did you mean {company}?; this text can use {company}"]


def test_unflag_of_a_flag_nothing_sets(tmp_path: Path) -> None:
    text = EVENT.replace("effects = { hype = 1 }", 'effects = { hype = 1 }\nunflag = '
                         '["sharing_pakt"]')
    assert found(tmp_path, {"events/a.toml": text}) == [
        "extra/events/a.toml:14:11: event[1].choice[1].unflag[1]: unknown flag 'sharing_pakt' "
        "— did you mean 'sharing_pact'?: no choice or scenario sets it, so clearing it does "
        "nothing"]


def test_a_rival_id_used_by_two_packs_names_both_files(tmp_path: Path) -> None:
    rivals = """\
        [[rival]]
        id = "brise"
        name = "Brise"
        kind = "open_startup"
        description = "A copy."
        """
    problems = found(tmp_path, {"rivals.toml": rivals, "events/a.toml": EVENT})
    line = next(i for i, text in enumerate((BASE / "rivals.toml").read_text().splitlines(), 1)
                if text == 'id = "brise"')
    assert problems == [f"extra/rivals.toml:2:1: rival[1].id: duplicate rival id 'brise' "
                        f"(also in {BASE}/rivals.toml:{line}); rival ids must be unique "
                        "across all packs"]


# -- 7. messages that help ---------------------------------------------------------------------

SYNTAX = {
    "byte-order mark": ("\ufeff" + EVENT, None),
    "unclosed string": (EVENT.replace('title = "A test"', 'title = "A test'),
                        "extra/events/a.toml:3:16: (syntax): this string is not closed: end "
                        "it with the same quote on this line, or use triple quotes "
                        '("""…""") for text over several lines'),
    "colon for equals": (EVENT.replace('theme = "press"', 'theme: "press"'),
                         "extra/events/a.toml:4:6: (syntax): write key = value: TOML uses =, "
                         "not :"),
    "key set twice": (EVENT.replace('theme = "press"', 'theme = "press"\ntheme = "talent"'),
                      "extra/events/a.toml:5:1: (syntax): this key is set twice (or is both a "
                      "value and a table): keep one of them"),
    "unclosed inline table": (EVENT.replace("effects = { hype = 1 }", "effects = { hype = 1"),
                              "extra/events/a.toml:13:1: (syntax): an { inline table } is not "
                              "closed: end it with } on the same line"),
    "bare text": (EVENT.replace('theme = "press"', "theme = press"),
                  'extra/events/a.toml:4:9: (syntax): expected a value: a number, true or '
                  'false, "text in quotes", a [list] or an { inline table }'),
}


@pytest.mark.parametrize("kind", sorted(SYNTAX))
def test_toml_syntax_errors_say_what_to_do(tmp_path: Path, kind: str) -> None:
    text, expected = SYNTAX[kind]
    assert found(tmp_path, {"events/a.toml": text}) == ([expected] if expected else [])


def test_unknown_keys_and_tables_get_a_did_you_mean(tmp_path: Path) -> None:
    text = EVENT.replace("chance = 0.2", "chanse = 0.2").replace(
        "effects = { hype = 1 }", "efects = { hype = 1 }")
    assert found(tmp_path, {"events/a.toml": text, "events/b.toml": "[[events]]\nid = 'x'\n",
                            "rival.toml": ""}) == [
        "extra/events/a.toml:7:1: event[1].chanse: unknown key 'chanse' — did you mean "
        "'chance'?",
        "extra/events/a.toml:13:1: event[1].choice[1].efects: unknown key 'efects' — did you "
        "mean 'effects'?",
        "extra/events/b.toml:1:3: events: unknown table 'events' — did you mean 'event'?",
        "extra/rival.toml:1:1: (file): unknown pack file — did you mean rivals.toml? A pack's "
        "files are pack.toml, rules.toml, scorecard.toml, rivals.toml, products.toml, "
        "scenarios.toml, endings.toml, news.toml, prompts.toml, and event files in events/",
    ]


# -- 11. calibrated chances --------------------------------------------------------------------

def test_calibration_hits_its_target_and_keeps_the_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from game.cli import main
    from game.content.loader import PackError, load_content
    from game.sim.calibrate import share_fired
    from game.sim.intervals import wilson_interval

    text = "# my events\n" + EVENT.replace("chance = 0.2", 'chance = "auto(40%)"  # often')
    assert found(tmp_path, {"events/a.toml": text}) == []  # the validator accepts the form
    pack = tmp_path / "extra"
    with pytest.raises(PackError) as refused:  # the game does not
        load_content([BASE, pack])
    assert [str(p) for p in refused.value.problems] == [
        "extra/events/a.toml:8:1: event[1].chance: chance 'auto(40%)' is a target not yet "
        "turned into a chance: run moat pack calibrate extra"]

    result = CliRunner().invoke(main, ["pack", "calibrate", "extra", "--games", "100"])
    assert result.exit_code == 0, result.output
    lines = (pack / "events" / "a.toml").read_text().splitlines()
    assert lines[0] == "# my events" and lines[1:7] == text.splitlines()[1:7]
    chance_line = lines[7]
    assert chance_line.startswith("chance = 0.") and chance_line.endswith("] often")
    assert "# auto(40%) [calibrated: " in chance_line

    content = load_content([BASE, pack])
    event = content.events["extra:one"]
    reported = result.output.split("95%: ")[1].split(")")[0]
    low, high = (float(x.rstrip("%")) / 100 for x in reported.split("-"))
    assert low <= 0.40 <= high
    again = share_fired(content, "extra:one", content.default_scenario, 100, seed=2)
    again_low, again_high = wilson_interval(again, 100)
    assert again_low <= 0.40 <= again_high  # fresh seeds agree
    assert f"chance {event.chance:g} fired in" in result.output


# -- 9. moat pack test says why ----------------------------------------------------------------

def test_pack_test_says_why_an_event_never_fired(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from game.cli import main

    rare = EVENT.replace('id = "one"', 'id = "rare"').replace(
        'when = "month > 1"', 'when = "month > 1 and reputation >= 99"')
    found(tmp_path, {"events/a.toml": EVENT, "events/b.toml": rare})
    result = CliRunner().invoke(main, ["pack", "test", "extra", "--games", "12",
                                       "--scenario", "late_entrant", "--json"])
    assert result.exit_code == 0, result.output
    import json

    report = json.loads(result.output)
    assert report["scenario"] == "late_entrant"
    condition = report["events"]["extra:rare"]["condition"]
    assert condition["months_held"] == 0 and condition["months"] > 0
    assert condition["failed"]["reputation >= 99"] == condition["months"]
    assert sum(v["with_pack"] for v in report["ending_ids"].values()) == pytest.approx(1)
    text = CliRunner().invoke(main, ["pack", "test", "extra", "--games", "12"]).output
    assert "extra:rare: its condition held in 0.0% of months; failing most often: " \
           "reputation >= 99 (100% of months)" in text
    bad = CliRunner().invoke(main, ["pack", "test", "extra", "--scenario", "nope"])
    assert bad.exit_code == 2 and "unknown scenario 'nope'" in bad.output
