"""Shared fixtures: the base pack loaded once, fresh games, and hypothesis profiles."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from game.content.loader import Content
from game.content.packs import base_pack, load
from game.engine.game import Game

# Games played by tests autosave into a throwaway folder, never the player's saves/.
os.environ["MOAT_SAVES"] = tempfile.mkdtemp(prefix="moat-test-saves-")

settings.register_profile(
    "ci", max_examples=60, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def content() -> Content:
    return load()


@pytest.fixture(scope="session")
def base_path() -> Path:
    return base_pack()


@pytest.fixture
def game(content: Content) -> Game:
    """A new game of the default scenario in the plan phase of a month 1 without events."""
    for seed in range(1, 100):
        new = Game.new(content, seed=seed, company="Acme AI")
        if not new.begin_month():
            return new
    raise AssertionError("every seed drew an event in month 1")


def answer_events(game: Game) -> None:
    """Begin the month and take the first unlocked choice of every event."""
    for event in game.begin_month():
        if event.id not in game.state.pending:
            continue  # an earlier choice made its condition false
        choice = next(c.model.id for c in event.choices
                      if game.choice_lock(event.id, c.model.id) is None)
        game.choose(event.id, choice)
        if game.state.over:
            return
