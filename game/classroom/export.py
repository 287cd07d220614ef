"""Writing a game's debrief beside its saves, as the game's "Export debrief" does."""

from __future__ import annotations

import re
from pathlib import Path

from game.classroom.debrief import render_debrief
from game.engine.game import Game
from game.saves.store import write_atomic


def debrief_stem(game: Game) -> str:
    """``debrief-acme-ai-3f2a9c01b2d4``: the company and the game, like its saves."""
    slug = re.sub(r"[^a-z0-9]+", "-", game.state.company.lower()).strip("-")[:40] or "game"
    return f"debrief-{slug}-{game.state.game_id}"


def export_debrief(game: Game, folder: Path) -> list[Path]:
    """Write ``.html`` and ``.md`` debriefs of ``game`` into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = debrief_stem(game)
    paths = []
    for fmt, suffix in (("html", ".html"), ("md", ".md")):
        path = folder / (stem + suffix)
        write_atomic(path, render_debrief(game, fmt).encode("utf-8"))
        paths.append(path)
    return paths
