"""What-if sweeps: the same seeded games under a grid of ``rules.toml`` values.

Every cell of the grid plays the same games (game i has the same seed in every cell), so the
difference between two cells is a paired comparison on the same worlds, not two samples.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.engine.content import Content
from game.engine.overrides import OverrideError, check_path, parse_value, show
from game.sim.intervals import wilson_interval
from game.sim.simulate import FAMILIES, Summary, game_seed, letter_for

FAMILY_NAMES = {"bust": "bust", "acquisition": "acquired", "niche_win": "niche win"}
LISTED_SEEDS = 10_000
"""The manifest lists the seeds of at most this many games (the rule gives the rest)."""
MOST_VALUES = 100
"""The most values one ``--set`` may list."""


@dataclass(frozen=True)
class Setting:
    """One ``--set PATH=V1,V2,...``: a rules value and the values it takes in the grid."""

    path: str
    values: tuple[object, ...]
    base: object
    """Its value in the packs as they are."""


def parse_setting(text: str, rules: Mapping[str, Any]) -> Setting:
    """``PATH=V1,V2,...`` checked against the rules table (or :class:`OverrideError`)."""
    path, equals, values = text.partition("=")
    path = path.strip()
    if not equals or not path:
        raise OverrideError(f"{text!r} is not PATH=VALUE[,VALUE...], "
                            "as in costs.cost_growth_per_year=3,5,8")
    base = check_path(path, rules)
    if not values.strip():
        raise OverrideError(f"{path}= gives no value; it is {show(base)} now")
    parsed = tuple(parse_value(path, v, base) for v in values.split(","))
    if len(parsed) > MOST_VALUES:
        raise OverrideError(f"{path} lists {len(parsed)} values; at most {MOST_VALUES}")
    if len(set(map(repr, parsed))) != len(parsed):
        raise OverrideError(f"{path} lists a value twice")
    return Setting(path, parsed, base)


def grid(settings: Sequence[Setting]) -> list[tuple[tuple[str, object], ...]]:
    """Every combination of the settings' values, the first setting varying slowest."""
    if not settings:
        return [()]
    return [tuple(zip((s.path for s in settings), combo, strict=True))
            for combo in itertools.product(*(s.values for s in settings))]


@dataclass(frozen=True)
class Cell:
    """One row of a sweep: rules values, scenario, policy, and what its games came to."""

    values: tuple[tuple[str, object], ...]
    scenario: str
    policy: str
    summary: Summary

    def row(self) -> dict[str, object]:
        """The tidy row: the values, then shares with 95% Wilson intervals, end and grade."""
        s = self.summary
        row: dict[str, object] = dict(self.values)
        row.update({"scenario": self.scenario, "policy": self.policy, "games": s.games})
        for family in FAMILIES:
            low, high = wilson_interval(s.endings[family], s.games)
            row[family] = round(s.share(family), 4)
            row[f"{family}_low"] = round(low, 4)
            row[f"{family}_high"] = round(high, 4)
        row["median_end_month"] = s.median_end
        row["mean_score"] = round(s.mean_score, 2)
        row["mean_grade"] = letter_for(s.mean_score, s.bands)
        return row


def manifest(content: Content, settings: Sequence[Setting], scenarios: Sequence[str],
             policies: Sequence[str], games: int, seed: int, version: str,
             command: str) -> dict[str, object]:
    """What a slide needs to be made again: game version, packs, parameters and seeds."""
    return {
        "game_version": version,
        "command": command,
        "packs": [{"id": p.id, "version": p.version, "digest": p.digest}
                  for p in content.packs],
        "parameters": {s.path: {"values": list(s.values), "base": s.base} for s in settings},
        "scenarios": list(scenarios),
        "policies": list(policies),
        "games_per_cell": games,
        "seed": seed,
        "paired": True,
        "seed_rule": ("game i of every cell has the seed: the first 8 bytes, little-endian, of "
                      "blake2b('SEED\\x1fgame\\x1fi', digest_size=8), mod 2**31"),
        "game_seeds": [game_seed(seed, i) for i in range(min(games, LISTED_SEEDS))],
    }


def paired_note(games: int, seed: int) -> str:
    return (f"Every cell plays the same {games:,} worlds (game i has the same seed in every "
            f"cell, from --seed {seed}), so differences between cells are paired "
            "comparisons on the same worlds. Intervals are 95% Wilson intervals.")


def _share(s: Summary, family: str, compact: bool) -> str:
    low, high = wilson_interval(s.endings[family], s.games)
    if compact:  # the header says %
        return f"{s.share(family) * 100:.0f} ({low * 100:.0f}–{high * 100:.0f})"
    return f"{s.share(family):.0%} ({low * 100:.0f}–{high * 100:.0f}%)"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _columns(cells: Sequence[Cell], settings: Sequence[Setting],
             compact: bool = False) -> tuple[list[str], list[list[str]]]:
    """Headers and cells; ``compact`` (for a terminal) names a value by its last part and
    puts the % in the headers."""
    scenarios = len({c.scenario for c in cells}) > 1
    names = [s.path for s in settings]
    if compact:
        short = [n.rsplit(".", 1)[-1] for n in names]
        names = short if len(set(short)) == len(short) else names
    families = [f"{n} %" if compact else n for n in FAMILY_NAMES.values()]
    heads = names + (["scenario"] if scenarios else []) + [
        "policy", *families, "end" if compact else "median end",
        "grade" if compact else "mean grade"]
    rows = []
    for cell in cells:
        s = cell.summary
        rows.append([_value(v) for _, v in cell.values]
                    + ([cell.scenario] if scenarios else [])
                    + [cell.policy, *(_share(s, f, compact) for f in FAMILIES),
                       f"{s.median_end:g}",
                       f"{letter_for(s.mean_score, s.bands)} ({s.mean_score:.0f})"])
    return heads, rows


def render_text(cells: Sequence[Cell], settings: Sequence[Setting], games: int,
                seed: int, title: str) -> str:
    heads, rows = _columns(cells, settings, compact=True)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    fixed = len(settings) + (len(heads) - len(settings) - 6)

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i < fixed + 1 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    out = [*_wrap(title), "", line(heads), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out += ["", *_wrap("Ending shares in % with 95% Wilson intervals; end is the median "
                       "month the games ended in; grade is the mean score's."),
            *_wrap(paired_note(games, seed).removesuffix(
                " Intervals are 95% Wilson intervals."))]
    return "\n".join(out)


def _wrap(text: str, width: int = 80) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)


def render_markdown(cells: Sequence[Cell], settings: Sequence[Setting],
                    info: Mapping[str, Any], title: str) -> str:
    heads, rows = _columns(cells, settings)
    fixed = len(settings) + (len(heads) - len(settings) - 6) + 1
    out = [f"**{title}**", "", "| " + " | ".join(heads) + " |",
           "|" + "|".join("---" if i < fixed else "--:" for i in range(len(heads))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    packs = ", ".join(f"{p['id']} {p['version']}" for p in info["packs"])
    out += ["", paired_note(info["games_per_cell"], info["seed"]), "",
            f"Moat {info['game_version']}, packs {packs}; made with `{info['command']}`."]
    return "\n".join(out)


def render_csv(cells: Sequence[Cell], info: Mapping[str, Any]) -> str:
    """Tidy rows under ``#`` comment lines holding the manifest (read them with
    ``pandas.read_csv(path, comment="#")``)."""
    buffer = io.StringIO()
    compact = {k: v for k, v in info.items() if k != "game_seeds"}
    buffer.write(f"# moat sweep manifest: {json.dumps(compact)}\n")
    buffer.write(f"# {paired_note(info['games_per_cell'], info['seed'])}\n")
    rows = [c.row() for c in cells]
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")


def render_json(cells: Sequence[Cell], info: Mapping[str, Any]) -> str:
    return json.dumps({"manifest": info,
                       "note": paired_note(info["games_per_cell"], info["seed"]),
                       "rows": [c.row() for c in cells]}, indent=2)
