"""Numbers a player reads: one rounding, one compute price, whole money, plain words."""

from __future__ import annotations

from game.content.loader import Content
from game.engine import decisions as d
from game.engine import plan
from game.engine.display import change_text, money_text, step_text
from game.engine.game import Game
from game.engine.goal import months_needed, tracker, tracker_text
from game.engine.resolve import compute_bill, rented_compute
from game.engine.state import ProductState
from game.ui.widgets.status_bar import status_text
from tests.states import with_state


def test_a_change_is_the_difference_of_the_shown_values() -> None:
    assert step_text("cap_avg", 95.4, 96.6) == "▲2"  # 95 then 97
    assert step_text("hype", 70.4, 70.6) == "▲1"  # 70 then 71
    assert step_text("hype", 70.6, 71.4) == "="  # 71 both times
    assert change_text("cash", -14_000) == "▼$14.0M"
    assert step_text("cash", 13_540, 12_260) == "▼$1.2M"  # $13.5M then $12.3M
    assert step_text("cash", 950, 2000) == "▲$1,050k"  # exact when $M would round


def test_the_header_keeps_cash_and_runway_however_long_the_name() -> None:
    name = "Extraordinarily Long Name " * 8
    line = status_text(name, "2024-03", 6, 36, 56_000, 14.2, 900, width=80)
    assert len(line) <= 80
    assert line.endswith("cash $56.0M · runway 14 months")
    assert "…" in line and "Extraordinarily" in line


def test_every_menu_quotes_one_rent_price(game: Game) -> None:
    game.change("compute", 3, "rule", "test")
    game.change("open_models", 1, "rule", "test")
    game.change("ecosystem", 40, "rule", "test")
    game.refresh()
    price = game.rent_price()
    assert price < game.compute_price()  # the open discount applies
    assert abs(compute_bill(game) - rented_compute(game) * price) < 1e-6
    assert d.ContractCompute(1).preview(game).startswith(money_text(price))
    assert d.ReleaseCompute(2).preview(game) == f"saves {money_text(2 * price)} a month"
    compute = next(g for g in plan.groups(game) if g.id == "compute")
    assert f"{money_text(price)} per unit to rent" in compute.status


def test_training_on_owned_units_warns_of_no_compute_cost(game: Game) -> None:
    game.change("owned_compute", game.s["compute"], "rule", "test")
    game.refresh()
    text = d.StartRun("small").preview(game)
    assert "no compute bill" in text and "WARNING" not in text


def test_plan_labels_count_people_in_words(game: Game) -> None:
    labels = [option.label for option in plan.options(game, "team")]
    assert "Hire 1 researcher" in labels and "Hire 3 researchers" in labels
    assert "Let 1 engineer go" in labels


def test_the_goal_tracker_shows_lead_months_and_burn(content: Content, game: Game) -> None:
    product_id, product = next(iter(content.products.items()))
    game = with_state(game, products={product_id: ProductState(launched=1, leading=True)})
    game.change("niche_lead_months", 3, "rule", "test")
    goal = tracker(game)[0]
    assert goal.name == product.name and goal.months == 3
    assert goal.needed == months_needed(game) == 8
    text = tracker_text(game)
    assert f"led 3 of {goal.needed} months" in text
    assert all(content.domain_names[x] in text for x in product.domains)
    assert "burn" in text


def test_the_goal_line_before_a_product_keeps_the_money_units(game: Game) -> None:
    from game.engine import hand
    from game.engine.display import money_text

    hand.set_stat(game, "researchers", 40)  # a burn in millions
    assert game.s["burn"] >= 1000
    text = tracker_text(game)
    assert "none yet. Revenue " in text
    assert f"burn {money_text(game.s['burn'])}." in text  # $1.2M, not $1.2m
