"""New game: pick a scenario, name the company, see and edit the seed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.game import month_label
from game.engine.stats import money_text
from game.terminal import strip_control
from game.ui.app import STYLES, MoatApp
from game.ui.messages import StartCard, StartGame
from game.ui.widgets.choice_list import ChoiceList

if TYPE_CHECKING:
    from game.classroom.card import ClassCard


class NewGameScreen(Screen[None]):
    """Choose where to start, and who you are."""

    CSS_PATH = STYLES / "screens.tcss"

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "start", "Start"),
        Binding("ctrl+o", "open_card", "Class card"),
    ]

    def __init__(self, card: ClassCard | None = None, section: str | None = None) -> None:
        """With ``card``, the new game is the card's world (scenario, seed, horizon and
        packs are the card's, and shown as such); the player names the company."""
        super().__init__()
        self.card = card
        self.section = section

    @property
    def moat(self) -> MoatApp:
        assert isinstance(self.app, MoatApp)
        return self.app

    @property
    def seed(self) -> int:
        """A fresh seed to show; the player may type another (the same seed, the same world)."""
        if not hasattr(self, "_seed"):
            self._seed = self.moat.fresh_seed()
        return self._seed

    def compose(self) -> ComposeResult:
        content = self.moat.content
        card = self.card
        if card is not None:
            yield from self.compose_card(card)
            return
        yield Static(" New game", id="screen-title", markup=False)
        with Horizontal(id="new-game"):
            with Vertical(id="scenario-column"):
                yield Label("Scenario")
                yield OptionList(*[Option(s.title, id=s.id) for s in content.scenarios.values()],
                                 id="scenarios")
                yield Label("Company name")
                yield Input(placeholder="Moat Labs", id="name", max_length=40)
                yield Label("Seed (same seed, same world)")
                yield Input(str(self.seed), id="seed", type="integer", max_length=12)
                yield Button("Start", id="start", variant="primary")
            with VerticalScroll(id="scenario-info"):
                yield Static("", id="scenario-text", markup=False)
                packs = self.available_packs()
                if packs:
                    yield Label("Extra packs (Enter or click to add)")
                    chosen = tuple(str(p) for p in self.moat.packs)
                    yield ChoiceList([(name, str(path)) for path, name in packs],
                                     multiple=True, selected=chosen, id="packs")
        yield Footer()

    def compose_card(self, card: ClassCard) -> ComposeResult:
        """The card's world, fixed, and the company name to type."""
        scenario = self.moat.content.scenarios.get(card.scenario)
        title = card.title or "Class card"
        yield Static(f" New game · {title}", id="screen-title", markup=False)
        with Horizontal(id="new-game"):
            with Vertical(id="scenario-column"):
                yield Label("Company name")
                yield Input(placeholder="Moat Labs", id="name", max_length=40)
                yield Button("Start", id="start", variant="primary")
            with VerticalScroll(id="scenario-info"):
                lines = [title, ""]
                if scenario is not None:
                    end = month_label(scenario.start, card.horizon)
                    lines += [f"{scenario.title}", f"{scenario.start} to {end} "
                              f"({card.horizon} months)", "",
                              " ".join(scenario.summary.split()), ""]
                seed = card.seed_for(self.section)
                lines.append(f"Seed {seed}" + (f", section {self.section}" if self.section
                                               else "") + ": the whole class plays this world.")
                if card.deadline:
                    lines.append(f"Hand in by {card.deadline}.")
                lines += ["", "Your teacher's card sets the world; the company name is yours "
                          "(it names your game in the class report)."]
                yield Static("\n".join(lines), id="scenario-text", markup=False)
        yield Footer()

    def available_packs(self) -> list[tuple[Path, str]]:
        """Packs next to the base pack, and any given with --pack, with their names."""
        from game.content.packs import pack_label, shipped_packs

        return [(path, pack_label(path))
                for path in dict.fromkeys([*shipped_packs(), *self.moat.packs])]

    def on_mount(self) -> None:
        if self.card is not None:
            self.query_one("#name", Input).focus()
            return
        scenarios = self.query_one("#scenarios", OptionList)
        default = list(self.moat.content.scenarios).index(self.moat.content.default_scenario)
        scenarios.highlighted = default
        scenarios.focus()

    @on(OptionList.OptionHighlighted, "#scenarios")
    def describe(self, message: OptionList.OptionHighlighted) -> None:
        scenario = self.moat.content.scenarios[str(message.option.id)]
        end = month_label(scenario.start, scenario.horizon)
        text = (f"{scenario.title}\n{scenario.start} to {end} ({scenario.horizon} months)\n\n"
                f"{' '.join(scenario.summary.split())}\n\n"
                f"Cash {money_text(scenario.cash)}, team of "
                f"{scenario.researchers + scenario.engineers + scenario.gtm}, "
                f"funding climate {scenario.climate:.0f}/100.")
        self.query_one("#scenario-text", Static).update(text)

    @on(OptionList.OptionSelected, "#scenarios")
    def scenario_chosen(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def name_done(self) -> None:
        if self.card is not None:
            self.action_start()
            return
        self.query_one("#seed", Input).focus()

    @on(Input.Submitted, "#seed")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        if self.card is not None:
            typed = strip_control(self.query_one("#name", Input).value)
            self.post_message(StartCard(self, self.card, self.section,
                                        typed.strip()[:40] or "Moat Labs"))
            return
        scenarios = self.query_one("#scenarios", OptionList)
        index = scenarios.highlighted or 0
        scenario = scenarios.get_option_at_index(index).id
        typed = strip_control(self.query_one("#name", Input).value)
        name = typed.strip()[:40] or "Moat Labs"
        seed_text = self.query_one("#seed", Input).value.strip()
        seed = int(seed_text) if seed_text.lstrip("-").isdigit() else self.seed
        if not -(2**63) <= seed < 2**63:
            seed = self.seed
        lists = list(self.query("#packs").results(ChoiceList))
        chosen = tuple(Path(p) for p in lists[0].selected) if lists else ()
        self.post_message(StartGame(self, str(scenario), seed, name, chosen))

    def action_open_card(self) -> None:
        if self.card is not None:
            return
        from game.ui.screens.class_card_dialog import ClassCardDialog

        self.app.push_screen(ClassCardDialog(), self.start_card)

    def start_card(self, answer: tuple[Path, str] | None) -> None:
        """Start the world of the card the player chose, with the name they typed."""
        from game.classroom.card import CardError, pack_folders, read_card

        if answer is None:
            return
        path, section = answer
        try:
            card = read_card(path)
            card.seed_for(section or None)
            folders = tuple(pack_folders(card))
        except CardError as error:
            self.notify(str(error), title="Cannot open the class card", severity="error",
                        timeout=10)
            return
        name = self.query_one("#name", Input).value.strip() or "Moat Labs"
        self.post_message(StartCard(self, card, section or None, name, folders))

    def action_back(self) -> None:
        self.app.pop_screen()
