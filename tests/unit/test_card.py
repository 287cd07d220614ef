"""Class cards: written, read back, started, recorded in saves, replayed, refused."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.classroom.card import CardError, differences, dumps, make_card, read_card, start_game
from game.cli import main
from game.content.loader import Content
from game.saves.format import decode, encode, parse
from game.saves.replay import replay
from game.sim.simulate import make_bot


def _play(game: object, months: int) -> None:
    from game.engine.game import Game

    assert isinstance(game, Game)
    bot = make_bot("niche-product")
    for _ in range(months):
        for event in game.begin_month():
            if event.id not in game.state.pending:
                continue  # an earlier choice made its condition false
            game.choose(event.id, bot.choose(game, event))
            if game.state.over:
                return
        bot.plan(game)
        game.end_month()
        if game.state.over:
            return


def test_card_round_trips_through_its_file(content: Content, tmp_path: Path) -> None:
    card = make_card(content, "late_entrant", 77, horizon=24, title="Week 5 \"pricing\"",
                     deadline="2026-03-31", prompts=("Why that niche?",), sections=("a", "b"))
    path = tmp_path / "card.toml"
    path.write_text(dumps(card))
    again = read_card(path)
    assert replace(again, path="") == card
    assert again.seed_mode == "section"
    assert "moat play --class" in path.read_text()


def test_sections_get_their_own_stable_seeds(content: Content) -> None:
    card = make_card(content, None, 5, sections=("mon", "wed"))
    assert card.seed_for("mon") == card.seed_for("mon") != card.seed_for("wed")
    with pytest.raises(CardError, match="choose one with --section"):
        card.seed_for(None)
    with pytest.raises(CardError, match="no section 'fri'"):
        card.seed_for("fri")
    same = make_card(content, None, 5)
    assert same.seed_for(None) == 5


def test_a_card_game_plays_the_cards_world_and_saves_record_it(content: Content) -> None:
    card = make_card(content, None, 12, horizon=8, prompts=("What changed?",))
    game = start_game(card, content, "Acme AI")
    assert (game.state.seed, game.state.horizon) == (12, 8)
    _play(game, 20)
    assert game.state.over and game.state.ending.month <= 8
    document = parse(encode(game, "manual"), "x.json")
    assert document["class"]["digest"] == card.digest
    assert document["class"]["differs"] == []
    assert decode(document, content, "x.json").card == document["class"]
    report = replay(document, content)
    assert report.same, report.problem


def test_a_changed_pack_or_version_is_marked(content: Content) -> None:
    card = make_card(content, None, 3)
    tampered = replace(card, packs=(replace(card.packs[0], digest="0" * 32),),
                       game_version="0.0.1")
    found = differences(tampered, content, version="0.1.0")
    assert found[0] == "game version 0.1.0, card 0.0.1"
    assert found[1].startswith("pack base 1.0.0 (")
    game = start_game(tampered, content)
    assert game.card is not None and game.card["differs"]


@pytest.mark.parametrize(("text", "message"), [
    ("not = [toml", "not valid TOML"),
    ('format = "moat-save"\nscenario = "x"', "not a Moat class card"),
    ('format = "moat-class"\nversion = 9\nscenario = "x"', "newer version of Moat"),
    ('format = "moat-class"\nscenario = "x"\nseed = "seven"', "seed must be a whole number"),
    ('format = "moat-class"\nscenario = "x"\nhorizon = 2', "horizon must be 6 to 120"),
])
def test_bad_cards_are_refused_with_the_reason(tmp_path: Path, text: str,
                                               message: str) -> None:
    path = tmp_path / "card.toml"
    path.write_text(text)
    with pytest.raises(CardError, match=message):
        read_card(path)


def test_class_new_writes_a_card_and_play_refuses_a_bad_one(tmp_path: Path) -> None:
    runner = CliRunner()
    card = tmp_path / "card.toml"
    result = runner.invoke(main, ["class", "new", str(card), "--seed", "9", "--title", "Wk 1",
                                  "--prompt", "What would you change?"])
    assert result.exit_code == 0, result.output
    assert f"moat play --class {card}" in result.output
    assert read_card(card).prompts == ("What would you change?",)
    again = runner.invoke(main, ["class", "new", str(card), "--seed", "9"])
    assert again.exit_code == 1 and "exists" in again.output
    bad = runner.invoke(main, ["class", "new", str(tmp_path / "b.toml"), "--seed", "1",
                               "--scenario", "atlantis"])
    assert bad.exit_code == 1 and "unknown scenario 'atlantis'" in bad.output
    sections = runner.invoke(main, ["class", "new", str(tmp_path / "s.toml"), "--seed", "1",
                                    "--sections", "a,b"])
    assert "--section a" in sections.output
    refused = runner.invoke(main, ["play", "--class", str(tmp_path / "s.toml")])
    assert refused.exit_code == 1 and "choose one with --section (a, b)" in refused.output
    missing = runner.invoke(main, ["play", "--class", str(tmp_path / "none.toml")])
    assert missing.exit_code == 1 and "no such class card" in missing.output
