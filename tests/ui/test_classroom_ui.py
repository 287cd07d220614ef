"""The classroom kit in the app: a class card from the new-game screen, and the ending
screen's "Export debrief"."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Input

from game.classroom.card import dumps, make_card
from game.cli import main
from game.content.loader import Content
from game.saves.store import SaveStore
from game.ui.app import MoatApp
from game.ui.screens.class_card_dialog import ClassCardDialog
from game.ui.screens.ending import EndingScreen
from game.ui.screens.new_game import NewGameScreen
from game.ui.screens.title import TitleScreen
from tests.ui.helpers import play_by_keys, settle, to_month_screen


async def test_a_card_opened_on_the_new_game_screen_starts_its_world(
        content: Content, tmp_path: Path) -> None:
    card_path = tmp_path / "card.toml"
    card_path.write_text(dumps(make_card(content, "late_entrant", 31, horizon=10,
                                         sections=("b1", "b2"))))
    app = MoatApp(content, store=SaveStore(tmp_path / "saves"), fresh_seed=lambda: 4242)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_new_game()
        await settle(pilot)
        assert isinstance(app.screen, NewGameScreen)
        app.screen.query_one("#name", Input).value = "Class Co"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ClassCardDialog)
        await pilot.press(*str(card_path), "enter", "b", "2", "enter")
        await settle(pilot)
        assert app.game is not None
        state = app.game.state
        assert (state.scenario, state.horizon, state.company) == ("late_entrant", 10,
                                                                  "Class Co")
        assert state.seed == make_card(content, "late_entrant", 31,
                                       sections=("b1", "b2")).seed_for("b2")
        assert app.game.card is not None and app.game.card["section"] == "b2"


async def test_a_bad_card_is_named_and_the_new_game_screen_stays(
        content: Content, tmp_path: Path) -> None:
    app = MoatApp(content, store=SaveStore(tmp_path / "saves"), fresh_seed=lambda: 4242)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_new_game()
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press(*"nowhere.toml", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NewGameScreen) and app.game is None
        assert any("no such class card" in str(n.message) for n in app._notifications)


async def test_export_debrief_from_the_ending_screen(content: Content, tmp_path: Path) -> None:
    card = make_card(content, None, 5, horizon=6, prompts=("What would you change?",))
    saves = tmp_path / "saves"
    app = MoatApp(content, {"card": card, "name": "Acme AI"}, store=SaveStore(saves))
    async with app.run_test(size=(80, 24)) as pilot:
        await play_by_keys(pilot, months=8)
        assert isinstance(app.screen, EndingScreen)
        assert "Export debrief" in str(app.screen.query_one("#debrief").render())
        await pilot.press("d")
        await settle(pilot)
        assert app.game is not None
        game_id = app.game.state.game_id
        assert [p.name for p in app.last_debrief] == [f"debrief-acme-ai-{game_id}.html",
                                                     f"debrief-acme-ai-{game_id}.md"]
        text = (saves / f"debrief-acme-ai-{game_id}.md").read_text()
        assert "What would you change?" in text
        assert any(str(saves) in str(n.message) for n in app._notifications)


async def test_export_debrief_from_the_palette_mid_game(content: Content,
                                                        tmp_path: Path) -> None:
    app = MoatApp(content, {"scenario": "newcomer_2023", "seed": 5, "name": "Acme AI"},
                  store=SaveStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Export debrief")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.last_debrief) == 2
        assert "Unfinished: Acme AI" in app.last_debrief[1].read_text()


def drawn(app: MoatApp) -> str:
    """The characters on the terminal as the player sees them."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def play_from_the_command_line(args: list[str], drive: object, content: Content,
                               monkeypatch: pytest.MonkeyPatch) -> MoatApp:
    """Run ``moat play ARGS`` with ``drive(pilot)`` at the keyboard; the app it made.
    (The packs it loads in the background are the ones already read, to be quick.)"""
    apps: list[MoatApp] = []

    def run(app: MoatApp) -> None:
        async def go() -> None:
            async with app.run_test(size=(100, 30)) as pilot:
                await drive(pilot)  # type: ignore[operator]

        apps.append(app)
        asyncio.run(go())

    monkeypatch.setattr(MoatApp, "run", run)
    monkeypatch.setattr(MoatApp, "_load", lambda app: content)
    result = CliRunner().invoke(main, ["play", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return apps[0]


async def loaded(pilot: Pilot[None]) -> None:
    for _ in range(200):
        await settle(pilot)
        if isinstance(pilot.app, MoatApp) and pilot.app.loaded:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the packs did not load")


def test_play_class_without_a_name_asks_the_student_to_name_the_company(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    card = make_card(content, "late_entrant", 31, horizon=10, title="Week 5: the late entrant",
                     sections=("mon", "wed"))
    card_path = tmp_path / "week5.toml"
    card_path.write_text(dumps(card))

    async def drive(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        app = pilot.app
        assert isinstance(app, MoatApp) and isinstance(app.screen, NewGameScreen)
        assert app.game is None
        text = drawn(app)
        assert "New game · Week 5: the late entrant" in text
        assert app.content.scenarios["late_entrant"].title in text
        assert "(10 months)" in text
        assert f"Seed {card.seed_for('wed')}, section wed" in text
        assert "Company name" in text
        await pilot.press(*"Bright Minds", "enter")
        await to_month_screen(pilot)
        assert "Bright Minds" in drawn(app)

    app = play_from_the_command_line(["--class", str(card_path), "--section", "wed",
                                      "--saves", str(tmp_path / "saves")], drive, content,
                                     monkeypatch)
    assert app.game is not None
    state = app.game.state
    assert (state.company, state.scenario, state.horizon, state.seed) == (
        "Bright Minds", "late_entrant", 10, card.seed_for("wed"))
    assert app.game.card is not None and app.game.card["section"] == "wed"


def test_the_card_form_comes_back_on_escape_and_new_game_and_name_skips_it(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    card = make_card(content, "late_entrant", 31, horizon=10, title="Week 5")
    card_path = tmp_path / "week5.toml"
    card_path.write_text(dumps(card))
    saves = ["--saves", str(tmp_path / "saves")]

    async def back_and_again(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        app = pilot.app
        assert isinstance(app, MoatApp) and isinstance(app.screen, NewGameScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("n")
        await settle(pilot)
        assert "New game · Week 5" in drawn(app)
        await pilot.press("enter")  # no name typed: the usual one
        await to_month_screen(pilot)

    app = play_from_the_command_line(["--class", str(card_path), *saves], back_and_again,
                                     content, monkeypatch)
    assert app.game is not None and app.game.state.company == "Moat Labs"
    assert app.game.state.seed == card.seed

    async def at_once(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        assert not isinstance(pilot.app.screen, NewGameScreen)
        await to_month_screen(pilot)
        assert "Acme AI" in drawn(pilot.app)  # type: ignore[arg-type]

    app = play_from_the_command_line(["--class", str(card_path), "--name", "Acme AI", *saves],
                                     at_once, content, monkeypatch)
    assert app.game is not None and app.game.state.company == "Acme AI"
