"""The late entrant still has real decisions after month 8.

Compute costs many times what it did in 2023 and keeps rising five-fold a year, so a run on
rented compute is out of reach within months. The scenario gives the company a small cluster
of its own: a player who trains small focused runs on it can still train, choose a focus, a
data mix and tuning, release and sell, long after month 8.
"""

from __future__ import annotations

import pytest

from game.content.loader import Content
from game.engine import decisions as d
from game.engine.game import Game
from game.sim.bots import NicheProduct


def careful_month(game: Game, bot: NicheProduct, product_id: str) -> d.StartRun | None:
    """A frugal player's month: release what is trained, train a small focused run on the
    owned cluster, staff and launch the product. Returns the run it started, if any."""
    product = game.content.products[product_id]
    if game.state.pending_model is not None:
        game.apply(d.Release("open_permissive"))
    started = None
    run = d.StartRun("small", tuple(product.domains), "permissive")
    if game.state.run is None:
        assert game.check(run) is None, f"month {game.state.month}: {game.check(run)}"
        game.apply(run)
        started = run
    used = sum(game.content.products[p].gtm for p in game.state.products)
    if game.s["gtm"] - used < product.gtm:
        game.apply(d.Hire("gtm", int(product.gtm - (game.s["gtm"] - used))))
    if product_id not in game.state.products and game.check(d.LaunchProduct(product_id)) is None:
        game.apply(d.LaunchProduct(product_id))
    return started


@pytest.mark.parametrize("seed", [1, 2])
def test_a_frugal_late_entrant_still_trains_and_sells_after_month_8(
        content: Content, seed: int) -> None:
    game = Game.new(content, "late_entrant", seed=seed)
    bot = NicheProduct()
    late_runs, bills = 0, []
    while game.state.month <= 16 and not game.state.over:
        for event in game.begin_month():
            if event.id in game.state.pending:
                game.choose(event.id, bot.choose(game, event))
        if game.state.over:
            break
        started = careful_month(game, bot, bot.niche(game))
        if game.state.month > 8:
            late_runs += started is not None
            bills.append(game.s["burn"])
        game.end_month()
    assert not game.state.over
    assert late_runs >= 3  # a new run every couple of months, on the company's own units
    assert max(bills) < game.s["cash"] / 12  # and no rent: a year of costs is in the bank
    assert any(m.month > 8 and m.openness for m in game.state.models)
    assert game.state.products
