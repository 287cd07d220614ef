"""A process that autosaves in a tight loop is killed at random instants; every save left in
the folder still loads."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from game.content.loader import Content
from game.engine.game import Game
from game.saves.format import encode
from game.saves.store import SaveStore

KILLS = 200
WRITER = """
import sys
from pathlib import Path
from game.saves.store import AUTOSAVES_KEPT, SaveStore, write_atomic
folder, payload_dir, game_id = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
payloads = [p.read_bytes() for p in sorted(payload_dir.iterdir())]
store = SaveStore(folder)
store.ensure()
print("ready", flush=True)
month = 0
while True:  # what the app does after each month: write the autosave, prune old ones
    month += 1
    write_atomic(folder / f"acme-{game_id}-auto-{month:03d}.json",
                 payloads[month % len(payloads)])
    store.prune(game_id, AUTOSAVES_KEPT)
"""


def test_saves_survive_being_killed_at_any_instant(content: Content, tmp_path: Path) -> None:
    game = Game.new(content, seed=3, company="Acme")
    payloads = tmp_path / "payloads"
    payloads.mkdir()
    for month in range(4):  # saves of different sizes, as a game grows
        for event in game.begin_month():
            if event.id not in game.state.pending:
                continue  # an earlier choice made its condition false
            game.choose(event.id, next(c.model.id for c in event.choices
                                       if game.choice_lock(event.id, c.model.id) is None
                                       and not c.model.ending))
        game.end_month()
        (payloads / f"{month}.json").write_bytes(encode(game, "auto"))
    folder = tmp_path / "saves"
    store = SaveStore(folder)
    rng = random.Random(1234)  # the test's own schedule, not game randomness
    root = Path(__file__).resolve().parents[2]
    kills = 0
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), str(payloads), game.state.game_id],
            stdout=subprocess.PIPE, cwd=root, env=os.environ | {"PYTHONPATH": str(root)})
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0, 0.02))
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
        store.sweep()  # what the app does when it starts
        for path in store.files():
            store.load(path, content)  # raises if a save was left broken
    assert kills == KILLS
    print(f"killed the autosaving process {kills} times; every save loaded")
