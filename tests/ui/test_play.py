"""Whole games in the real app, by keyboard and by mouse, to the ending screen.

The whole games are eight months long: every screen and step of a longer game is the same.
"""

from __future__ import annotations

from textual.widgets import Static

from game.content.loader import Content
from game.ui.screens.ending import EndingScreen
from game.ui.screens.month import MonthScreen
from tests.ui.helpers import (
    new_app,
    play_by_keys,
    play_by_mouse,
    settle,
    short_horizon,
    to_month_screen,
)


def ending_text(screen: object) -> str:
    assert isinstance(screen, EndingScreen)
    return str(screen.query_one("#ending-title", Static).render())


async def test_a_whole_game_by_keys(content: Content) -> None:
    app = new_app(short_horizon(content))
    async with app.run_test(size=(80, 24)) as pilot:
        await to_month_screen(pilot)
        # rent a lot of compute and never use it: the money runs out
        for _ in range(3):
            await pilot.press("c")
            await settle(pilot)
            await pilot.press("down", "down", "down", "enter")
            await settle(pilot)
        assert app.game is not None and app.game.s["compute"] >= 24
        await play_by_keys(pilot)
        title = ending_text(app.screen)
        ending = app.game.state.ending
        assert ending is not None
        assert title.startswith(("BUST: Out of money", "ACQUIRED: "))
        assert f"grade {ending.grade}" in title
        causes = str(app.screen.query_one("#causes", Static).render())
        assert "Compute contracts" in causes


async def test_a_whole_game_by_mouse(content: Content) -> None:
    app = new_app(short_horizon(content), seed=9)
    async with app.run_test(size=(80, 24)) as pilot:
        await play_by_mouse(pilot)
        ending = app.game.state.ending if app.game else None
        assert ending is not None
        assert ending_text(app.screen).startswith(
            {"bust": "BUST", "acquisition": "ACQUIRED", "niche_win": "NICHE WIN"}[ending.family])


async def test_title_to_new_game_to_month(content: Content) -> None:
    from game.ui.app import MoatApp

    app = MoatApp(content, fresh_seed=lambda: 777)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("down", "enter")  # the image-model pioneer
        await settle(pilot)
        for key in "Pixel":
            await pilot.press(key)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # seed 777 as suggested
        await to_month_screen(pilot)
        assert isinstance(app.screen, MonthScreen)
        assert app.game is not None
        assert app.game.state.scenario == "image_pivot"
        assert app.game.state.seed == 777
        assert str(app.screen.query_one("#status", Static).render()).startswith(
            " Pixel · 2023-10 · month 1 of 36")


async def test_a_broken_pack_stops_the_app_with_its_problems(tmp_path: object) -> None:
    from pathlib import Path

    from game.ui.app import MoatApp

    assert isinstance(tmp_path, Path)
    pack = tmp_path / "broken"
    (pack / "events").mkdir(parents=True)
    (pack / "pack.toml").write_text('id = "broken"\nname = "Broken"\nversion = "1.0"\n')
    (pack / "events" / "bad.toml").write_text('[[event]]\nid = "x"\ntitle = "X"\n')
    app = MoatApp(packs=(pack,))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if app.return_code is not None:
                break
    assert app.return_code == 1
    messages = [str(p) for p in app.problems]
    assert (f"{pack.resolve().as_posix()}/events/bad.toml:1:3: event[1].theme: required but "
            "missing") in messages


async def test_new_game_with_an_extra_pack(content: Content) -> None:
    import tempfile
    from pathlib import Path

    from game.saves.store import SaveStore
    from game.ui.app import MoatApp

    app = MoatApp(content, fresh_seed=lambda: 11, store=SaveStore(Path(tempfile.mkdtemp())))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#packs").focus()
        await pilot.press("enter")  # the first pack in the list: Safety evals
        await settle(pilot)
        await pilot.click("#start")
        await to_month_screen(pilot)
        assert [p.id for p in app.content.packs] == ["base", "safety_evals"]
        assert app.game is not None and app.game.content is app.content
