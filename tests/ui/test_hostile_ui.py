"""The app under a hostile save folder: full disks, folders that are files, pipes and devices
named like saves. The player is told, the game goes on, nothing hangs."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from textual.widgets import OptionList

from game.content.loader import Content
from game.saves import store as store_module
from game.saves.store import SaveStore
from game.ui.app import MoatApp
from game.ui.screens.month import MonthScreen
from tests.ui.helpers import new_app, settle, to_month_screen


def notes(app: MoatApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_a_full_disk_is_told_every_month_and_the_game_goes_on(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SaveStore(tmp_path / "saves")
    real = store_module.write_atomic
    full = {"on": True}

    def write(path: Path, data: bytes) -> None:
        if full["on"]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, data)

    monkeypatch.setattr(store_module, "write_atomic", write)
    app = new_app(content, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        for _ in range(2):
            await pilot.press("e")
            await settle(pilot)
            await to_month_screen(pilot)
        failed = [n for n in notes(app) if n.startswith("Autosave failed")]
        assert len(failed) == 2
        assert str(store.folder) in failed[-1] and "No space left on device" in failed[-1]
        assert isinstance(app.screen, MonthScreen)
        full["on"] = False
        await pilot.press("e")
        await settle(pilot)
        await to_month_screen(pilot)
        assert any(n.startswith("Autosaves work again") for n in notes(app))
    assert len(list(store.files())) == 1


async def test_a_save_folder_that_is_a_file_is_told_not_a_crash(content: Content,
                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    folder.write_text("not a folder")
    app = new_app(content, store=SaveStore(folder))
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        await pilot.press("e")
        await settle(pilot)
        await to_month_screen(pilot)
        assert any(n.startswith("Autosave failed") and str(folder) in n for n in notes(app))
        assert isinstance(app.screen, MonthScreen)
    assert folder.read_text() == "not a folder"


async def test_pipes_devices_and_bad_headers_do_not_stop_the_title_screen(
        content: Content, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    app = new_app(content, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        await pilot.press("e")
        await settle(pilot)
    good = next(iter(store.files()))
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    (tmp_path / "dir.json").mkdir()
    document = json.loads(good.read_bytes())
    document["meta"]["ending"] = "not a table"
    (tmp_path / "bad-header.json").write_text(json.dumps(document))
    os.utime(good, (1, 1))  # the odd files are newer
    again = MoatApp(content, store=store)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        menu = again.screen.query_one("#menu", OptionList)
        assert str(menu.get_option("continue").prompt).startswith("Continue: Acme AI")
        await pilot.press("l")
        await settle(pilot)
        rows = again.screen.saves  # type: ignore[attr-defined]
        assert len(rows) == 5 and sum(info.ok for info in rows) == 1
