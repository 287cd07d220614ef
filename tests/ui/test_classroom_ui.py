"""The classroom kit in the app: a class card from the new-game screen, and the ending
screen's "Export debrief"."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from game.classroom.card import dumps, make_card
from game.content.loader import Content
from game.saves.store import SaveStore
from game.ui.app import MoatApp
from game.ui.screens.class_card_dialog import ClassCardDialog
from game.ui.screens.ending import EndingScreen
from game.ui.screens.new_game import NewGameScreen
from tests.ui.helpers import play_by_keys, settle


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
