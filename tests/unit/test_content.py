"""The base pack as players read it: every event a real story with real choices."""

from __future__ import annotations

import re

import pytest

from game.content.loader import Content
from game.content.packs import load

CONTENT = load()
EVENTS = sorted(CONTENT.events.values(), key=lambda e: e.id)
THEMES = {  # GAME.md section 7: what the base pack must cover
    "platform_release", "rival_small_model", "new_entrant", "lawsuit", "ruling", "hosting_deal",
    "climate", "tuning_vendor", "compute_shortage", "talent", "community_finetune",
    "security_debate", "stunt", "rival_disclosure", "acquisition", "benchmark", "sharing_turn",
}


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.id)
def test_event_is_a_story_with_a_dilemma(event: object) -> None:
    model = event.model  # type: ignore[attr-defined]
    words = len(re.findall(r"[\w'’-]+", model.story))
    assert 40 <= words <= 150, f"{words} words"
    assert 2 <= len(model.choice) <= 4
    assert any(choice.requires is None for choice in model.choice), "someone must be free"
    for choice in model.choice:
        if choice.ending == "acquisition":
            assert "exit_price" in choice.effects


def test_every_theme_of_the_essay_is_covered(content: Content) -> None:
    themes = {event.model.theme for event in content.events.values()}
    assert THEMES <= themes, sorted(THEMES - themes)


def test_rivals_and_products_are_enough_for_the_market(content: Content) -> None:
    kinds = [rival.kind for rival in content.rivals.values()]
    assert kinds.count("closed_lab") >= 2 and "platform" in kinds
    assert kinds.count("open_startup") >= 3
    assert len(content.products) >= 5
