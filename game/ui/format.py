"""How numbers read on screen: the engine's one formatting module (game/engine/display.py),
which the debrief and every screen share."""

from __future__ import annotations

from game.engine.display import (
    LABELS,
    MONEY,
    change_text,
    factor_text,
    label,
    money_exact,
    money_text,
    plural,
    range_text,
    shown,
    signed_money,
    step,
    step_text,
    value_text,
)

__all__ = ["LABELS", "MONEY", "change_text", "factor_text", "label", "money_exact",
           "money_text", "plural", "range_text", "shown", "signed_money", "step", "step_text",
           "value_text"]
