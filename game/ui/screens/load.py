"""The load screen: every save with its company, scenario, month, ending and date."""

from __future__ import annotations

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


def row(info: SaveInfo) -> tuple[str, ...]:
    """A save as a row of the table: broken ones say why instead."""
    when = datetime.fromtimestamp(info.mtime).strftime("%Y-%m-%d %H:%M") if info.mtime else ""
    meta = info.meta
    if meta is None:
        return (clean_line(info.path.name)[:28], "CANNOT LOAD", clean_line(info.problem)[:60],
                "", when)
    ending = meta.get("ending")
    status = f"{ending['title']} ({ending['grade']})" if ending else "in play"
    kind = "auto" if meta.get("kind") == "auto" else str(meta.get("name") or "saved")
    return (str(meta.get("company", "?")), str(meta.get("scenario_title", "?")),
            f"month {meta.get('month', '?')} ({meta.get('date', '?')}) · {status}", kind, when)


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
        table.add_columns("Company", "Scenario", "Where", "Save", "Written")
        self.saves = app.store.list()
        for index, info in enumerate(self.saves):
            table.add_row(*row(info), key=str(index))
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
