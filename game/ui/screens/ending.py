"""The ending: what happened, the grade, the causes that mattered most, and the whole game."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from game.engine.game import Game, month_label
from game.engine.stats import money_text
from game.ui.app import STYLES, MoatApp
from game.ui.messages import ExportDebrief, OpenNewGame
from game.ui.widgets.line_chart import LineChart

FAMILY_NAMES = {"bust": "BUST", "acquisition": "ACQUIRED", "niche_win": "NICHE WIN"}


class EndingScreen(Screen[None]):
    """The debrief a class discussion starts from."""

    CSS_PATH = STYLES / "screens.tcss"

    BINDINGS = [Binding("n", "app.new_game", "New game"),
                Binding("d", "app.export_debrief", "Export debrief"),
                Binding("q", "app.quit", "Quit")]

    @property
    def game(self) -> Game:
        app = self.app
        assert isinstance(app, MoatApp) and app.game is not None
        return app.game

    def compose(self) -> ComposeResult:
        game = self.game
        ending = game.state.ending
        assert ending is not None
        state, s = game.state, game.s
        when = month_label(state.start, ending.month)
        yield Static(f"{FAMILY_NAMES[ending.family]}: {ending.title} — grade {ending.grade}"
                     f" ({ending.score:.0f}/100)", id="ending-title", markup=False)
        with VerticalScroll(id="ending"):
            yield Static(f"{state.company}, {when}, month {ending.month} of {state.horizon}",
                         markup=False)
            yield Static(" ".join(ending.text.split()), id="ending-text", markup=False)
            before = float(game.content.scenarios[state.scenario].raised)
            during = s["raised"] - before
            raised = (f"Raised {money_text(during) if during else 'nothing'} in rounds"
                      + (f" ({money_text(before)} before the game)" if before else ""))
            facts = (f"{raised} · founders own {s['ownership']:.0f}%"
                     + (f" · sold for {money_text(s['exit_price'])}" if s["exit_price"] else "")
                     + f" · cash {money_text(s['cash'])}")
            yield Static(facts, markup=False)
            yield Static("What mattered most:", classes="section", markup=False)
            yield Static("\n".join(f"• {cause}" for cause in ending.causes) or "—",
                         id="causes", markup=False)
            yield LineChart(id="chart-cash", markup=False)
            yield LineChart(id="chart-revenue", markup=False)
            yield LineChart(id="chart-capability", markup=False)
        with Horizontal(id="ending-buttons"):
            yield Button("New game (n)", id="again", variant="primary")
            yield Button("Export debrief (d)", id="debrief")
        yield Footer()

    def on_mount(self) -> None:
        state = self.game.state
        history = [state.opening, *state.history] if state.opening else state.history
        column = [row["cash"] / 1000 for row in history]
        self.query_one("#chart-cash", LineChart).show("Cash, $M", [("$", "cash", column)])
        self.query_one("#chart-revenue", LineChart).show(
            "Revenue and burn a month, $k",
            [("R", "revenue", [r["revenue"] for r in history]),
             ("B", "burn", [r["burn"] for r in history])])
        self.query_one("#chart-capability", LineChart).show(
            "Capability (scorecard average)",
            [("Y", "you", [r["cap_avg"] for r in history]),
             ("F", "frontier", [r["frontier_avg"] for r in history]),
             ("O", "best open rival", [r["open_best_avg"] for r in history])])
        self.query_one("#ending", VerticalScroll).focus()

    @on(Button.Pressed, "#debrief")
    def export(self) -> None:
        self.post_message(ExportDebrief(self))

    @on(Button.Pressed, "#again")
    def again(self) -> None:
        self.post_message(OpenNewGame(self))
