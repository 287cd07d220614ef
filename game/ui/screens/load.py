"""The load screen: every save with its company, scenario, month, ending and date."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from game.saves.store import SaveInfo
from game.terminal import clean_line
from game.ui.app import STYLES, MoatApp
from game.ui.messages import OpenSave
from game.ui.widgets.status_bar import short_name


def row(info: SaveInfo) -> tuple[str, str, str]:
    """A save as a row of the table, two lines a cell so it reads at 80 columns: the game
    (company; scenario and seed), where it stands (month and date; ending and grade, or in
    play), and the save (its name, or autosave; when it was written). A broken one says why."""
    when = datetime.fromtimestamp(info.mtime).strftime("%Y-%m-%d %H:%M") if info.mtime else ""
    meta = info.meta
    if meta is None:
        return (short_name(clean_line(info.path.name), GAME_WIDTH) + "\nCANNOT LOAD",
                "\n".join(textwrap.wrap(clean_line(info.problem), WHERE_WIDTH)[:2]), when)
    seed = meta.get("seed")
    scenario = str(meta.get("scenario_title", "?")) + (
        f", seed {seed}" if isinstance(seed, int) and not isinstance(seed, bool) else "")
    game = (f"{short_name(str(meta.get('company', '?')), GAME_WIDTH)}\n"
            f"{short_name(scenario, GAME_WIDTH)}")
    ending = meta.get("ending")
    status = f"{ending['title']}, grade {ending['grade']}" if ending else "in play"
    where = f"month {meta.get('month', '?')} ({meta.get('date', '?')})\n{status}"
    kind = "autosave" if meta.get("kind") == "auto" else \
        f"“{short_name(str(meta.get('name') or 'saved'), SAVE_WIDTH - 2)}”"
    return game, where, f"{kind}\n{when}"


GAME_WIDTH = 32
"""The widest the game column gets (the company and scenario are cut between words)."""
WHERE_WIDTH = 22
SAVE_WIDTH = 18


class LoadScreen(Screen[None]):
    """Pick a save to continue."""

    CSS_PATH = STYLES / "screens.tcss"
    BINDINGS = [Binding("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(" Load a saved game", id="screen-title", markup=False)
        yield DataTable(id="saves", cursor_type="row", zebra_stripes=True)
        yield Static("", id="saves-help", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        app = self.app
        assert isinstance(app, MoatApp)
        table = self.query_one("#saves", DataTable)
        table.add_columns("Game", "Where", "Save")
        self.saves = app.store.list()
        for index, info in enumerate(self.saves):
            table.add_row(*row(info), key=str(index), height=2)
        help_text = (f"{len(self.saves)} saves in {app.store.folder}. Enter: load · Esc: back"
                     if self.saves else f"No saves yet in {app.store.folder}. Esc: back")
        self.query_one("#saves-help", Static).update(help_text)
        table.focus()

    @on(DataTable.RowSelected, "#saves")
    def chosen(self, message: DataTable.RowSelected) -> None:
        path: Path = self.saves[int(str(message.row_key.value))].path
        self.post_message(OpenSave(self, path))

    def action_back(self) -> None:
        self.app.pop_screen()
