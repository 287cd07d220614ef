"""One student's game under ``moat serve``: a child process the server starts per browser.

The server runs ``python -m game.web.session`` directly (no shell in between) with Textual's
web driver. The process ends with its server however the server ends: on Linux the kernel
sends it SIGTERM when the server dies (``PR_SET_PDEATHSIG``, SIGKILL of the server
included); everywhere, a watcher thread notices that the parent is gone and ends the
process if the game has not closed by itself within a few seconds. A game in play is
autosaved whenever the app closes — idle timeout, server stopped, browser gone.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, WorkerState

from game.ui.app import MoatApp

if TYPE_CHECKING:
    from game.classroom.card import ClassCard

PARENT_ENV = "MOAT_SERVE_PARENT"
"""The server's process id, so a session can tell that its server has gone."""
GRACE = 3.0
"""Seconds a session has to save and close after its server is gone."""
GC_THRESHOLDS = (5000, 10, 10)
"""The collector's thresholds in a game process (Python's are 700, 10, 10).

Drawing the screen makes many short-lived objects; with Python's thresholds a game spent
about a third of its processor time collecting them. Measured over five months of a game:
1.2-1.6 s collecting with the defaults, 0.4 s with these and the start-up objects frozen,
for about 3 MB more memory."""


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends, however it ends."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the server died before the line above ran
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        try:
            os.kill(os.getpid(), signal.SIGTERM)  # the app saves and closes on SIGTERM
        except OSError:
            pass
        time.sleep(GRACE)
        os._exit(1)

    threading.Thread(target=watch, name="moat-parent-watch", daemon=True).start()


class ServedApp(MoatApp):
    """The game as one student plays it in the browser."""

    def __init__(self, card: ClassCard | None = None, section: str | None = None,
                 first_visit: bool = False, **options: Any) -> None:
        super().__init__(**options)
        self.card = card
        """The class card every new game starts from (``moat serve --class``)."""
        self.section = section
        """The section every game of this server plays (``moat serve --section``)."""
        self.first_visit = first_visit
        """No game saved yet: with a card, the new-game screen opens at once."""

    def on_mount(self) -> None:
        super().on_mount()
        # what is loaded by now (the packs, the library code) lives as long as the game:
        # the collector need not go through it again
        self.call_after_refresh(gc.freeze)
        if self.card is not None and self.first_visit:
            self.action_new_game()

    def action_new_game(self) -> None:
        """In a class, every new game is the card's world; the student names the company."""
        card = self.card
        if card is None:
            super().action_new_game()
            return
        from game.ui.screens.new_game import NewGameScreen

        def open_new_game() -> None:
            self.push_screen(NewGameScreen(card, self.section))

        self.when_loaded(open_new_game)

    def on_worker_state_changed(self, message: Worker.StateChanged) -> None:
        """After "Export debrief" has written its files beside the saves, the browser
        downloads them too (the printable page when there is one)."""
        super().on_worker_state_changed(message)
        worker = message.worker
        if worker.name != "export-debrief" or message.state != WorkerState.SUCCESS:
            return
        written = [p for p in (worker.result or ()) if isinstance(p, Path) and p.is_file()]
        pages = [p for p in written if p.suffix == ".html"]
        for path in pages[:1] or written[:1]:
            self.deliver_binary(path, save_filename=path.name, open_method="download",
                                mime_type="text/html" if path.suffix == ".html" else None)

    def save_on_close(self) -> None:
        """Autosave a game in play (mid-month included), so Continue finds it."""
        game = self.game
        if game is None or game.state.over:
            return
        try:
            self.store.autosave(game)
        except OSError as error:
            print(f"autosave failed: {error}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m game.web.session")
    parser.add_argument("--saves", type=Path, required=True)
    parser.add_argument("--pack", dest="packs", type=Path, action="append", default=[])
    parser.add_argument("--class", dest="card", type=Path)
    parser.add_argument("--section")
    parser.add_argument("--content", type=Path,
                        help="the packs as the server read them (see game.content.snapshot)")
    args = parser.parse_args(argv)
    parent = os.environ.get(PARENT_ENV)
    if parent:
        die_with_parent(int(parent))
    from game.saves.store import SaveStore

    store = SaveStore(args.saves)
    packs: tuple[Path, ...] = tuple(args.packs)
    """The server passes the card's pack folders too."""
    content = None
    if args.content is not None:
        from game.content.snapshot import read

        content = read(args.content)  # None: the packs are loaded as in a terminal
    card = None
    if args.card is not None:  # checked by the server before it started
        from game.classroom.card import read_card

        card = read_card(args.card)
    gc.set_threshold(*GC_THRESHOLDS)
    app = ServedApp(card=card, section=args.section or None,
                    first_visit=store.latest() is None, content=content, packs=packs,
                    store=store)
    try:
        app.run()
    finally:
        app.save_on_close()


if __name__ == "__main__":
    main()
