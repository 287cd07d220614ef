"""Escape sequences in names, files and packs never reach the terminal: each displayed name
shows them visibly, and what the game would keep (a pack's text, a save's state) refuses them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import DataTable, OptionList

from game.cli import main
from game.content.authoring import scaffold
from game.content.loader import Content, validate_packs
from game.content.packs import base_pack, pack_label
from game.saves.codec import digest
from game.saves.format import SaveError
from game.saves.store import SaveStore
from game.terminal import clean, clean_line
from game.ui.app import MoatApp
from game.ui.screens.confirm_dialog import ConfirmDialog
from tests.ui.helpers import new_app, settle, to_month_screen

HOSTILE = "Evil\x1b[2J\x1b]0;owned\x07\x9b31m\u202e"
"""Clears the screen, retitles the window, a C1 CSI, and a right-to-left override."""


def no_control(text: str) -> bool:
    return not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F
                   or c == "\u202e" for c in text)


def test_clean_shows_every_control_character_visibly() -> None:
    assert clean(HOSTILE) == "Evil␛[2J␛]0;owned␇<U+009B>31m<U+202E>"
    assert clean("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert clean_line("two\nlines") == "two␊lines"
    assert no_control(clean(HOSTILE))


async def _a_save(content: Content, folder: Path) -> Path:
    store = SaveStore(folder)
    app = new_app(content, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        await pilot.press("e")
        await settle(pilot)
    return next(iter(store.files()))


async def test_names_in_save_headers_and_file_names_are_shown_visibly(
        content: Content, tmp_path: Path) -> None:
    good = await _a_save(content, tmp_path)
    document = json.loads(good.read_bytes())
    document["meta"]["company"] = HOSTILE
    document["meta"]["scenario_title"] = HOSTILE
    good.write_text(json.dumps(document))
    (tmp_path / f"{HOSTILE}.json").write_text("{not a save")
    app = MoatApp(content, store=SaveStore(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#menu", OptionList)
        prompt = str(menu.get_option("continue").prompt)
        assert prompt.startswith("Continue: Evil␛[2J") and no_control(prompt)
        await pilot.press("l")
        await settle(pilot)
        table = app.screen.query_one("#saves", DataTable)
        cells = [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
        assert any("Evil␛" in cell for cell in cells)
        assert all(no_control(cell) for cell in cells)
        app.open_save(tmp_path / f"{HOSTILE}.json")
        await settle(pilot)
        messages = [f"{n.title} {n.message}" for n in app._notifications]
        if isinstance(app.screen, ConfirmDialog):  # the previous autosave is offered
            messages.append(app.screen.question)
        assert any("Evil␛" in m for m in messages)
        assert all(no_control(m) for m in messages)


async def test_a_save_whose_state_holds_an_escape_is_refused(content: Content,
                                                             tmp_path: Path) -> None:
    good = await _a_save(content, tmp_path)
    document = json.loads(good.read_bytes())
    document["state"]["company"] = HOSTILE
    document["state"]["news"][0]["text"] = HOSTILE
    document["state_hash"] = digest(document["state"])
    good.write_text(json.dumps(document))
    try:
        SaveStore(tmp_path).load(good, content)
    except SaveError as error:
        assert "control character" in error.problem
    else:
        raise AssertionError("a save with an escape sequence loaded")


def test_pack_text_with_an_escape_is_a_problem_and_its_label_is_clean(tmp_path: Path) -> None:
    folder = tmp_path / "evil"
    scaffold(folder)
    manifest = folder / "pack.toml"
    manifest.write_text(manifest.read_text().replace('name = "Evil"',
                                                     'name = "Evil\\u001b[2J"'))
    events = folder / "events" / "events.toml"
    events.write_text(events.read_text().replace('story = """', 'story = """\\u001b]0;x\\u0007', 1))
    assert pack_label(folder) == "Evil␛[2J (0.1.0)"
    for _ in range(2):
        problems = validate_packs([base_pack(), folder])
        texts = [str(p) for p in problems]
        assert any("control character" in t for t in texts), texts
        assert all(no_control(t) for t in texts)
        manifest.write_text(manifest.read_text().replace("\\u001b[2J", ""))
    result = CliRunner().invoke(main, ["pack", "validate", str(folder)])
    assert result.exit_code == 1 and no_control(result.output)


def test_the_command_line_never_echoes_an_escape(tmp_path: Path) -> None:
    bad = tmp_path / f"{HOSTILE}.json"
    bad.write_text("{not a save")
    result = CliRunner().invoke(main, ["replay", str(bad)])
    assert result.exit_code == 1
    assert "Evil␛" in result.output and no_control(result.output)
    result = CliRunner().invoke(main, ["play", "--name", HOSTILE])
    assert result.exit_code == 2 and no_control(result.output)
