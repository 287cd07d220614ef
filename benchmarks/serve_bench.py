"""How many students one machine serves: ``moat serve`` under a class's load, on loopback.

Run from the project folder with the test extra installed:
``python benchmarks/serve_bench.py [--sessions 30] [--months 4]``.

It starts a server, opens ``--sessions`` games at once through websockets (as browsers
would), starts a new game in each, then has every student end ``--months`` months, each
after a pause to think drawn from ``--think`` (default 5 to 20 seconds; a class reading
its events and planning takes longer, so this is a busy class). It prints the memory of
each game process and the end-month redraw as a browser sees it: from the key that ends
the month to the websocket frame after which the browser's screen shows the month's
summary whole (its title and its last line), and the machine's load average, since the
figures depend on what else the machine is doing.

The simulated browsers run on the same machine as the server (a real class's browsers
run on the students' machines): their terminal emulation takes processor time from the
games, and the figures are the worse for it. The script prints how much.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web.helpers import Player, Served, new_game, to_month  # noqa: E402

TARGET_RSS_MB = 60
TARGET_REDRAW = 0.300
"""The median end-month redraw."""
SUMMARY = ("End of ", "Enter: next month")
"""The summary dialog's title and its last line: both on screen, the summary is drawn."""


class TimedPlayer(Player):
    """A player that notes when the month's summary reaches it."""

    def __init__(self, served: Served) -> None:
        super().__init__(served)
        self.pressed = 0.0
        self.redraws: list[float] = []

    async def end_month_timed(self, month: int) -> None:
        self.pressed = time.perf_counter()
        await self.press("e")
        await to_month(self, month + 1, timeout=180)

    def seen(self) -> None:
        """After each frame: is the summary on the screen now?"""
        if self.pressed:
            shown = self.screen.text()
            if all(part in shown for part in SUMMARY):
                self.redraws.append(time.perf_counter() - self.pressed)
                self.pressed = 0.0


def rss_mb(pid: int, field: str = "Rss") -> float:
    """Resident memory (``Rss``), or its proportional share (``Pss``: shared pages divided
    among the processes that share them)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(sessions: int, months: int, seed: int, think: tuple[float, float]) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="moat-serve-bench-") as folder, \
            Served(Path(folder), "--max-sessions", str(sessions)) as served:
        players = [TimedPlayer(served) for _ in range(sessions)]
        for player in players:
            original = player.screen.feed

            def feed(data: bytes, player: TimedPlayer = player,
                     original: object = original) -> None:
                assert callable(original)
                original(data)
                player.seen()

            player.screen.feed = feed  # type: ignore[method-assign]
        started = time.perf_counter()
        try:
            for player in players:
                await player.enter()
            await asyncio.gather(*(p.connect() for p in players))
            await asyncio.gather(*(new_game(p) for p in players))
            print(f"{sessions} games open and started in {time.perf_counter() - started:.1f} s")
            games = served.games()
            sizes = [rss_mb(pid) for pid in games]
            print(f"memory per game:     mean {statistics.mean(sizes):5.1f} MB RSS, "
                  f"max {max(sizes):5.1f} MB  (target <= {TARGET_RSS_MB} MB: "
                  f"{'ok' if max(sizes) <= TARGET_RSS_MB else 'MISSED'})")
            shares = [rss_mb(pid, "Pss") for pid in games]
            print(f"                     mean {statistics.mean(shares):5.1f} MB PSS "
                  "(shared library pages divided among the games)")
            print(f"server process:      {rss_mb(served.process.pid):5.1f} MB RSS")
            cpu_before = sum(cpu_seconds(pid) for pid in games)
            server_before = cpu_seconds(served.process.pid)
            load_before = os.getloadavg()
            own_before = resource.getrusage(resource.RUSAGE_SELF)
            load_started = time.perf_counter()

            async def student(player: TimedPlayer) -> None:
                for month in range(1, months + 1):
                    await asyncio.sleep(rng.uniform(*think))
                    await player.end_month_timed(month)

            await asyncio.gather(*(student(p) for p in players))
            wall = time.perf_counter() - load_started
            load_after = os.getloadavg()
            games_cpu = sum(cpu_seconds(pid) for pid in games) - cpu_before
            server_cpu = cpu_seconds(served.process.pid) - server_before
            own = resource.getrusage(resource.RUSAGE_SELF)
            own_cpu = (own.ru_utime - own_before.ru_utime) + (own.ru_stime - own_before.ru_stime)
            months_played = sessions * months
            print(f"while playing ({wall:.0f} s): the games used {games_cpu:.0f} CPU seconds "
                  f"({games_cpu / months_played:.2f} a month), the server {server_cpu:.1f}, "
                  f"the {sessions} simulated browsers {own_cpu:.0f}")
            print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} "
                  f"(on {os.cpu_count()} cores)")
            times = sorted(t for p in players for t in p.redraws)
            median = statistics.median(times)
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"end month to redraw, {len(times)} months over {sessions} browsers: "
                  f"median {median * 1000:.0f} ms, 95th percentile {p95 * 1000:.0f} ms, worst "
                  f"{times[-1] * 1000:.0f} ms  (target median <= {TARGET_REDRAW * 1000:.0f} "
                  f"ms: {'ok' if median <= TARGET_REDRAW else 'MISSED'})")
            sizes = [rss_mb(pid) for pid in served.games()]
            print(f"memory after {months} months: mean {statistics.mean(sizes):5.1f} MB, "
                  f"max {max(sizes):5.1f} MB RSS")
        finally:
            await asyncio.gather(*(p.close() for p in players), return_exceptions=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--months", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 20.0),
                        metavar=("LEAST", "MOST"), help="seconds between months")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 100 or not 1 <= args.months <= 24:
        parser.error("--sessions goes from 1 to 100, --months from 1 to 24")
    if not 0 <= args.think[0] <= args.think[1] <= 600:
        parser.error("--think needs 0 <= LEAST <= MOST <= 600")
    asyncio.run(run(args.sessions, args.months, args.seed, tuple(args.think)))


if __name__ == "__main__":
    main()
