"""No story event fires whose presumption is false, and none repeats word for word.

Bots play seeded games with the base pack and with the safety_evals pack beside it. Every
time an event is shown, its story and the choices the player can take are read as the player
would read them, and checked two ways against the state at that moment:

- what each event presumes, written down here for every event that presumes something (the
  audit of the packs: a lawsuit over pirated books presumes grey data, and so on); and
- phrases that make a claim about the company, wherever they appear (``your weights are
  open`` needs open weights), so that a new event or a changed text is caught too.

The ending's text is checked the same way. The first and second showing of an event must
read differently: an event that comes back says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.loader import Content, EventRule
from game.content.packs import base_pack, load
from game.engine.expr import compile_expr
from game.engine.game import Game
from game.sim.bots import BOTS

PACKS: dict[str, Content] = {
    "base": load(),
    "safety_evals": load([base_pack().parent / "safety_evals"]),
}

PRESUMES: dict[str, str] = {
    # lawsuits and audits over pirated books
    "lm_lawsuit_authors": "grey_models >= 1",
    "lm_lawsuit_discovery": "grey_models >= 1",
    # offers for open weights at the top of the open leaderboard
    "lm_hosting_revshare": "open_models >= 1",
    "lm_hosting_credits": 'open_models >= 1 and not flag("lm_cloud_exclusive")',
    "lm_acq_data_platform": "open_models >= 1",
    "lm_acq_acquihire": "researchers >= 1",
    # a company without a business, and one that has not chosen a niche
    "pc_podcast_gaffe": "products_live == 0 and revenue < burn",
    "pc_leaked_memo": 'products_launched == 0 and not flag("niche_chosen")',
    "pc_churn_free_model": "products_live >= 1 and product_revenue >= 1",
    "pc_onprem_pilot": "products_live >= 1 or open_models >= 1",
    # what has been released, and how
    "rv_commons_datasheet_dare": "open_models >= 1 and data_models == 0",
    "rv_polis_leaderboard_reset": "open_models >= 1",
    "rv_brise_tiny_titan": "open_models >= 1",
    "rv_ft_uncensored_trending": "open_models >= 1",
    "rv_ft_hit_derivative": "open_models >= 1",
    "rv_ft_licence_pirates": "open_models >= 1",
    "rv_bench_contamination": "open_models >= 1",
    "rv_stunt_magnet_viral": "stunts >= 1 and model_age <= 2",
    "rv_stunt_no_model_card": "stunts >= 1",
    "pc_star_wants_to_publish": "open_models >= 1 and researchers >= 1",
    "pc_tuning_rival_client": "tuning >= 1",
    "pc_poaching_wave": "researchers >= 3",
    "pc_cloud_reneges": "compute - owned_compute >= 1",  # a block of rented units
    "safety_evals:se_misuse_liability": "open_models >= 1",
    "safety_evals:se_red_team_rule": "training == 1",
}
"""What each event's story presumes about the company, checked whenever it is shown."""

CLAIMS: list[tuple[str, str]] = [
    (r"books_misc|cookbook word for word|spicy bucket|the books folder", "grey_models >= 1"),
    (r"[Yy]our weights are open", "open_models >= 1"),
    (r"[Yy]our weights have never left", "open_models == 0"),
    (r"row reads yes, no, no", "code_models == 0 and data_models == 0"),
    (r"row reads yes, yes, no", "code_models >= 1 and data_models == 0"),
    (r"recruiting poster", "products_live == 0"),
    (r"your coding product", 'product("code_copilot")'),
    (r"\byour product\b", "products_live >= 1"),
    (r"picks a niche|memo naming one niche", 'products_launched == 0 and not flag("niche_chosen")'),
    (r"API dashboard", "closed_models >= 1 or products_live >= 1"),
    (r"customers are paying|charge twice what|largest paying customer|pricing page",
     "revenue >= 1"),
    (r"last month's pride", "model_age <= 3"),
    (r"the model you trained", "models_trained >= 1"),
    (r"the model you started with", "models_trained == 0"),
    (r"[Ww]hatever you gave away", 'open_models >= 1 or shares >= 1 or flag("lm_wound_down")'),
    (r"Nothing you built was ever published", "open_models == 0 and shares == 0"),
    (r"last payroll does not clear", "cash < 0"),
    (r"before a business appeared", "revenue < 1"),
    (r"the customers\b", "revenue >= 1"),
]
"""Phrases that claim something about the company, and what must hold when one is shown."""


def _condition(content: Content, source: str) -> Callable[[Game], bool]:
    expr = compile_expr(source, content.namespace, "bool")
    return lambda game: bool(expr(game.s, game.state))


def _check(game: Game, text: str, where: str, content: Content) -> None:
    for pattern, condition in CLAIMS:
        if re.search(pattern, text) and not _condition(content, condition)(game):
            raise AssertionError(f"{where} says {pattern!r} but {condition!r} is false "
                                 f"(month {game.state.month}): {text[:200]}")


def _shown(game: Game, event: EventRule, content: Content, seen: dict[str, list[str]]) -> None:
    presumed = PRESUMES.get(event.id)
    if presumed is not None:
        assert _condition(content, presumed)(game), \
            f"{event.id} fired in month {game.state.month} though it presumes {presumed}"
    story = game.story(event.id)
    _check(game, story, event.id, content)
    for choice in event.choices:
        if game.choice_lock(event.id, choice.model.id) is None:
            _check(game, game.choice_text(event.id, choice.model.id),
                   f"{event.id}:{choice.model.id}", content)
    earlier = seen.setdefault(event.id, [])
    if len(earlier) == 1:
        assert story != earlier[0], f"{event.id} came back word for word"
    earlier.append(story)


def play(content: Content, scenario: str, seed: int, policy: str, months: int) -> Game:
    """A bot's game, checking every event as it is shown; stops after ``months``."""
    game = Game.new(content, scenario, seed, "Story Labs")
    bot = BOTS[policy]()
    seen: dict[str, list[str]] = {}
    state = game.state
    while state.ending is None and state.month <= months:
        drawn = game.begin_month()
        counts = state.fire_counts
        for event in drawn:  # each held its condition when drawn (before it was counted)
            counts[event.id] -= 1
            assert event.when is None or event.when(game.s, state), event.id
            counts[event.id] += 1
        for event in drawn:
            if event.id not in state.pending:
                continue  # an earlier choice made its condition false: it is not shown
            _shown(game, event, content, seen)
            game.choose(event.id, bot.choose(game, event))
            if state.ending is not None:
                break
        if state.ending is not None:
            break
        bot.plan(game)
        game.end_month()
    if state.ending is not None:
        _check(game, state.ending.text, f"ending {state.ending.id}", content)
    return game


@settings(max_examples=25)
@given(seed=st.integers(min_value=0, max_value=2**31 - 1),
       policy=st.sampled_from(sorted(BOTS)),
       pack=st.sampled_from(sorted(PACKS)),
       scenario=st.sampled_from(["newcomer_2023", "late_entrant", "image_pivot",
                                 "sharing_turn"]))
def test_no_event_or_ending_says_what_the_state_does_not_hold(seed: int, policy: str,
                                                               pack: str, scenario: str) -> None:
    play(PACKS[pack], scenario, seed, policy, months=36)


def test_the_claims_are_checked_at_all() -> None:
    """The check itself can fail: a story claiming open weights for a closed lab is caught."""
    content = PACKS["base"]
    game = Game.new(content, "late_entrant", 1, "Story Labs")
    assert game.s["open_models"] == 0
    try:
        _check(game, "Your weights are open, so anyone may copy them.", "test", content)
    except AssertionError as error:
        assert "open_models >= 1" in str(error)
    else:
        raise AssertionError("a false claim passed the check")
