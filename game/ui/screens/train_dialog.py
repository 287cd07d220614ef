"""The new-run form: size, focus domains, data mix and preference tuning, with a live preview."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from game.engine import plan
from game.engine.decisions import DATA_MIXES, StartRun
from game.engine.game import Game
from game.ui.app import STYLES
from game.ui.widgets.choice_list import ChoiceList

DATA_LABELS = {"licensed": "Licensed (costs money)",
               "permissive": "Permissive web (a bit weaker)",
               "grey": "Grey sources (stronger, risky)"}


class TrainDialog(ModalScreen[plan.Option | None]):
    """Set up a training run; the preview and any reason update as you change the form."""

    CSS_PATH = STYLES / "dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Back"), Binding("ctrl+s", "start", "Start run")]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        content = self.game.content
        training = self.game.rules.training
        sizes = [(f"{name}: {size.units} units for {size.months} months", name)
                 for name, size in training.sizes.items()]
        with Vertical(classes="dialog", id="train-box"):
            yield Static("Train a model", classes="dialog-title", markup=False)
            with Horizontal(id="train-form"):
                with Vertical():
                    yield Label("Size")
                    yield ChoiceList(sizes, id="size")
                    yield Label("Data")
                    yield ChoiceList([(DATA_LABELS[mix], mix) for mix in DATA_MIXES],
                                     selected=("permissive",), id="data")
                    yield ChoiceList([("Preference-tuning contract", "tuning")],
                                     multiple=True, id="tuning")
                with Vertical():
                    yield Label("Focus, up to 3: expect / best")
                    yield ChoiceList([(content.domain_names[d], d) for d in content.domains],
                                     multiple=True, limit=3, id="focus")
            yield Static("", id="train-preview", markup=False)
            yield Static("Tab: next list · Enter or click: choose · ctrl+s: start · Esc: back",
                         classes="dialog-help", markup=False)
            yield Button("Start the run", id="start", variant="primary")

    def on_mount(self) -> None:
        self.update_preview()

    def focus_labels(self, run: StartRun) -> dict[str, str]:
        """Each domain's name with the range the run should reach there and, after the
        slash, the best model it will meet (the frontier by then or today's best open)."""
        width = max(len(name) for name in self.game.content.domain_names.values())
        return {row.domain: f"{row.name:<{width}} {row.text()}"
                for row in plan.training_outlook(self.game, run)}

    def current(self) -> plan.Option:
        size = self.query_one("#size", ChoiceList).selected[0]
        data = self.query_one("#data", ChoiceList).selected[0]
        focus = tuple(self.query_one("#focus", ChoiceList).selected)
        tuning = bool(self.query_one("#tuning", ChoiceList).selected)
        return plan.train_option(self.game, size, focus, data, tuning)

    @on(ChoiceList.Changed)
    def update_preview(self) -> None:
        option = self.current()
        run = option.decision
        assert isinstance(run, StartRun)
        self.query_one("#focus", ChoiceList).relabel(self.focus_labels(run))
        cost = option.preview if option.possible else f"Not possible: {option.reason}"
        text = f"{plan.outlook_text(self.game, run)}\n{cost}"
        self.query_one("#train-preview", Static).update(text)
        self.query_one("#start", Button).disabled = not option.possible

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        option = self.current()
        if option.possible:
            self.dismiss(option)

    def action_cancel(self) -> None:
        self.dismiss(None)
