"""Small inline SVG charts for printable debriefs and reports: no scripts, no outside files.

Every chart is drawn in black and greys with a different dash or marker per line, so it
prints on a black-and-white printer and carries no signal by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 120, 26, 28
STYLES = (("#111", ""), ("#555", "6 3"), ("#888", "2 3"), ("#333", "10 3 2 3"))
"""Stroke colour and dash pattern of each line, in order."""


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    if high <= low:
        return [low]
    step = (high - low) / count
    return [low + step * i for i in range(count + 1)]


def _label(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value / 1000:.1f}M".replace(".0M", "M")
    return f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.1f}"


def line_chart(title: str, months: Sequence[float],
               lines: Sequence[tuple[str, Sequence[float]]], unit: str = "") -> str:
    """An SVG line chart of several series over the months, with a legend at the right.

    ``unit`` is ``$k`` for money (labels then read as $k or $M).
    """
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" '
             'font-family="sans-serif" font-size="11">',
             f'<title>{escape(title)}</title>',
             f'<text x="{LEFT}" y="14" font-weight="bold">{escape(title)}</text>']
    values = [v for _, series in lines for v in series]
    if not months or not values:
        parts.append(f'<text x="{LEFT}" y="{HEIGHT // 2}">No months played yet.</text></svg>')
        return "".join(parts)
    low, high = min(0.0, min(values)), max(values)
    if high == low:
        high = low + 1
    first, last = months[0], months[-1]
    span = (last - first) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(month: float) -> float:
        return LEFT + (month - first) / span * plot_w

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    prefix = "$" if unit == "$k" else ""
    for tick in _ticks(low, high):
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" '
                     f'y2="{y(tick):.1f}" stroke="#ddd"/>')
        text = prefix + _label(tick) + ("k" if unit == "$k" and abs(tick) < 1000 else "")
        parts.append(f'<text x="{LEFT - 4}" y="{y(tick) + 4:.1f}" text-anchor="end">'
                     f'{escape(text)}</text>')
    if low < 0 < high:
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(0):.1f}" y2="{y(0):.1f}" '
                     'stroke="#000" stroke-width="0.8"/>')
    for month in sorted({first, last, *months[:: max(1, len(months) // 6)]}):
        parts.append(f'<text x="{x(month):.1f}" y="{HEIGHT - 10}" text-anchor="middle">'
                     f'{month:g}</text>')
    parts.append(f'<text x="{LEFT + plot_w}" y="{HEIGHT - 0}" text-anchor="end" '
                 'font-size="10">month</text>')
    for index, (name, series) in enumerate(lines):
        colour, dash = STYLES[index % len(STYLES)]
        points = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in zip(months, series, strict=False))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash_attr} '
                     f'points="{points}"/>')
        legend_y = TOP + 14 * index + 6
        parts.append(f'<line x1="{WIDTH - RIGHT + 10}" x2="{WIDTH - RIGHT + 34}" '
                     f'y1="{legend_y}" y2="{legend_y}" stroke="{colour}" stroke-width="2"'
                     f'{dash_attr}/>')
        parts.append(f'<text x="{WIDTH - RIGHT + 38}" y="{legend_y + 4}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(title: str, groups: Sequence[tuple[str, Sequence[float]]],
              names: Sequence[str], high: float = 100.0) -> str:
    """Horizontal bars: one group per label, one bar per series (``names``), 0 to ``high``."""
    bar, gap = 6, 6
    group_h = bar * len(names) + gap
    height = TOP + group_h * len(groups) + 30
    label_w = 130
    plot_w = WIDTH - label_w - RIGHT
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(title)}" '
             'font-family="sans-serif" font-size="11">',
             f'<title>{escape(title)}</title>',
             f'<text x="{LEFT}" y="14" font-weight="bold">{escape(title)}</text>']
    fills = ("#111", "#888", "#fff")
    for index, (label, values) in enumerate(groups):
        top = TOP + index * group_h
        parts.append(f'<text x="{label_w - 6}" y="{top + group_h / 2 + 1:.1f}" '
                     f'text-anchor="end">{escape(label)}</text>')
        for j, value in enumerate(values):
            w = max(0.0, min(value, high)) / high * plot_w
            parts.append(f'<rect x="{label_w}" y="{top + j * bar}" width="{w:.1f}" '
                         f'height="{bar - 1}" fill="{fills[j % 3]}" stroke="#111" '
                         'stroke-width="0.6"/>')
    for tick in _ticks(0, high):
        tx = label_w + tick / high * plot_w
        parts.append(f'<text x="{tx:.1f}" y="{height - 8}" text-anchor="middle">'
                     f'{tick:.0f}</text>')
    for j, name in enumerate(names):
        legend_y = TOP + 14 * j
        parts.append(f'<rect x="{WIDTH - RIGHT + 10}" y="{legend_y}" width="18" height="8" '
                     f'fill="{fills[j % 3]}" stroke="#111" stroke-width="0.6"/>')
        parts.append(f'<text x="{WIDTH - RIGHT + 32}" y="{legend_y + 8}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
