"""``moat pack validate`` clean means the game runs: packs made from a real one with extreme
numbers, wild computed effects and follow-up chains either have problems or are played to
the end by every bot without an exception."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.authoring import scaffold
from game.content.loader import load_content, validate_packs
from game.content.packs import base_pack
from game.sim.bots import BOTS
from game.sim.simulate import play_game

STATS = ["cash", "valuation", "reputation", "hype", "researchers", "compute", "legal_risk",
         "cost_index", "exit_price", "cap.code", "frontier.code"]
NUMBERS = st.one_of(st.floats(-1e12, 1e12), st.sampled_from([0, 1e12, -1e12, 1e-300, 5e-324]))
EXPRESSIONS = st.sampled_from([
    "cash * cash * cash * cash * cash * cash * cash * cash",
    "cash / 0", "0 / 0", "valuation * 1000000000000 * 1000000000000",
    "-(cash * cash * cash * cash * cash * cash * cash * cash * cash)",
    "round(cash * cash * cash * cash * cash * cash * cash * cash * cash * cash)",
    "max(cash, valuation) * min(hype, 1000000000000)", "clamp(cash * cash, 0, 1000000000000)",
    "abs(cash - valuation) * 999999999999",
])


STORY = ("A letter arrives at {company} from someone you have never met. It asks a question "
         "nobody has asked before, and it wants an answer by the end of the week. The whole "
         "team reads it twice, and then they all look at you, waiting to hear what you will "
         "do about it this time.")


@st.composite
def packs(draw: st.DrawFn) -> dict[str, object]:
    choices = []
    for index in range(draw(st.integers(1, 3))):
        effects = {stat: draw(st.one_of(NUMBERS, EXPRESSIONS))
                   for stat in draw(st.lists(st.sampled_from(STATS), min_size=1, max_size=4,
                                             unique=True))}
        follow = [{"event": "first_event", "months": draw(st.integers(1, 60))}
                  for _ in range(draw(st.integers(0, 30)))]
        choices.append({"id": f"c{index}", "text": "Do it.", "result": "It is done.",
                        "effects": effects, "follow_ups": follow,
                        "ending": draw(st.sampled_from([None, None, None, "bust",
                                                        "acquisition"]))})
    return {"chance": draw(st.sampled_from([0.0, 0.5, 1.0])), "choices": choices}


def _toml(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {_toml(v)}' for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def write(folder: Path, pack: dict[str, object]) -> None:
    scaffold(folder)
    lines = ["[[event]]", 'id = "first_event"', 'title = "A test"', 'theme = "press"',
             f"chance = {pack['chance']}", f"story = {json.dumps(STORY)}"]
    for choice in pack["choices"]:  # type: ignore[attr-defined]
        lines.append("[[event.choice]]")
        for key, value in choice.items():
            if value is not None and value != []:
                lines.append(f"{key} = {_toml(value)}")
    (folder / "events" / "events.toml").write_text("\n".join(lines) + "\n")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packs())
def test_a_pack_the_validator_passes_plays_to_the_end_with_every_bot(
        pack: dict[str, object]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="moat-pack-")) / "hostile"
    write(folder, pack)
    if validate_packs([base_pack(), folder]):
        return
    content = load_content([base_pack(), folder])
    for name, bot in BOTS.items():
        game = play_game(content, "newcomer_2023", 7, bot())
        assert game.state.over, name
        ending = game.state.ending
        assert ending is not None and 0 <= ending.score <= 100
        assert all(value == value and abs(value) <= 1e18 for value in game.s.values())
