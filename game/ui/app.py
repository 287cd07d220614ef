"""The Moat app: owns the content and the one game in play, and hands them to screens."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from game.ui import messages

if TYPE_CHECKING:  # the rules load in the background, after the title screen is up
    from game.classroom.card import ClassCard
    from game.content.loader import Content, Problem
    from game.engine.game import Game
    from game.saves.store import SaveStore

STYLES = Path(__file__).parent / "styles"


def _warm_up() -> None:
    """Import in the background what the first month end needs (the save format, the
    month's report), so ending the first month is as quick as the others."""
    import game.engine.breakdown
    import game.saves.format  # noqa: F401


class MoatApp(App[None]):
    """The game in the terminal."""

    TITLE = "Moat"
    CSS_PATH = [STYLES / "app.tcss"]
    BINDINGS = [
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False),
    ]

    def __init__(self, content: Content | None = None, start: dict[str, object] | None = None,
                 fresh_seed: Callable[[], int] | None = None,
                 packs: tuple[Path, ...] = (), store: SaveStore | None = None,
                 dev: bool = False) -> None:
        """Open on the title screen, or go straight into a game when ``start`` is given.

        Args:
            content: the packs in use; when None they are loaded in the background (the base
                pack and ``packs``) while the title screen shows.
            start: ``scenario``, ``seed`` and ``name`` of a game to start at once; or a
                class card's ``card`` and ``section``, with the ``name`` to start at once
                or without one to open the card's new-game form (the player names the
                company; New game opens it again).
            fresh_seed: where the new-game screen's suggested seed comes from (random by
                default; tests pass a fixed one).
            packs: extra pack folders to load after the base pack.
            store: the save folder (the default folder when None).
            dev: for pack authors: reload packs when their files change, and open a
                developer console with the backtick key.
        """
        super().__init__()
        self._content = content
        self.start = start
        self.packs = packs
        self.dev = dev
        self._stamp: tuple[tuple[str, float], ...] = ()
        self.fresh_seed = fresh_seed or (lambda: secrets.randbelow(1_000_000))
        self.game: Game | None = None
        """The game in play: the app owns it; screens read it and ask the app to change it."""
        self.problems: list[Problem] = []
        """What was wrong with the packs, if they could not be loaded (the app then exits 1)."""
        self.error = ""
        """A message for the terminal after exiting with an error."""
        self._after_load: Callable[[], None] | None = None
        self.last_debrief: list[Path] = []
        """The files the last "Export debrief" wrote."""
        from game.saves.store import SaveStore as Store

        self.store = store or Store()
        """Where autosaves and named saves go."""
        self.autosave_problem = ""
        """Why the last autosave failed (empty once one works again)."""

    @property
    def content(self) -> Content:
        """The packs in use (only read once they are loaded: see ``when_loaded``)."""
        assert self._content is not None, "content read before it was loaded"
        return self._content

    @property
    def loaded(self) -> bool:
        return self._content is not None

    @property
    def card_form(self) -> tuple[ClassCard, str | None] | None:
        """The class card (and section) whose form a new game opens, when the app was
        started with a card and no company name."""
        start = self.start or {}
        card, section = start.get("card"), start.get("section")
        if card is None or start.get("name"):
            return None
        from game.classroom.card import ClassCard

        assert isinstance(card, ClassCard)
        return card, section if isinstance(section, str) else None

    def get_default_screen(self) -> Screen[Any]:
        """The title screen is the app's first screen (unless a game starts at once)."""
        if self.start is None or self.card_form is not None:
            from game.ui.screens.title import TitleScreen

            return TitleScreen()
        return super().get_default_screen()

    def on_mount(self) -> None:
        self.store.sweep()
        if self.dev:
            self.bind("grave_accent", "dev_console", description="Console")
            self.set_interval(1.0, self.watch_packs)
        if self._content is None:
            # after the first frame, so the title is drawn before the loading starts
            self.call_after_refresh(self.run_worker, self._load, thread=True,
                                    name="load-packs", exit_on_error=False)
        else:
            self._loaded()
        self.run_worker(_warm_up, thread=True, name="warm-up", exit_on_error=False)

    def _load(self) -> Content:
        from game.content.packs import load

        return load(self.packs)

    def on_worker_state_changed(self, message: Worker.StateChanged) -> None:
        if message.worker.name == "export-debrief":
            self.debrief_written(message.worker)
            return
        if message.worker.name != "load-packs":
            return
        if message.state == WorkerState.SUCCESS:
            self._content = message.worker.result
            self._loaded()
        elif message.state == WorkerState.ERROR:
            from game.content.loader import PackError

            error = message.worker.error
            if isinstance(error, PackError):
                self.problems = list(error.problems)
                self.exit(return_code=1)
            else:
                raise error  # type: ignore[misc]

    def pack_folders(self) -> list[Path]:
        from game.content.packs import base_pack

        return [base_pack(), *self.packs]

    def watch_packs(self) -> None:
        """In dev mode: reload the packs when a file of theirs changes."""
        from game.content.packs import pack_files_stamp

        stamp = pack_files_stamp(self.pack_folders())
        if not self._stamp:
            self._stamp = stamp
            return
        if stamp != self._stamp:
            self._stamp = stamp
            self.reload_packs()

    def reload_packs(self) -> None:
        """Load the packs again; a game in play keeps its state under the new content."""
        from game.content.loader import PackError
        from game.content.packs import load
        from game.engine.game import Game
        from game.saves.format import mismatches

        try:
            content = load(self.packs)
        except PackError as error:
            first = "\n".join(str(p) for p in error.problems[:5])
            self.notify(f"{len(error.problems)} problem(s); keeping the old packs.\n{first}",
                        title="Pack reload failed", severity="error", timeout=15)
            return
        if self.game is not None:
            lost = mismatches(self.game.state, content)
            if lost:
                self.notify("The game in play uses what the edit removed: "
                            + "; ".join(lost[:3]), title="Reload skipped", severity="error")
                return
            self.game = Game(content, self.game.state)
            self.game.refresh()
        self._content = content
        self.notify(f"{len(content.events)} events loaded.", title="Packs reloaded")

    def use_packs(self, packs: tuple[Path, ...]) -> bool:
        """Load the base pack with these extra packs for the next game; False if they fail."""
        from game.content.loader import PackError
        from game.content.packs import load

        try:
            content = load(packs)
        except PackError as error:
            first = "\n".join(str(p) for p in error.problems[:5])
            self.notify(f"{len(error.problems)} problem(s):\n{first}",
                        title="Those packs cannot be loaded", severity="error", timeout=15)
            return False
        self._content = content
        self.packs = packs
        return True

    def action_dev_console(self) -> None:
        from game.ui.screens.dev_console import DevConsole

        if self.dev and self.game is not None:
            self.push_screen(DevConsole())

    def _loaded(self) -> None:
        if self.start is not None:
            scenario = str(self.start.get("scenario") or self.content.default_scenario)
            if scenario not in self.content.scenarios:
                known = ", ".join(self.content.scenarios)
                self.error = f"unknown scenario {scenario!r}; choose one of: {known}"
                self.exit(return_code=2)
                return
            card = self.start.get("card")
            if self.card_form is not None:
                self.action_new_game()
            elif card is not None:
                self.start_card(card, self.start.get("section"),  # type: ignore[arg-type]
                                str(self.start.get("name") or "Moat Labs"))
            else:
                self.new_game(scenario, int(str(self.start.get("seed", 1))),
                              str(self.start.get("name") or "Moat Labs"))
        if self._after_load is not None:
            self._after_load()
            self._after_load = None

    def when_loaded(self, action: Callable[[], None]) -> None:
        """Run ``action`` now if the packs are loaded, or as soon as they are."""
        if self.loaded:
            action()
        else:
            self._after_load = action
            self.notify("Loading the world…")

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification, with control characters from names, files and packs shown
        visibly (see game/terminal.py) and markup off: messages quote what files hold."""
        from game.terminal import clean

        super().notify(clean(message), title=clean(title), severity=severity,
                       timeout=timeout, markup=False)

    # -- the game ----------------------------------------------------------------------------

    def new_game(self, scenario: str, seed: int, name: str) -> None:
        """Start a game and show its first month."""
        from game.engine.game import Game
        from game.ui.screens.month import MonthScreen

        self.game = Game.new(self.content, scenario, seed, name)
        self.switch_or_push(MonthScreen())

    def start_card(self, card: ClassCard, section: str | None, name: str) -> bool:
        """Start the world of a class card; False (with a message) when it cannot."""
        from game.classroom.card import CardError, start_game
        from game.ui.screens.month import MonthScreen

        try:
            self.game = start_game(card, self.content, name, section)
        except CardError as error:
            self.notify(str(error), title="Cannot start the class card", severity="error",
                        timeout=10)
            return False
        differs = self.game.card.get("differs") if self.game.card else None
        if differs:
            self.notify("This game is not the card's world: " + "; ".join(differs[:3]),
                        title="Class card", severity="warning", timeout=10)
        self.switch_or_push(MonthScreen())
        return True

    def switch_or_push(self, screen: Screen[None]) -> None:
        """Show ``screen`` in place of the current one, keeping the title at the bottom."""
        from game.ui.screens.title import TitleScreen

        if len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def autosave(self) -> None:
        from game.files import problem_text
        from game.saves.format import encode
        from game.saves.store import AUTOSAVES_KEPT, write_atomic

        game = self.game
        assert game is not None
        data = encode(game, "auto")
        store, game_id, month = self.store, game.state.game_id, game.state.month
        path = store.autosave_path(game)

        def write() -> None:
            try:
                store.ensure()
                write_atomic(path, data)
                store.prune(game_id, AUTOSAVES_KEPT)
            except OSError as error:
                self.call_from_thread(self.autosave_failed, month, problem_text(error))
                return
            if self.autosave_problem:
                self.call_from_thread(self.autosave_worked, month)

        self.run_worker(write, thread=True, group="autosave", exclusive=False,
                        name=f"autosave-{month}", exit_on_error=False)

    def autosave_failed(self, month: int, problem: str) -> None:
        """Tell the player an autosave was not written, and where, every month it fails."""
        self.autosave_problem = problem
        self.notify(f"Month {month} was not saved to {self.store.folder}: {problem}. "
                    "The game goes on and tries again next month; free some space or "
                    "choose another folder with --saves.",
                    title="Autosave failed", severity="error", timeout=12)

    def autosave_worked(self, month: int) -> None:
        self.autosave_problem = ""
        self.notify(f"Month {month} was saved to {self.store.folder}.",
                    title="Autosaves work again")

    def save_as(self, name: str) -> Path:
        """A named save of the game in play."""
        assert self.game is not None
        return self.store.save_as(self.game, name)

    def load_game(self, path: Path) -> None:
        """Load a save and show it (raises SaveError with the reason when it cannot)."""
        game = self.store.load(path, self.content)
        self.game = game
        if game.state.over:
            self.show_ending()
        else:
            from game.ui.screens.month import MonthScreen

            self.switch_or_push(MonthScreen())

    def action_save_game(self) -> None:
        from game.ui.screens.save_dialog import SaveDialog

        if self.game is None:
            self.notify("There is no game to save yet.", severity="warning")
            return
        self.push_screen(SaveDialog(self.game.state.company))

    def action_load_game(self) -> None:
        from game.ui.screens.load import LoadScreen

        self.when_loaded(lambda: self.push_screen(LoadScreen()))  # type: ignore[arg-type]

    def action_continue_game(self) -> None:
        """Load the most recent save, or say why not."""

        def go() -> None:
            latest = self.store.latest()
            if latest is None:
                self.notify("No saved game yet.", severity="warning")
                return
            self.open_save(latest.path)

        self.when_loaded(go)

    def open_save(self, path: Path) -> None:
        """Load a save; on failure say why and offer the previous good autosave."""
        from game.saves.format import SaveError
        from game.ui.screens.confirm_dialog import ConfirmDialog

        try:
            self.load_game(path)
        except SaveError as error:
            fallback = self.store.fallback(path, self.content)
            if fallback is None:
                self.notify(f"{error}. The file was left as it is.", title="Cannot load",
                            severity="error", timeout=10)
                return
            question = (f"{error}.\n\nThe file was left as it is. Load the previous good "
                        f"autosave instead?\n{fallback.name}")
            self.push_screen(ConfirmDialog(question),
                             lambda yes: self.load_game(fallback) if yes else None)

    def show_ending(self) -> None:
        from game.ui.screens.ending import EndingScreen

        self.switch_or_push(EndingScreen())


    # -- what the screens ask (game/ui/messages.py) ------------------------------------------

    def current(self, request: messages.Request) -> bool:
        """Whether ``request`` comes from the screen shown now; one left over from a screen
        already replaced or closed (a second Ctrl+S, a double click) is ignored."""
        return request.screen is self.screen

    def still_open(self, request: messages.Request) -> bool:
        """Whether the screen that asked for a month's step is still open (shown, or under a
        dialog opened since); one from a screen already replaced or closed is ignored."""
        return request.screen in self.screen_stack

    def on_begin_month(self, request: messages.BeginMonth) -> None:
        game = self.game
        if self.still_open(request) and game is not None and game.state.phase == "world" \
                and not game.state.over:
            game.begin_month()
            request.screen.month_begun()

    def on_choose(self, request: messages.Choose) -> None:
        """Take an event's choice; a choice that ends the game is saved as ended at once."""
        game = self.game
        if not self.still_open(request) or game is None \
                or request.event_id not in game.state.pending:
            return
        changes = game.choose(request.event_id, request.choice_id)
        if game.state.over:
            self.autosave()
        request.screen.choice_made(changes)

    def on_apply_decision(self, request: messages.ApplyDecision) -> None:
        """Carry out a plan decision, or tell the screen why the engine refused it."""
        from game.engine.game import IllegalDecision

        game = self.game
        if not self.still_open(request) or game is None:
            return
        try:
            game.apply(request.option.decision)
        except IllegalDecision as error:
            request.screen.decision_refused(request.option, str(error))
            return
        request.screen.decision_applied(request.option)

    def on_end_month(self, request: messages.EndMonth) -> None:
        """End the month and autosave (the bytes now, the disk write in a worker)."""
        game = self.game
        if not self.still_open(request) or game is None or game.state.phase != "plan":
            return
        summary = game.end_month()
        self.autosave()
        request.screen.month_ended(summary)

    def on_open_new_game(self, request: messages.OpenNewGame) -> None:
        if self.current(request):
            self.action_new_game()

    def on_continue_game(self, request: messages.ContinueGame) -> None:
        if self.current(request):
            self.action_continue_game()

    def on_open_load(self, request: messages.OpenLoad) -> None:
        if self.current(request):
            self.action_load_game()

    def on_open_help(self, request: messages.OpenHelp) -> None:
        if self.current(request):
            self.action_help()

    def on_start_game(self, request: messages.StartGame) -> None:
        """Start a game with the packs the player ticked (staying put if they fail)."""
        if not self.current(request):
            return
        if set(request.packs) != set(self.packs) and not self.use_packs(request.packs):
            return
        scenario = request.scenario
        if scenario not in self.content.scenarios:
            scenario = self.content.default_scenario
        self.new_game(scenario, request.seed, request.name)

    def on_start_card(self, request: messages.StartCard) -> None:
        """Start a class card's world with the packs it names (staying put if they fail)."""
        if not self.current(request):
            return
        packs = request.packs
        if packs is not None and set(packs) != set(self.packs) and not self.use_packs(packs):
            return
        self.start_card(request.card, request.section, request.name)

    def on_open_save(self, request: messages.OpenSave) -> None:
        if self.current(request):
            self.open_save(request.path)

    def on_save_as(self, request: messages.SaveAs) -> None:
        """A named save; the dialog closes once it is written, and stays open if not."""
        from game.files import problem_text

        if not self.current(request) or self.game is None:
            return
        try:
            path = self.save_as(request.name)
        except OSError as error:
            self.notify(f"Could not save to {self.store.folder}: {problem_text(error)}",
                        title="Not saved", severity="error")
            return
        self.notify(f"Saved as {path.name}", title="Saved")
        request.screen.dismiss(None)

    def on_export_debrief(self, request: messages.ExportDebrief) -> None:
        if self.current(request):
            self.action_export_debrief()

    def on_show_ending(self, request: messages.ShowEnding) -> None:
        if self.current(request):
            self.show_ending()

    # -- commands ------------------------------------------------------------------------------

    def action_export_debrief(self) -> None:
        """Write the game's debrief (HTML to print, Markdown to paste) beside the saves."""
        from game.classroom.export import export_debrief

        game = self.game
        if game is None:
            self.notify("There is no game to debrief yet.", severity="warning")
            return
        folder = self.store.folder

        def write() -> list[Path]:
            return export_debrief(game, folder)

        self.run_worker(write, thread=True, name="export-debrief", exit_on_error=False)

    def debrief_written(self, worker: Worker[Any]) -> None:
        """Say where the debrief went, or why it could not be written."""
        if worker.state == WorkerState.SUCCESS and worker.result:
            self.last_debrief = list(worker.result)
            paths = "\n".join(str(p) for p in self.last_debrief)
            self.notify(f"Written beside the saves:\n{paths}", title="Debrief exported",
                        timeout=15)
        elif worker.state == WorkerState.ERROR:
            self.notify(f"The debrief could not be written: {worker.error}",
                        title="Export debrief", severity="error", timeout=15)

    def action_help(self) -> None:
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_new_game(self) -> None:
        from game.ui.screens.new_game import NewGameScreen

        form = self.card_form

        def open_new_game() -> None:
            self.push_screen(NewGameScreen(*form) if form else NewGameScreen())

        self.when_loaded(open_new_game)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("New game", "Start a new company", self.action_new_game)
        yield SystemCommand("Save game", "Save the game under a name", self.action_save_game)
        yield SystemCommand("Load game", "Open a saved game", self.action_load_game)
        yield SystemCommand("Export debrief",
                            "Write this game's debrief (HTML and Markdown) beside the saves",
                            self.action_export_debrief)
        yield SystemCommand("Help", "How to play, the keys and a glossary", self.action_help)
        yield SystemCommand("Light or dark theme", "Switch between the light and dark theme",
                            self.action_toggle_dark)
        yield SystemCommand("Quit", "Leave the game", self.action_quit)
