"""The market as shown: rivals' research staff against yours, and where the open ecosystem
pool acts (a released model's capability, the rented-compute bill)."""

from __future__ import annotations

import pytest

from game.content.loader import Content
from game.engine import decisions as d
from game.engine.breakdown import month_breakdown, report
from game.engine.game import Game
from game.engine.market import field_note, pool_summary, rival_rows, rivals_table, staff_summary
from game.engine.resolve import compute_bill, pool_capability
from tests.conftest import answer_events


def test_each_rival_shows_its_research_staff_against_yours(game: Game) -> None:
    yours = game.s["researchers"]
    rows = {row.id: row for row in rival_rows(game)}
    halcyon = game.content.rivals["halcyon"]
    assert rows["halcyon"].researchers == halcyon.researchers > 0
    assert rows["halcyon"].times_yours == pytest.approx(halcyon.researchers / yours)
    table = rivals_table(game)
    assert table[1].split() == ["You", f"{yours:.0f}", "x1", "no"]
    line = next(text for text in table if text.strip().startswith("Halcyon"))
    assert line.split()[1:3] == [f"{halcyon.researchers}",
                                 f"x{halcyon.researchers / yours:.0f}"]
    big = [r.researchers for r in game.content.rivals.values()
           if r.kind in ("closed_lab", "platform")]
    low, high = min(big) / yours, max(big) / yours
    assert staff_summary(game).startswith(
        f"You have {yours:.0f} researchers; each closed lab and the platform has "
        f"{low:.0f} to {high:.0f} times as many ({min(big):,}–{max(big):,}).")
    assert low >= 20  # the essay: a small open outfit has at most a twentieth of the people
    assert f"You: {yours:.0f} researchers" in field_note(game)


def test_the_pool_says_what_it_does_for_an_open_builder_and_a_closed_one(game: Game) -> None:
    assert game.builds_in_the_open()
    boost = pool_capability(game)
    assert boost == pytest.approx(game.rules.training.ecosystem_scale * game.s["ecosystem"])
    assert f"It adds +{boost:.1f} to every domain of a model you train now" in \
        pool_summary(game)


def test_a_closed_builder_is_told_what_the_pool_would_do(content: Content) -> None:
    scenarios = [k for k, v in content.scenarios.items() if not v.first_model_open]
    assert scenarios
    game = next(g for seed in range(1, 60)
                if not (g := Game.new(content, scenarios[0], seed=seed,
                                      company="Acme AI")).builds_in_the_open())
    assert pool_capability(game) == 0.0
    assert "you build closed, so it does nothing for you; an open release or a share " \
           "would add +" in pool_summary(game).lower()


def test_the_report_shows_the_pool_in_a_released_model_and_the_compute_bill(
        game: Game) -> None:
    game.apply(d.ContractCompute(2))
    game.apply(d.StartRun("small", ("code",)))
    bill = compute_bill(game)
    listed = 2 * game.rules.costs.compute_unit * game.s["cost_index"]
    for _ in range(4):
        game.end_month()
        if game.state.over:
            pytest.skip("the game ended early")
        answer_events(game)
        if game.state.pending_model is not None:
            break
    model = game.state.pending_model
    assert model is not None and model.pool > 0
    game.apply(d.Release("open_permissive"))
    month = game.state.month
    assert model.released == month
    game.end_month()
    breakdown = month_breakdown(game, month)
    assert breakdown is not None
    rises = [e.delta for e in game.state.journal if e.month == month
             and e.stat.startswith("cap.") and e.source == "release_open_permissive"]
    share = sum(min(model.pool, rise) for rise in rises if rise > 0) / len(game.content.domains)
    assert f"The open ecosystem pool added +{model.pool:.1f} to every domain of {model.name} " \
           f"when it was trained: {share:+.1f} of your capability's rise this month." \
           in breakdown.pool_notes
    saving = next(note for note in breakdown.pool_notes if "off your rented compute" in note)
    assert saving.startswith("The open ecosystem took $")
    assert bill < listed  # the first month's bill, already less the pool's share
    assert saving in report(game, breakdown)


def test_the_share_preview_adds_to_the_pool_what_sharing_adds(content: Content) -> None:
    sharing = [k for k, v in content.scenarios.items() if v.reciprocity > 0]
    assert sharing
    game = next(g for seed in range(1, 60)
                if not (g := Game.new(content, sharing[0], seed=seed,
                                      company="Acme AI")).begin_month())
    before = game.s["ecosystem"]
    preview = d.Share().preview(game)
    game.apply(d.Share())
    gain = game.s["ecosystem"] - before
    assert gain > game.rules.mood.ecosystem_per_share
    assert f"ecosystem +{gain:g} (helps rivals too)" in preview
