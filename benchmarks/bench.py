"""Speed figures for the engine: import and load time, and whole games per second per bot.

Run from the project folder: ``python benchmarks/bench.py [--games N]``. Each figure is the
best of three runs on one core, except the scaling figures at the end (``moat simulate`` on 1,
2 and all cores); tests check behaviour, this script checks speed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from typing import Any

TARGET_GAMES_PER_SECOND = 500
TARGET_SIMULATE_ONE = 0.5
TARGET_END_MONTH = 0.050
TARGET_START_RATIO = 1.5
TARGET_AUTOSAVE = 0.005
TARGET_LIST_100 = 0.200
TARGET_TWO_CORES = 0.6
TARGET_CLASS_REPORT = 2.0
TARGET_DEBRIEF = 0.5

# Each child prints the wall-clock time at which its first screen has been drawn, then
# leaves at once; the parent subtracts the time it launched the process.
MINIMAL_APP = """
import os, time
from textual.app import App
class Minimal(App):
    def on_mount(self):
        self.call_after_refresh(self.drawn)
    def drawn(self):
        print(time.time(), flush=True)
        os._exit(0)
Minimal().run(headless=True)
"""

MOAT_TO_TITLE = """
import os, time
import game.launch  # what the moat command imports first
from game.ui.app import MoatApp
from game.ui.screens.title import TitleScreen
class ToTitle(MoatApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.drawn)
    def drawn(self):
        assert isinstance(self.screen, TitleScreen)
        print(time.time(), flush=True)
        os._exit(0)
ToTitle().run(headless=True)
"""


def best_of(runs: int, action: object) -> float:
    assert callable(action)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def import_and_load() -> tuple[float, float]:
    """Seconds to import the engine, and to load the base pack, in a fresh interpreter."""
    code = ("import time; t = time.perf_counter(); "
            "import game.engine.game, game.content.packs; a = time.perf_counter() - t; "
            "t = time.perf_counter(); game.content.packs.load(); b = time.perf_counter() - t; "
            "print(a, b)")
    results = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.split()
        results.append((float(out[0]), float(out[1])))
    return min(r[0] for r in results), min(r[1] for r in results)


def simulate_one() -> float:
    """Wall time of ``moat simulate --games 1`` as a user runs it."""
    command = [sys.executable, "-m", "game", "simulate", "--games", "1"]
    return best_of(3, lambda: subprocess.run(command, capture_output=True, check=True))


def simulate_seconds(policy: str, games: int) -> tuple[float, float, float]:
    """Seconds to simulate ``games`` games of ``policy``, best of three, in a fresh process
    as ``moat simulate`` runs (this one has run a Textual app, whose many objects would
    slow the garbage collector down): wall-clock and CPU time (``time.process_time``, which
    other programs on a shared machine disturb less), and the mean months a game lasted
    (a game that lasts longer takes longer)."""
    code = ("import sys, time\n"
            "from game.content.packs import load\n"
            "from game.sim.simulate import simulate\n"
            "content = load()\n"
            "times, cpu = [], []\n"
            "for _ in range(3):\n"
            "    start, start_cpu = time.perf_counter(), time.process_time()\n"
            f"    summary = simulate(content, 'newcomer_2023', {policy!r}, {games}, 1)\n"
            "    times.append(time.perf_counter() - start)\n"
            "    cpu.append(time.process_time() - start_cpu)\n"
            "print(min(times), min(cpu), sum(summary.end_months) / len(summary.end_months))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[-3]), float(out[-2]), float(out[-1])


def simulate_wall(jobs: int, games: int) -> float:
    """Wall time of ``moat simulate --policy all --games N --jobs J``, best of two, as a user
    runs it (start-up and loading the packs included)."""
    command = [sys.executable, "-m", "game", "simulate", "--policy", "all", "--games",
               str(games), "--jobs", str(jobs), "--json"]
    return best_of(2, lambda: subprocess.run(command, capture_output=True, check=True))


def scaling(games: int) -> None:
    """Time of ``moat simulate --policy all`` on 1, 2 and all cores, and how much of each
    added core the run puts to use (efficiency = time on 1 / (cores x time on cores))."""
    from game.sim.parallel import cores

    counts = sorted({1, 2, cores()})
    print(f"\nmoat simulate --policy all --games {games}, best of 2 "
          f"(target on 2 cores <= {TARGET_TWO_CORES}x the time on 1):")
    one = 0.0
    for jobs in counts:
        seconds = simulate_wall(jobs, games)
        one = one or seconds
        line = f"  --jobs {jobs:<3} {seconds:7.2f} s  {one / seconds:5.2f}x  " \
               f"efficiency {one / (jobs * seconds):4.0%}"
        if jobs == 2:
            ratio = seconds / one
            line += f"  ({ratio:.2f} of --jobs 1: {'ok' if ratio <= TARGET_TWO_CORES else 'SLOW'})"
        print(line)


def start_times() -> tuple[float, float]:
    """Wall time of a process that starts a minimal Textual app, and one that opens Moat's
    title screen (imports, pack loading and the first frame), best of five each."""
    def launch(code: str) -> float:
        start = time.time()
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                             text=True).stdout
        return float(out.split()[-1]) - start

    def run(code: str) -> float:
        return min(launch(code) for _ in range(5))

    return run(MINIMAL_APP), run(MOAT_TO_TITLE)


def end_month_latency(months: int = 12) -> float:
    """Seconds from the key that ends a month to the redrawn screen (mean over months).

    Timed inside the app: from the moment the month screen handles the key to the first
    refresh after the summary dialog is shown (built the first month, shown again after).
    """
    import asyncio
    import tempfile
    from pathlib import Path

    from game.content.packs import load
    from game.engine.game import Game
    from game.saves.store import SaveStore
    from game.ui.app import MoatApp
    from game.ui.screens.event_dialog import EventDialog
    from game.ui.screens.month import MonthScreen
    from game.ui.screens.summary_dialog import SummaryDialog

    def game_of(app: MoatApp) -> Game:
        assert app.game is not None
        return app.game

    times: list[float] = []
    started: list[float] = []
    end_month = MonthScreen.action_end_month
    shown = SummaryDialog._on_screen_resume  # runs each time the dialog is shown

    def timed_end_month(screen: MonthScreen) -> None:
        started.append(time.perf_counter())
        end_month(screen)

    def timed_show(dialog: SummaryDialog, event: Any) -> None:
        shown(dialog, event)
        dialog.call_after_refresh(lambda: times.append(time.perf_counter() - started[-1]))

    MonthScreen.action_end_month = timed_end_month  # type: ignore[method-assign,assignment]
    SummaryDialog._on_screen_resume = timed_show  # type: ignore[method-assign]

    async def play() -> None:
        folder = tempfile.mkdtemp(prefix="moat-bench-")
        app = MoatApp(load(), {"scenario": "newcomer_2023", "seed": 3, "name": "Bench"},
                      store=SaveStore(Path(folder)))
        async with app.run_test(size=(120, 40)) as pilot:
            while len(times) < months and not (app.game and app.game.state.over):
                await pilot.pause()
                screen = app.screen
                if isinstance(screen, EventDialog) and screen.chosen is None:
                    # Enter takes no choice the player has not moved to: name one
                    free = [n for n, c in enumerate(screen.event.choices, 1)
                            if game_of(app).choice_lock(screen.event.id, c.model.id) is None
                            and not c.model.ending]
                    await pilot.press(str(free[0]) if free else "escape")
                else:
                    await pilot.press("e" if isinstance(screen, MonthScreen) else "enter")

    try:
        asyncio.run(play())
    finally:
        MonthScreen.action_end_month = end_month  # type: ignore[method-assign]
        SummaryDialog._on_screen_resume = shown  # type: ignore[method-assign]
    return sum(times) / len(times)


def save_figures() -> tuple[float, float, int]:
    """Autosave time for a 36-month game (encode + atomic write), and listing 100 saves."""
    import tempfile
    from pathlib import Path

    from game.content.packs import load
    from game.saves.store import SaveStore
    from game.sim.bots import NicheProduct
    from game.sim.simulate import play_game

    content = load()
    game = None
    for seed in range(200):  # a game that runs the whole 36 months
        game = play_game(content, "newcomer_2023", seed, NicheProduct())
        if game.state.month >= 36:
            break
    assert game is not None
    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(Path(folder))
        autosave = best_of(20, lambda: store.autosave(game))
        size = store.autosave_path(game).stat().st_size
        for index in range(100):
            game.state.game_id = f"{index:012x}"
            store.autosave(game)
        listing = best_of(5, lambda: store.list())
        assert len(store.list()) >= 100
    return autosave, listing, size


def classroom_figures() -> tuple[tuple[float, float], tuple[float, float], bool]:
    """``moat class report`` over the 200 saves of a class that played one card, and ``moat
    debrief --format html`` of one of them, as a teacher runs them: (wall, CPU) seconds of
    each, best of three; and whether either imported textual (they must not)."""
    import resource
    import tempfile
    from pathlib import Path

    from game.classroom.card import card_record, dumps, make_card, start_game
    from game.content.packs import load
    from game.saves.format import encode
    from game.sim.bots import RandomBot

    def timed(command: list[str]) -> tuple[float, float]:
        def child_cpu() -> float:
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            return usage.ru_utime + usage.ru_stime

        runs = []
        for _ in range(3):
            cpu, start = child_cpu(), time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            runs.append((time.perf_counter() - start, child_cpu() - cpu))
        return min(runs)

    content = load()
    card = make_card(content, None, 3)
    with tempfile.TemporaryDirectory() as folder:
        saves = Path(folder) / "class"
        saves.mkdir()
        (Path(folder) / "card.toml").write_text(dumps(card))
        for index in range(200):  # 200 students, each deciding differently on one world
            game = start_game(card, content, f"Student {index}")
            student = RandomBot()
            student.name = f"student-{index}"
            while not game.state.over:
                for event in game.begin_month():
                    if event.id not in game.state.pending:
                        continue  # an earlier choice made its condition false
                    game.choose(event.id, student.choose(game, event))
                    if game.state.over:
                        break
                if not game.state.over:
                    student.plan(game)
                    game.end_month()
            game.card = card_record(card, content, None)
            (saves / f"student-{index:03d}.json").write_bytes(encode(game, "manual"))
        one = next(saves.glob("*.json"))
        report = timed([sys.executable, "-m", "game", "class", "report", str(saves), "--out",
                        str(Path(folder) / "report.md")])
        debrief = timed([sys.executable, "-m", "game", "debrief", str(one), "--format", "html",
                         "--out", str(Path(folder) / "debrief.html")])
        code = ("import sys; from click.testing import CliRunner; from game.cli import main; "
                f"r = CliRunner().invoke(main, ['class', 'report', {str(saves)!r}]); "
                "assert r.exit_code == 0, r.output; "
                f"r = CliRunner().invoke(main, ['debrief', {str(one)!r}, '--format', 'html']); "
                "assert r.exit_code == 0, r.output; "
                "print('textual' in sys.modules)")
        textual = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout.split()[-1] == "True"
    return report, debrief, textual


def validate_thousand() -> float:
    """Seconds to validate a pack of 1,000 events (copies of the base pack's, renamed)."""
    import tempfile
    from pathlib import Path

    import tomli

    from game.content.loader import validate_packs
    from game.content.packs import base_pack

    base = base_pack()
    sources = [p.read_text() for p in sorted((base / "events").glob("*.toml"))]
    per_copy = sum(len(tomli.loads(text)["event"]) for text in sources)
    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "thousand"
        (pack / "events").mkdir(parents=True)
        (pack / "pack.toml").write_text('id = "thousand"\nname = "T"\nversion = "1.0"\n')
        copies, written = 0, 0
        while written < 1000:
            for index, text in enumerate(sources):
                renamed = re.sub(r'^id = "', f'id = "c{copies}_', text, flags=re.M)
                renamed = renamed.replace('event = "', f'event = "c{copies}_')
                (pack / "events" / f"copy{copies}_{index}.toml").write_text(renamed)
            copies += 1
            written += per_copy
        problems = validate_packs([base, pack])
        seconds = best_of(3, lambda: validate_packs([base, pack]))
    print(f"  ({written} events in the test pack; {len(problems)} problems reported)")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=500, help="games per bot")
    parser.add_argument("--scaling-games", type=int, default=1000,
                        help="games per bot for the scaling figures (0 leaves them out)")
    args = parser.parse_args()

    from game.sim.bots import BOTS

    engine, pack = import_and_load()
    print(f"import engine:           {engine * 1000:7.1f} ms")
    print(f"load base pack:          {pack * 1000:7.1f} ms")
    one = simulate_one()
    verdict = "ok" if one < TARGET_SIMULATE_ONE else "SLOW"
    print(f"moat simulate --games 1: {one * 1000:7.1f} ms  (target < "
          f"{TARGET_SIMULATE_ONE * 1000:.0f} ms: {verdict})")
    minimal, moat = start_times()
    ratio = moat / minimal
    verdict = "ok" if ratio < TARGET_START_RATIO else "SLOW"
    print(f"minimal Textual app:     {minimal * 1000:7.1f} ms")
    print(f"moat to title screen:    {moat * 1000:7.1f} ms  ({ratio:.2f}x; target < "
          f"{TARGET_START_RATIO}x: {verdict})")
    latency = end_month_latency()
    verdict = "ok" if latency < TARGET_END_MONTH else "SLOW"
    print(f"end month to redraw:     {latency * 1000:7.1f} ms  (target < "
          f"{TARGET_END_MONTH * 1000:.0f} ms: {verdict})")
    autosave, listing, size = save_figures()
    verdict = "ok" if autosave < TARGET_AUTOSAVE else "SLOW"
    print(f"autosave, 36 months:     {autosave * 1000:7.1f} ms  ({size // 1024} KB; target < "
          f"{TARGET_AUTOSAVE * 1000:.0f} ms: {verdict})")
    verdict = "ok" if listing < TARGET_LIST_100 else "SLOW"
    print(f"list 100 saves:          {listing * 1000:7.1f} ms  (target < "
          f"{TARGET_LIST_100 * 1000:.0f} ms: {verdict})")
    validate = validate_thousand()
    verdict = "ok" if validate < 1.0 else "SLOW"
    print(f"validate 1,000 events:   {validate * 1000:7.1f} ms  (target < 1000 ms: {verdict})")
    (report, report_cpu), (debrief, debrief_cpu), textual = classroom_figures()
    verdict = "ok" if report <= TARGET_CLASS_REPORT and not textual else "SLOW"
    print(f"class report, 200 saves: {report * 1000:7.1f} ms  (CPU {report_cpu * 1000:.0f} ms; "
          f"target <= {TARGET_CLASS_REPORT * 1000:.0f} ms: {verdict})")
    verdict = "ok" if debrief <= TARGET_DEBRIEF and not textual else "SLOW"
    print(f"debrief, HTML:           {debrief * 1000:7.1f} ms  (CPU {debrief_cpu * 1000:.0f} ms; "
          f"target <= {TARGET_DEBRIEF * 1000:.0f} ms: {verdict})")
    print(f"  textual imported by either: {'YES (must not)' if textual else 'no'}")
    print(f"\ngames per second, default scenario, {args.games} games, best of 3 "
          f"(target >= {TARGET_GAMES_PER_SECOND}):")
    total_games, total_time = 0, 0.0
    for policy in BOTS:
        seconds, cpu, months = simulate_seconds(policy, args.games)
        rate = args.games / seconds
        total_games += args.games
        total_time += seconds
        verdict = "ok" if rate >= TARGET_GAMES_PER_SECOND else "SLOW"
        print(f"  {policy:<16} {rate:7.0f} games/s  {verdict:<4}  (CPU time: "
              f"{args.games / cpu:.0f} games/s; {months:.1f} months a game)")
    print(f"  {'all bots':<16} {total_games / total_time:7.0f} games/s")
    if args.scaling_games:
        scaling(args.scaling_games)


if __name__ == "__main__":
    main()
