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

from game.content.loader import EventRule
from game.engine.events import preview
from game.ui.app import STYLES, MoatApp
from game.ui.format import change_text, label


def effects_text(changes: Mapping[str, float]) -> str:
    """Stat changes as ``Cash ▼-$1.5M, Hype ▲+12``."""
    return ", ".join(f"{label(stat)} {change_text(stat, delta)}"
                     for stat, delta in changes.items()) or "no change to your numbers"


class EventDialog(ModalScreen[str]):
    """Shows one event and dismisses with the id of the choice taken."""

    CSS_PATH = STYLES / "dialogs.tcss"

    BINDINGS = [Binding("1", "pick(0)", "Choice 1", show=False),
                Binding("2", "pick(1)", "Choice 2", show=False),
                Binding("3", "pick(2)", "Choice 3", show=False),
                Binding("4", "pick(3)", "Choice 4", show=False)]

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
                effect = effects_text(preview(game, self.event, choice.model.id))
                text = f"{number}. {label}\n   {effect}"
                if choice.model.ending:
                    text += f"\n   ENDS THE GAME: {choice.model.ending}"
            buttons.append(Button(Content(text), id=f"choice-{choice.model.id}",
                                  disabled=bool(lock), classes="choice"))
        return buttons

    def on_mount(self) -> None:
        """Put the keyboard on the first open choice that does not end the game."""
        endings = {f"choice-{c.model.id}" for c in self.event.choices if c.model.ending}
        free = [b for b in self.query(".choice").results(Button) if not b.disabled]
        safe = [b for b in free if b.id not in endings]
        if safe or free:
            (safe or free)[0].focus()

    def action_pick(self, index: int) -> None:
        if self.chosen is None and index < len(self.event.choices):
            button = self.query_one(f"#choice-{self.event.choices[index].model.id}", Button)
            if not button.disabled:
                button.press()

    @on(Button.Pressed, ".choice")
    def choose(self, message: Button.Pressed) -> None:
        if self.chosen is not None:
            return
        choice_id = str(message.button.id).removeprefix("choice-")
        choice = next(c for c in self.event.choices if c.model.id == choice_id)
        if choice.model.ending:
            from game.ui.screens.confirm_dialog import ConfirmDialog

            label = self.moat.game.choice_text(self.event.id, choice_id) \
                if self.moat.game else choice.model.text
            question = (f"“{label}”\n\nThis ends the game "
                        f"({choice.model.ending}). Are you sure?")
            self.app.push_screen(ConfirmDialog(question),
                                 lambda sure: self.take(choice_id) if sure else None)
            return
        self.take(choice_id)

    def take(self, choice_id: str) -> None:
        """Make the choice and show what happened."""
        self.chosen = choice_id
        changes = self.moat.choose(self.event.id, choice_id)
        game = self.moat.game
        assert game is not None
        self.query_one("#event-choices").remove()
        self.query_one("#event-body").mount(
            Static(f"{game.last_result}\n\n"
                   f"{effects_text(changes)}", id="event-result", markup=False),
            Button("Continue", id="continue", variant="primary"))
        self.call_after_refresh(self.query_one("#continue", Button).focus)

    @on(Button.Pressed, "#continue")
    def close(self) -> None:
        self.dismiss(self.chosen)
