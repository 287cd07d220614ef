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
from tests.states import with_state


def finish_as_expected(game: Game, run: d.StartRun) -> dict[str, float]:
    """Start ``run`` and finish it at once in the world the preview assumes: the frontier
    climbed as usual, the team and the pool as they are."""
    game.apply(run)
    months = game.rules.training.sizes[run.size].months
    climb = game.rules.market.frontier_growth * months
    # the contract has been paid each month of the run when the run ends
    finished = with_state(
        game, frontier={k: min(100.0, v + climb) for k, v in game.state.frontier.items()},
        tuning_months=months if run.tuning else game.state.tuning_months)
    return trained_capability(finished)


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
    game = next(new for seed in range(1, 100)
                if not (new := Game.new(changed, seed=seed, company="Acme AI")).begin_month())
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
    assert "; the rest average " in text
    assert code.text() == f"{code.low:.0f}–{code.high:.0f} / {code.best:.0f}"
    general = plan.outlook_text(game, d.StartRun("small"))
    assert "Expect in 2 months: the domains average " in general and "Code " not in general
    # an average is not a claim about every domain: they differ without a focus
    assert "every domain" not in general


def test_the_outlook_counts_the_domains_it_could_lead(game: Game) -> None:
    run = d.StartRun("large", ("code",))
    domains = game.content.domains
    nobody = with_state(game, frontier=dict.fromkeys(domains, 0.0),
                        open_best=dict.fromkeys(domains, 0.0))
    text = plan.outlook_text(nobody, run)
    assert text.endswith("(best by then); it should lead in 1 domain.")
    everybody = with_state(nobody, open_best=dict.fromkeys(domains, 100.0))
    assert plan.outlook_text(everybody, run).endswith(
        "it leads nowhere, even at best.")
    code = next(row for row in plan.training_outlook(nobody, run) if row.domain == "code")
    close = with_state(nobody, open_best=dict.fromkeys(domains, 0.0)
                       | {"code": (code.low + code.high) / 2})
    assert plan.outlook_text(close, run).endswith("it could lead in 1 domain at best.")


def test_the_release_dialog_says_what_attention_and_the_pool_do(game: Game) -> None:
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
    same = Model("Acme-2", 1, dict(game.state.cap), (), "permissive", pool=2.0)
    assert plan.release_intro(with_state(game, models=[*game.state.models[:-1], same])).startswith(
        "Acme-2 is no better than your model in any domain; the open ecosystem pool gave it "
        "+2.0 in every domain.\n")
