"""The developer console (``moat play --dev`` only): fire an event, set a stat or a flag."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from game.engine.stats import STATS
from game.ui.app import STYLES, MoatApp

HELP = ("fire EVENT_ID · set STAT VALUE · flag NAME · unflag NAME · events [TEXT] · "
        "Esc closes")


class DevConsole(ModalScreen[None]):
    """Commands that bend the rules, for testing events while writing them."""

    CSS_PATH = STYLES / "dialogs.tcss"
    BINDINGS = [Binding("escape", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="console-box"):
            yield Static("Developer console", classes="dialog-title", markup=False)
            yield Static(HELP, id="console-output", markup=False)
            yield Input(placeholder="fire my_pack:first_event", id="console-input")

    @property
    def moat(self) -> MoatApp:
        assert isinstance(self.app, MoatApp)
        return self.app

    @on(Input.Submitted, "#console-input")
    def run_command(self, message: Input.Submitted) -> None:
        message.input.value = ""
        self.query_one("#console-output", Static).update(self.execute(message.value.strip()))

    def execute(self, line: str) -> str:
        """Carry out one console command and say what happened."""
        game = self.moat.game
        if game is None:
            return "No game in play."
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if word == "fire":
            if rest not in game.content.events:
                return f"No event {rest!r}. Try: events {rest[:6]}"
            if game.state.phase != "plan":
                return "Finish the month's events first (fire works in the plan phase)."
            game.state.pending = [rest]
            game.state.phase = "events"
            self.dismiss(None)
            from game.ui.screens.month import MonthScreen

            screen = self.app.screen
            if isinstance(screen, MonthScreen):
                screen.next_event()
            return ""
        if word == "set":
            stat, _, value = rest.partition(" ")
            if stat not in STATS:
                return f"No stat {stat!r}."
            try:
                number = float(value)
            except ValueError:
                return f"{value!r} is not a number."
            game.change(stat, number - game.s[stat], "dev", "console")
            game.refresh()
            return f"{stat} is now {game.s[stat]:g}."
        if word in ("flag", "unflag") and rest:
            (game.state.flags.add if word == "flag" else game.state.flags.discard)(rest)
            return f"Flags: {', '.join(sorted(game.state.flags)) or 'none'}"
        if word == "events":
            found = [e for e in sorted(game.content.events) if rest in e][:12]
            return ", ".join(found) or "No match."
        return HELP

    def action_close(self) -> None:
        self.dismiss(None)
        screen = self.app.screen
        refresh = getattr(screen, "refresh_view", None)
        if callable(refresh):
            refresh()
