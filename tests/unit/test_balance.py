"""The balance on the default scenario: the game teaches the essay it is built on.

Each figure comes from at least 300 seeded games per bot played through the same decisions a
player has; the thresholds are the design's, not tuned to pass.
"""

from __future__ import annotations

import pytest

from game.content.loader import Content
from game.sim.simulate import Summary, simulate

GAMES = 300
SEED = 2023


@pytest.fixture(scope="module")
def table(content: Content) -> dict[str, Summary]:
    return {policy: simulate(content, "newcomer_2023", policy, GAMES, SEED)
            for policy in ("generalist-open", "niche-product", "closed-api", "random")}


@pytest.mark.slow
def test_generalist_open_busts_or_is_bought_around_month_18(table: dict[str, Summary]) -> None:
    generalist = table["generalist-open"]
    assert generalist.share("bust") + generalist.share("acquisition") >= 0.80
    assert 14 <= generalist.median_end <= 22


@pytest.mark.slow
def test_niche_product_wins_its_niche_often_but_not_always(table: dict[str, Summary]) -> None:
    assert 0.30 <= table["niche-product"].share("niche_win") <= 0.60


@pytest.mark.slow
def test_closed_api_and_random_rarely_win_a_niche(table: dict[str, Summary]) -> None:
    assert table["closed-api"].share("niche_win") <= 0.20
    assert table["random"].share("niche_win") <= 0.15


@pytest.mark.slow
def test_no_dominant_strategy(table: dict[str, Summary]) -> None:
    assert all(summary.share("niche_win") <= 0.70 for summary in table.values())


@pytest.mark.slow
def test_sharing_turn_keeps_the_generalist_alive(content: Content,
                                                 table: dict[str, Summary]) -> None:
    shared = simulate(content, "sharing_turn", "generalist-open", GAMES, SEED)
    survival_now = 1 - table["generalist-open"].share("bust")
    survival_shared = 1 - shared.share("bust")
    assert survival_shared - survival_now >= 0.15
