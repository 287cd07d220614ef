"""The simulator's table, as plain text for a terminal or a lecture slide."""

from __future__ import annotations

from collections.abc import Sequence

from game.engine.content import Content
from game.sim.simulate import Summary, letter_for


def render_table(summaries: Sequence[Summary], content: Content) -> str:
    """Ending shares, median end month and mean grade per bot, then how often events fired."""
    if not summaries:
        return ""
    first = summaries[0]
    title = content.scenarios[first.scenario].title
    lines = [f"Scenario: {title} ({first.scenario}), {first.games} games per policy", ""]
    header = f"{'policy':<17}{'bust':>7}{'acquired':>10}{'niche win':>11}" \
             f"{'median end':>12}{'mean grade':>12}"
    lines += [header, "-" * len(header)]
    for s in summaries:
        grade = letter_for(s.mean_score, content.grades)
        lines.append(f"{s.policy:<17}{s.share('bust'):>7.0%}{s.share('acquisition'):>10.0%}"
                     f"{s.share('niche_win'):>11.0%}{s.median_end:>12g}"
                     f"{grade + f' ({s.mean_score:.0f})':>12}")
    lines += ["", "Events: share of games in which each fired (--json also gives how many",
              "times each fired in all, as some events can come back)", ""]
    width = max(len(e) for e in content.events) + 1
    # policy names go over two lines ("generalist" / "open") to keep the table 80 wide
    heads = [s.policy.partition("-") if "-" in s.policy else ("", "", s.policy)
             for s in summaries]
    column = max(11, *(max(len(first), len(rest)) + 2 for first, _, rest in heads))
    lines.append((" " * width + "".join(f"{first:>{column}}" for first, _, _ in heads)).rstrip())
    lines.append(f"{'event':<{width}}" + "".join(f"{rest:>{column}}" for _, _, rest in heads))
    for event_id in sorted(content.events):
        cells = "".join(f"{_share(s.event_games[event_id], s.games):>{column}}"
                        for s in summaries)
        lines.append(f"{event_id:<{width}}{cells}")
    never = [e for e in sorted(content.events) if not any(s.events.get(e) for s in summaries)]
    if never:
        lines += ["", f"Never fired: {', '.join(never)}"]
    return "\n".join(lines)


def _share(count: int, games: int) -> str:
    """``62%``, ``<1%`` for a handful of games, ``-`` for none."""
    if not count:
        return "-"
    share = count / games
    return "<1%" if share < 0.01 else f"{share:.0%}"
