"""An event: its story, its choices (locked ones with their reason), then what happened."""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from game.engine.content import EventRule
from game.engine.endings import sale_price
from game.engine.events import preview
from game.ui.app import STYLES, MoatApp
from game.ui.format import change_text, label, money_text
from game.ui.messages import Choose


def effects_text(changes: Mapping[str, float], domains: Mapping[str, str] | None = None) -> str:
    """Stat changes as ``Cash ▼$1.5M, Hype ▲12``; changes too small to show are left out."""
    return ", ".join(f"{label(stat, domains)} {text}" for stat, delta in changes.items()
                     if (text := change_text(stat, delta)) != "=") \
        or "no change to your numbers"


class EventDialog(ModalScreen[str]):
    """Shows one event and dismisses with the id of the choice taken."""

    CSS_PATH = STYLES / "dialogs.tcss"

    BINDINGS = [Binding("1", "pick(0)", "Choice 1", show=False),
                Binding("2", "pick(1)", "Choice 2", show=False),
                Binding("3", "pick(2)", "Choice 3", show=False),
                Binding("4", "pick(3)", "Choice 4", show=False),
                # the result's "Enter: continue" holds wherever the keyboard is (a focused
                # Continue button takes Enter first and does the same)
                Binding("enter", "continue", "Continue", show=False)]

    def __init__(self, event: EventRule) -> None:
        super().__init__()
        self.event = event
        self.chosen: str | None = None

    @property
    def moat(self) -> MoatApp:
        assert isinstance(self.app, MoatApp)
        return self.app

    def compose(self) -> ComposeResult:
        game = self.moat.game
        assert game is not None
        model = self.event.model
        with Vertical(id="event-box", classes="dialog"):
            yield Static(model.title, id="event-title", markup=False)
            with VerticalScroll(id="event-body"):
                yield Static(" ".join(game.story(self.event.id).split()), id="event-story",
                             markup=False)
                yield Vertical(*self.choice_buttons(), id="event-choices")
            yield Static(self.hint_text(), id="event-hint", classes="dialog-help", markup=False)

    def hint_text(self) -> str:
        """The player's cash, and how to reach and take the choices by keyboard."""
        game = self.moat.game
        assert game is not None
        count = len(self.event.choices)
        keys = "1" if count == 1 else f"1-{count}"
        return (f"Cash {money_text(game.s['cash'])} · {keys}: choose · Tab+Enter: take · "
                f"↓/PgDn: more")

    def choice_buttons(self) -> list[Button]:
        """A button per choice: its effects, or LOCKED and the reason."""
        game = self.moat.game
        assert game is not None
        buttons = []
        for number, choice in enumerate(self.event.choices, 1):
            lock = game.choice_lock(self.event.id, choice.model.id)
            label = game.choice_text(self.event.id, choice.model.id)
            if lock:
                text = f"{number}. LOCKED: {label}\n   {lock}"
            else:
                changes = dict(preview(game, self.event, choice.model.id))
                if choice.model.ending == "acquisition" and "exit_price" in changes:
                    # what the buyer will pay: never less than the cash it gets
                    price = game.s["exit_price"]
                    changes["exit_price"] = sale_price(game, price + changes["exit_price"]) \
                        - price
                effect = effects_text(changes, game.content.domain_names)
                text = f"{number}. {label}\n   {effect}"
                if choice.model.ending:
                    text += f"\n   ENDS THE GAME: {choice.model.ending}"
            buttons.append(Button(Content(text), id=f"choice-{choice.model.id}",
                                  disabled=bool(lock), classes="choice"))
        return buttons

    def on_mount(self) -> None:
        """Put the keyboard on the story, not on a choice: Enter takes only a choice the
        player moved to (Tab) or named (its number)."""
        self.query_one("#event-body", VerticalScroll).focus()

    def action_pick(self, index: int) -> None:
        if self.chosen is None and index < len(self.event.choices):
            button = self.query_one(f"#choice-{self.event.choices[index].model.id}", Button)
            if not button.disabled:
                button.press()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter continues only once a choice is made: before that it takes nothing (a
        choice is taken by its number, or by Enter on the choice the player moved to)."""
        if action == "continue":
            return self.chosen is not None and self.is_mounted and \
                bool(self.query("#continue"))
        return True

    def action_continue(self) -> None:
        self.close()

    @on(Button.Pressed, ".choice")
    def choose(self, message: Button.Pressed) -> None:
        if self.chosen is not None:
            return
        choice_id = str(message.button.id).removeprefix("choice-")
        question = self.question(choice_id)
        if question:
            from game.ui.screens.confirm_dialog import ConfirmDialog

            self.app.push_screen(ConfirmDialog(question),
                                 lambda sure: self.take(choice_id) if sure else None)
            return
        self.take(choice_id)

    def question(self, choice_id: str) -> str | None:
        """What to ask before a choice that ends the game or that the company cannot pay."""
        game = self.moat.game
        assert game is not None
        choice = next(c for c in self.event.choices if c.model.id == choice_id)
        warnings = []
        cost = -preview(game, self.event, choice_id).get("cash", 0.0)
        cash = game.s["cash"]
        if cost > 0 and cash - cost < 0:
            warnings.append(f"It costs {money_text(cost)} and you have {money_text(cash)}: "
                            f"cash would go to {money_text(cash - cost)}. Unless money comes "
                            f"in by the end of the month, the company goes bust.")
        if choice.model.ending:
            warnings.append(f"This ends the game ({choice.model.ending}).")
        if not warnings:
            return None
        label = game.choice_text(self.event.id, choice_id)
        return f"“{label}”\n\n" + "\n\n".join(warnings) + "\n\nAre you sure?"

    def take(self, choice_id: str) -> None:
        """Ask the app to make the choice (it answers with :meth:`choice_made`)."""
        self.chosen = choice_id
        self.post_message(Choose(self, self.event.id, choice_id))

    def choice_made(self, changes: Mapping[str, float]) -> None:
        """Show what the choice did."""
        game = self.moat.game
        assert game is not None
        self.query_one("#event-choices").remove()
        self.query_one("#event-body").mount(
            Static(f"{game.last_result}\n\n"
                   f"{effects_text(changes, game.content.domain_names)}", id="event-result",
                   markup=False),
            Button("Continue", id="continue", variant="primary"))
        self.query_one("#event-hint", Static).update(
            f"Cash {money_text(game.s['cash'])} · Enter: continue")
        self.call_after_refresh(self.query_one("#continue", Button).focus)

    @on(Button.Pressed, "#continue")
    def close(self) -> None:
        self.dismiss(self.chosen)
