"""Grades: the letter an ending's 0-100 score earns by the packs' bands.

The bands themselves (the lowest score of each letter) are content: ``[grades]`` in the base
pack's ``endings.toml``, which another pack may replace. This module is the one place that
names the letters and turns a score into one; the endings, the help screen, the debrief, the
author's reference, the simulator and the save checker all read it.
"""

from __future__ import annotations

from collections.abc import Mapping

BANDED: tuple[str, ...] = ("A", "B", "C", "D")
"""The letters a pack gives a lowest score, best first."""
BELOW = "F"
"""The grade of a score below every band."""
LETTERS: tuple[str, ...] = (*BANDED, BELOW)
"""Every grade a game can end with."""


def grade_letter(score: float, bands: Mapping[str, float]) -> str:
    """The grade of a 0-100 score: the first band (A to D) it reaches, else F."""
    for letter in BANDED:
        if score >= bands[letter]:
            return letter
    return BELOW


def bands_text(bands: Mapping[str, float]) -> str:
    """The bands in words, as the help and the debrief give them:
    ``A from 85, B from 70, C from 55, D from 40, F below``."""
    return ", ".join([*(f"{letter} from {bands[letter]:g}" for letter in BANDED
                        if letter in bands), f"{BELOW} below"])
