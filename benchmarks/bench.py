"""Speed figures for the engine: import and load time, and whole games per second per bot.

Run from the project folder: ``python benchmarks/bench.py [--games N]``. Each figure is the
best of three runs on one core; tests check behaviour, this script checks speed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

TARGET_GAMES_PER_SECOND = 500
TARGET_SIMULATE_ONE = 0.5


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=500, help="games per bot")
    args = parser.parse_args()

    from game.content.packs import load
    from game.sim.bots import BOTS
    from game.sim.simulate import simulate

    engine, pack = import_and_load()
    print(f"import engine:           {engine * 1000:7.1f} ms")
    print(f"load base pack:          {pack * 1000:7.1f} ms")
    one = simulate_one()
    verdict = "ok" if one < TARGET_SIMULATE_ONE else "SLOW"
    print(f"moat simulate --games 1: {one * 1000:7.1f} ms  (target < "
          f"{TARGET_SIMULATE_ONE * 1000:.0f} ms: {verdict})")
    content = load()
    print(f"\ngames per second, default scenario, {args.games} games, best of 3 "
          f"(target >= {TARGET_GAMES_PER_SECOND}):")
    total_games, total_time = 0, 0.0
    for policy in BOTS:
        seconds = best_of(3, lambda p=policy: simulate(content, "newcomer_2023", p,
                                                        args.games, 1))
        rate = args.games / seconds
        total_games += args.games
        total_time += seconds
        verdict = "ok" if rate >= TARGET_GAMES_PER_SECOND else "SLOW"
        print(f"  {policy:<16} {rate:7.0f} games/s  {verdict}")
    print(f"  {'all bots':<16} {total_games / total_time:7.0f} games/s")


if __name__ == "__main__":
    main()
