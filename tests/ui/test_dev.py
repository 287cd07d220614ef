"""moat play --dev: packs reload when their files change; the console fires events."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input

from game.content.loader import Content
from game.content.packs import load
from game.ui.app import MoatApp
from game.ui.screens.dev_console import DevConsole
from game.ui.screens.event_dialog import EventDialog
from tests.ui.helpers import settle, to_month_screen

BASE = Path(__file__).resolve().parents[2] / "content" / "base"


def my_pack(tmp_path: Path) -> Path:
    from game.content.authoring import scaffold

    pack = tmp_path / "my_pack"
    scaffold(pack)
    return pack


def dev_app(pack: Path) -> MoatApp:
    """The app as ``moat play --dev --pack PACK`` starts it."""
    return MoatApp(load([pack]), {"scenario": "newcomer_2023", "seed": 5, "name": "Dev Co"},
                   packs=(pack,), dev=True)


async def test_console_fires_an_event_and_sets_stats(tmp_path: Path) -> None:
    pack = my_pack(tmp_path)
    app = dev_app(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        await pilot.press("grave_accent")
        await settle(pilot)
        console = app.screen
        assert isinstance(console, DevConsole)
        assert console.execute("set hype 80") == "hype is now 80."
        assert app.game is not None
        line = app.game.state.journal[-1]
        assert (line.stat, line.kind, line.source) == ("hype", "hand", "developer_console")
        assert console.execute("set fame 3") == "No stat 'fame'."
        assert "sharing_pact" in console.execute("flag sharing_pact")
        assert console.execute("events first") == "my_pack:first_event"
        console.query_one("#console-input", Input).value = "fire my_pack:first_event"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventDialog)
        assert app.screen.event.id == "my_pack:first_event"
        assert app.game is not None and app.game.s["hype"] == 80


async def test_console_only_in_dev_mode(content: Content) -> None:
    app = MoatApp(content, {"scenario": "newcomer_2023", "seed": 5, "name": "Co"})
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        await pilot.press("grave_accent")
        await settle(pilot)
        assert not isinstance(app.screen, DevConsole)


async def test_editing_a_pack_reloads_it(tmp_path: Path) -> None:
    pack = my_pack(tmp_path)
    app = dev_app(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        app.watch_packs()  # records the files as they are
        events = pack / "events" / "events.toml"
        shutil.copy(events, pack / "events" / "more.toml")
        more = pack / "events" / "more.toml"
        more.write_text(more.read_text().replace('id = "first_event"', 'id = "second_event"'))
        app.watch_packs()
        await settle(pilot)
        assert "my_pack:second_event" in app.content.events
        assert app.game is not None and app.game.content is app.content
        more.write_text("broken = ")
        app.watch_packs()
        await settle(pilot)
        assert "my_pack:second_event" in app.content.events  # the old packs stay


async def test_console_explains_why_an_event_does_not_happen(tmp_path: Path) -> None:
    pack = my_pack(tmp_path)
    manifest = pack / "pack.toml"
    manifest.write_text(manifest.read_text() + 'disable = ["base:pc_podcast_gaffe"]\n')
    app = dev_app(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        await pilot.press("grave_accent")
        await settle(pilot)
        console = app.screen
        assert isinstance(console, DevConsole)
        assert app.game is not None
        console.execute("set hype 12")
        why = console.execute("why first_event").splitlines()  # a pack's own plain id
        assert why[0] == "my_pack:first_event (my_pack): chance 0.2 a month, once a game"
        month = app.game.s["month"]
        assert why[1] == f"  {'holds' if month >= 2 else 'FAILS'}: month >= 2 (month is {month:g}" \
            + ("" if month >= 2 else f"; off by {2 - month:g}") + ")"
        assert why[2] == "  FAILS: hype >= 20 (hype is 12; off by 8)"
        assert console.execute("why base:lm_lawsuit_authors").startswith(
            "lm_lawsuit_authors (base): chance 0.3 a month")
        assert console.execute("fire base:pc_podcast_gaffe") == (
            "'pc_podcast_gaffe' is disabled by the my_pack pack (its pack.toml).")
        refused = console.execute("set runway 30")
        assert refused.startswith("Runway is worked out by the game from other stats")
