"""A plan dialog: the concrete decisions of one group, each with its cost, effect or reason."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option as ListOption

from game.engine import plan
from game.engine.game import Game
from game.ui.app import STYLES

TITLES = {gid: title for gid, title, _ in plan.GROUP_TITLES}


class PlanDialog(ModalScreen[plan.Option | None]):
    """Lists a group's options; impossible ones stay visible with their reason."""

    CSS_PATH = STYLES / "dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, game: Game, group: str) -> None:
        super().__init__()
        self.group = group
        self.options = plan.options(game, group)
        self.intro = plan.release_intro(game) if group == "release" else ""
        """What every option of the group shares (the model a release puts out)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog with-intro" if self.intro else "dialog", id="plan-box"):
            yield Static(TITLES[self.group], classes="dialog-title", markup=False)
            if self.intro:
                yield Static(self.intro, id="plan-intro", markup=False)
            items = []
            for index, option in enumerate(self.options):
                if option.reason:
                    text = f"✗ {option.label}\n    not now: {option.reason}"
                else:
                    text = f"  {option.label}\n    {option.preview}"
                items.append(ListOption(Content(text), id=str(index),
                                        disabled=option.reason is not None))
            yield OptionList(*items, id="plan-options")
            yield Static("Enter: do it · Esc: back", classes="dialog-help", markup=False)

    @on(OptionList.OptionSelected, "#plan-options")
    def chosen(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[int(str(message.option.id))])

    def action_cancel(self) -> None:
        self.dismiss(None)
