"""The developer console (``moat play --dev`` only): fire an event, set a stat or a flag."""

from __future__ import annotations

import math
import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from game.content.compose import BASE, qualify
from game.content.packs import disabled_events
from game.engine import hand
from game.engine.events import split_and
from game.engine.expr import ExprError, compile_expr
from game.engine.game import Game
from game.engine.stats import STATS
from game.ui.app import STYLES, MoatApp

SOURCE = "developer_console"
"""The ledger source of a stat set from the console (the journal shows "Developer console")."""

HELP = ("fire EVENT · why EVENT · set STAT VALUE · flag NAME · unflag NAME · "
        "events [TEXT] · Esc closes")


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
        if word in ("fire", "why"):
            event_id = self.resolve(rest)
            if event_id is None:
                return self.missing(rest)
            if word == "why":
                return self.why(event_id)
            if game.state.phase != "plan":
                return "Finish the month's events first (fire works in the plan phase)."
            hand.force_event(game, event_id)
            self.dismiss(None)
            from game.ui.screens.month import MonthScreen

            screen = self.app.screen
            if isinstance(screen, MonthScreen):
                screen.next_event()
            return ""
        try:
            if word == "set":
                stat, _, value = rest.partition(" ")
                number = _number(value)
                if number is None and stat in STATS:
                    return f"{value!r} is not a number."
                return f"{stat} is now {hand.set_stat(game, stat, number or 0.0, SOURCE):g}."
            if word in ("flag", "unflag") and rest:
                hand.set_flag(game, rest, word == "flag")
                return f"Flags: {', '.join(sorted(game.state.flags)) or 'none'}"
        except hand.HandError as error:
            return f"{str(error)[0].upper()}{str(error)[1:]}."
        if word == "events":
            found = [e for e in sorted(game.content.events) if rest in e][:12]
            return ", ".join(found) or "No match."
        return HELP

    def resolve(self, text: str) -> str | None:
        """An event's id as the game knows it, from ``base:id``, ``pack:id`` or a pack's own
        plain id."""
        events = self.moat.game.content.events if self.moat.game else {}
        for candidate in (text, qualify(BASE, text)):
            if candidate in events:
                return candidate
        endings = [e for e in events if e.endswith(":" + text)]
        return endings[0] if len(endings) == 1 else None

    def missing(self, text: str) -> str:
        game = self.moat.game
        assert game is not None
        disabled = disabled_events(game.content)
        qid = qualify(BASE, text)
        if qid in disabled:
            return f"{qid!r} is disabled by the {disabled[qid]} pack (its pack.toml)."
        overridden = [e for e in game.content.events.values()
                      if e.model.overrides and qualify(e.pack, e.model.id) == text]
        if overridden:
            return f"{text!r} replaces {overridden[0].qid!r}: use that id."
        return f"No event {text!r}. Try: events {text[:6]}"

    def why(self, event_id: str) -> str:
        """Whether the event can happen now, and which part of its condition stops it."""
        game = self.moat.game
        assert game is not None
        event = game.content.events[event_id]
        state = game.state
        lines = [f"{event_id} ({event.pack}): chance {event.chance:g} a month"
                 + (", once a game" if event.model.once else f", cooldown {event.cooldown}")]
        last = state.fired.get(event_id)
        if event.model.follow_up_only:
            lines.append("only happens when a choice schedules it")
        if last is not None and event.model.once:
            lines.append(f"already happened in month {last}, and happens once")
        elif last is not None and state.month - last < event.cooldown:
            lines.append(f"cooling down until month {last + event.cooldown}")
        if event.model.when is None:
            lines.append("no condition: it can happen any month")
        else:
            lines += _clauses(event.model.when, game)
        return "\n".join(lines)

    def action_close(self) -> None:
        self.dismiss(None)
        screen = self.app.screen
        refresh = getattr(screen, "refresh_view", None)
        if callable(refresh):
            refresh()


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


_SIMPLE = re.compile(r"^\s*([a-z_]+)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$")


def _clauses(condition: str, game: Game) -> list[str]:
    """Each ``and`` part of a condition: holds or fails now, with the values it reads."""
    lines = []
    for part in split_and(condition):
        part = part.strip()
        try:
            expr = compile_expr(part, game.content.namespace, "bool")
            holds = bool(expr(game.s, game.state))
        except ExprError as error:
            lines.append(f"  ? {part} ({error.message})")
            continue
        values = ", ".join(f"{name} is {game.s[name]:g}" for name in sorted(expr.names))
        gap = ""
        simple = _SIMPLE.match(part)
        if simple and not holds:
            gap = f"; off by {abs(game.s[simple[1]] - float(simple[3])):g}"
        mark = "holds" if holds else "FAILS"
        lines.append(f"  {mark}: {part}" + (f" ({values}{gap})" if values else ""))
    return lines
