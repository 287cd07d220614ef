"""What the plan shows before a decision: a training run's expected capability, and why a
release gets the attention it gets."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.content.loader import Content
from game.engine import decisions as d
from game.engine import plan
from game.engine.game import Game
from game.engine.resolve import trained_capability
from game.engine.state import Model


def finish_as_expected(game: Game, run: d.StartRun) -> dict[str, float]:
    """Start ``run`` and finish it at once in the world the preview assumes: the frontier
    climbed as usual, the team and the pool as they are."""
    game.apply(run)
    months = game.rules.training.sizes[run.size].months
    climb = game.rules.market.frontier_growth * months
    game.state.frontier = {k: min(100.0, v + climb) for k, v in game.state.frontier.items()}
    if run.tuning:
        game.state.tuning_months = months + 1
    return trained_capability(game)


@pytest.mark.parametrize(("size", "focus", "data", "tuning"), [
    ("small", (), "permissive", False),
    ("medium", ("code",), "grey", True),
    ("large", ("code", "medical", "safety"), "licensed", False),
])
def test_a_run_lands_in_the_range_the_form_showed(game: Game, size: str, focus: tuple[str, ...],
                                                  data: str, tuning: bool) -> None:
    game.apply(d.ContractCompute(8))
    run = d.StartRun(size, focus, data, tuning)
    expected = run.expected(game)
    caps = finish_as_expected(game, run)
    for domain, (low, high) in expected.items():
        assert low - 0.01 <= caps[domain] <= high + 0.01, domain


def test_the_range_follows_the_rules_team_size(content: Content) -> None:
    training = content.rules.training.model_copy(update={"research_team": 3.0})
    changed = replace(content, rules=content.rules.model_copy(update={"training": training}))
    game = Game.new(changed, seed=1, company="Acme AI")
    game.begin_month()
    for event_id in list(game.state.pending):
        game.state.pending.remove(event_id)
    game.state.phase = "plan"
    game.apply(d.ContractCompute(8))
    run = d.StartRun("medium", ("code",))
    expected = run.expected(game)
    caps = finish_as_expected(game, run)
    assert all(low - 0.01 <= caps[x] <= high + 0.01 for x, (low, high) in expected.items())


def test_the_outlook_names_focus_domains_against_the_best_model_by_then(game: Game) -> None:
    run = d.StartRun("medium", ("code",))
    rows = {row.domain: row for row in plan.training_outlook(game, run)}
    code = rows["code"]
    climb = game.rules.market.frontier_growth * 3
    assert code.frontier == pytest.approx(game.state.frontier["code"] + climb)
    text = plan.outlook_text(game, run)
    assert text.startswith("Expect in 3 months: Code ")
    assert f"Code {code.low:.0f}–{code.high:.0f} against {code.best:.0f}" in text
    assert "elsewhere " in text and " on average" in text
    assert code.text() == f"{code.low:.0f}–{code.high:.0f} / {code.best:.0f}"
    general = plan.outlook_text(game, d.StartRun("small"))
    assert "every domain " in general and "Code " not in general


def test_the_outlook_counts_the_domains_it_could_lead(game: Game) -> None:
    run = d.StartRun("large", ("code",))
    for domain in game.state.frontier:
        game.state.frontier[domain] = 0.0
        game.state.open_best[domain] = 0.0
    text = plan.outlook_text(game, run)
    assert text.endswith("(the best model by then); it should lead in 1 domain.")
    for domain in game.state.frontier:
        game.state.open_best[domain] = 100.0
    assert plan.outlook_text(game, run).endswith("it leads nowhere, even if it comes out high.")
    rows = plan.training_outlook(game, run)
    code = next(row for row in rows if row.domain == "code")
    game.state.open_best["code"] = (code.low + code.high) / 2
    assert plan.outlook_text(game, run).endswith("it could lead in 1 domain if it comes out "
                                                 "high.")


def test_the_release_dialog_says_what_attention_and_the_pool_do(game: Game) -> None:
    game.s["ecosystem"] = 20.0
    caps = {k: v + 6 for k, v in game.state.open_best.items()}
    game.add_model(Model("Acme-2", 1, caps, (), "permissive", pool=2.0))
    preview = d.Release("open_permissive").preview(game)
    assert preview.endswith(", gains x1.5 for attention")
    intro = plan.release_intro(game)
    gains = [max(0.0, caps[x] - game.state.cap[x]) for x in caps]
    after = game.s["cap_avg"] + sum(gains) / len(gains)
    share = sum(min(2.0, gain) for gain in gains) / len(gains)
    assert intro.startswith(f"Acme-2 takes your capability {game.s['cap_avg']:.0f} → "
                            f"{after:.0f} on average (it is better in 10 domains); ")
    assert f"the open ecosystem pool gave it +2.0 in every domain, {share:+.1f} of that " \
           "rise." in intro
    assert "\nAttention x1.5: it leads the open field by 6 in " in intro
    assert intro.endswith(", so the gains below are x1.5 (x1.0 when level with the best open "
                          "model, up to x1.5 when ahead, down to x0.2 when behind).")
    game.state.models[-1].caps = dict(game.state.cap)
    assert plan.release_intro(game).startswith(
        "Acme-2 is no better than your model in any domain; the open ecosystem pool gave it "
        "+2.0 in every domain.\n")
