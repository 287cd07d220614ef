"""The simulator's results for a lecture: ending shares with 95% intervals, median end month,
and paired comparisons between strategies, as Markdown or CSV.

Bots given the same seeds meet the same world, so two strategies can be compared game by
game: of the seeds on which they ended differently, how often each did better.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from itertools import combinations

from game.sim.intervals import wilson_interval
from game.sim.simulate import FAMILIES, Summary

FAMILY_NAMES = {"bust": "bust", "acquisition": "acquired", "niche_win": "niche win"}
RANK = {"bust": 0, "acquisition": 1, "niche_win": 2}
"""Better endings rank higher, for the paired comparison."""


def share_cell(count: int, games: int) -> str:
    """``42% (35-49)``: the share and its 95% Wilson interval, in whole percents."""
    low, high = wilson_interval(count, games)
    share = count / games if games else 0.0
    return f"{share:.0%} ({low * 100:.0f}-{high * 100:.0f})"


def paired(a: Summary, b: Summary) -> dict[str, object] | None:
    """How ``a`` and ``b`` compare on the seeds both played; None if they share none.

    ``a_better`` counts seeds where ``a``'s ending ranks above ``b``'s (niche win over
    acquisition over bust); the interval is the 95% Wilson interval of ``a``'s share of the
    seeds on which they differ.
    """
    b_by_seed = dict(zip(b.seeds, b.families, strict=True))
    pairs = [(fa, b_by_seed[s]) for s, fa in zip(a.seeds, a.families, strict=True)
             if s in b_by_seed]
    if not pairs:
        return None
    a_better = sum(RANK[x] > RANK[y] for x, y in pairs)
    b_better = sum(RANK[x] < RANK[y] for x, y in pairs)
    differ = a_better + b_better
    low, high = wilson_interval(a_better, differ)
    return {"a": a.policy, "b": b.policy, "seeds": len(pairs), "a_better": a_better,
            "b_better": b_better, "same": len(pairs) - differ,
            "a_share_low": round(low, 4), "a_share_high": round(high, 4)}


def _verdict(row: dict[str, object]) -> str:
    low, high = float(str(row["a_share_low"])), float(str(row["a_share_high"]))
    if row["a_better"] == row["b_better"] == 0:
        return "same ending on every seed"
    if low > 0.5:
        return f"{row['a']} better"
    if high < 0.5:
        return f"{row['b']} better"
    return "no clear difference"


def markdown(summaries: Sequence[Summary], title: str) -> str:
    """A slide: the ending table with intervals, then the paired comparisons."""
    if not summaries:
        return ""
    games = summaries[0].games
    lines = [f"### {title}: {games} seeded games per strategy", "",
             "| strategy | " + " | ".join(FAMILY_NAMES[f] for f in FAMILIES)
             + " | median end month |",
             "|---|" + "---:|" * (len(FAMILIES) + 1)]
    for s in summaries:
        cells = " | ".join(share_cell(s.endings[f], s.games) for f in FAMILIES)
        lines.append(f"| {s.policy} | {cells} | {s.median_end:g} |")
    lines += ["", "Shares of games, with 95% Wilson intervals in brackets."]
    comparisons = [row for a, b in combinations(summaries, 2) if (row := paired(a, b))]
    if comparisons:
        lines += ["", "#### Paired on the same seeds", "",
                  "| A | B | A ended better | B ended better | same | verdict |",
                  "|---|---|---:|---:|---:|---|"]
        for row in comparisons:
            lines.append(f"| {row['a']} | {row['b']} | {row['a_better']} | {row['b_better']} "
                         f"| {row['same']} | {_verdict(row)} |")
        lines += ["", "Better means a niche win over an acquisition over a bust. The verdict "
                  "holds when the 95% interval of A's share of the seeds where they differ "
                  "lies wholly above or below one half."]
    return "\n".join(lines) + "\n"


def csv_text(summaries: Sequence[Summary]) -> str:
    """One row per strategy and ending: counts, shares and intervals, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["scenario", "policy", "games", "ending", "count", "share", "low95",
                     "high95", "median_end_month", "mean_score"])
    for s in summaries:
        for family in FAMILIES:
            count = s.endings[family]
            low, high = wilson_interval(count, s.games)
            writer.writerow([s.scenario, s.policy, s.games, family, count,
                             f"{count / s.games:.4f}", f"{low:.4f}", f"{high:.4f}",
                             f"{s.median_end:g}", f"{s.mean_score:.2f}"])
    return out.getvalue()


def paired_rows(summaries: Sequence[Summary]) -> list[dict[str, object]]:
    return [row for a, b in combinations(summaries, 2) if (row := paired(a, b))]
