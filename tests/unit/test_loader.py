"""Loading packs: the base pack loads; a broken pack lists every problem with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.content.loader import Content, PackError, load_content


def test_base_pack_loads_whole(content: Content) -> None:
    assert len(content.events) >= 50
    assert len(content.domains) >= 8
    assert len(content.rivals) >= 6
    assert len(content.products) >= 5
    assert {"newcomer_2023", "image_pivot", "sharing_turn", "late_entrant"} <= set(
        content.scenarios)
    assert content.default_scenario == "newcomer_2023"
    assert {e.model.family for e in content.endings} == {"bust", "acquisition", "niche_win"}


@pytest.fixture
def broken(tmp_path: Path, base_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the base pack to break, in the folder the loader runs from."""
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "base"
    shutil.copytree(base_path, copy)
    return copy


EVENT = '''
[[event]]
id = "test_event"
title = "A test"
theme = "press"
story = "Something happens to {company}."
when = "{when}"

[[event.choice]]
id = "first"
text = "Do the first thing."
result = "It is done."
effects = {effects}
'''


def write_event(pack: Path, when: str = "month > 1", effects: str = "{ hype = 1 }") -> Path:
    path = pack / "events" / "zz_test.toml"
    path.write_text(EVENT.replace("{when}", when).replace("{effects}", effects))
    return path


def problems_of(pack: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_content([pack])
    return [str(p) for p in caught.value.problems]


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_unknown_stat_in_condition_names_line_column_and_suggestion(broken: Path) -> None:
    path = write_event(broken, when="reputaton > 5")
    line = line_of(path, "reputaton")
    assert problems_of(broken) == [
        f"base/events/zz_test.toml:{line}:9: event[1].when: "
        "unknown stat 'reputaton' — did you mean 'reputation'?"]


def test_unknown_key_and_bad_effect_are_both_reported(broken: Path) -> None:
    path = write_event(broken, effects='{ hype = 1, reputaton = 2, cash = "cash +" }')
    second = EVENT.replace("test_event", "other_event").replace("{when}", "true").replace(
        "{effects}", "{}").replace('theme = "press"', 'theme = "press"\ncolour = "red"')
    path.write_text(path.read_text() + second)
    found = problems_of(broken)
    assert found == sorted(found)
    assert any(f":{line_of(path, 'colour')}:1: event[2].colour: unknown key" in p
               for p in found)
    effects_line = line_of(path, "reputaton")
    assert any(f":{effects_line}:" in p and "effects.reputaton: unknown stat 'reputaton'" in p
               for p in found)
    assert any("effects.cash: expression ends too early" in p for p in found)


def test_toml_syntax_error_gives_its_line(broken: Path) -> None:
    path = broken / "events" / "zz_test.toml"
    path.write_text('[[event]]\nid = "x"\ntitle = "unterminated\n')
    found = problems_of(broken)
    assert len(found) == 1 and found[0].startswith("base/events/zz_test.toml:3:")


def test_duplicate_event_ids_and_missing_follow_ups(broken: Path) -> None:
    path = write_event(broken)
    path.write_text(path.read_text() + path.read_text().split("[[event]]")[1].join(
        ["[[event]]", ""]).replace("result =", 'follow_ups = [{ event = "nope", months = 2 }]'
                                   "\nresult ="))
    found = problems_of(broken)
    assert any("duplicate event id 'test_event'" in p for p in found)
    assert any("follow_ups[1].event: no event 'nope'" in p for p in found)


def test_rules_with_a_wrong_type_name_the_field(broken: Path) -> None:
    rules = broken / "rules.toml"
    rules.write_text(rules.read_text().replace("researcher = 30", 'researcher = "thirty"'))
    found = problems_of(broken)
    assert found == [f"base/rules.toml:{line_of(rules, 'thirty')}:1: costs.researcher: "
                     "should be a whole number (without quotes), not 'thirty'"]


def test_round_odds_need_a_value_for_every_round_size(broken: Path) -> None:
    rules = broken / "rules.toml"
    rules.write_text(rules.read_text().replace("standard = 0.0, big = -0.15", "standard = 0.0"))
    found = problems_of(broken)
    assert len(found) == 1
    assert "base/rules.toml" in found[0] and "funding" in found[0]
    assert "size_odds needs one value for each round size of sizes; missing big" in found[0]


def test_unknown_domain_in_product(broken: Path) -> None:
    products = broken / "products.toml"
    products.write_text(products.read_text().replace('domains = ["code"]',
                                                     'domains = ["kode"]'))
    found = problems_of(broken)
    assert len(found) == 1
    assert "product[1].domains[1]: unknown domain 'kode' — did you mean 'code'?" in found[0]


def test_binary_and_missing_manifest(tmp_path: Path, broken: Path) -> None:
    (broken / "events" / "zz_binary.toml").write_bytes(b"\x00\xff\xfe garbage")
    assert any("zz_binary.toml:1:1: (file): not UTF-8 text" in p for p in problems_of(broken))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert problems_of(empty)[0].endswith("a pack needs a pack.toml manifest")
