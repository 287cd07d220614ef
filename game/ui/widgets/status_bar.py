"""The top line: who, when, and how long the money lasts."""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import Static

from game.engine.display import money_text


def short_name(name: str, room: int) -> str:
    """``name`` in at most ``room`` characters, cut between words with an ellipsis."""
    name = " ".join(name.split())
    if len(name) <= room:
        return name
    if room <= 1:
        return "…"[:room]
    cut = name[:room - 1]
    if " " in cut and not name[room - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def status_text(company: str, date: str, month: int, horizon: int, cash: float,
                runway: float, net_burn: float, width: int) -> str:
    """The line in ``width`` columns: cash and runway always whole, the name cut first."""
    if net_burn <= 0:
        runway_text = "earning more than you spend"
    elif runway >= 99:
        runway_text = "runway 99+ months"
    else:
        runway_text = f"runway {runway:.0f} month{'' if round(runway) == 1 else 's'}"
    warning = "  ! BELOW ZERO: bust at month end" if cash < 0 else \
        "  ! LOW" if runway < 6 and net_burn > 0 else ""
    money = f"cash {money_text(cash)} · {runway_text}{warning}"
    when = f"{date} · month {month} of {horizon}"
    tail = f" · {when} · {money}"
    if len(tail) + 6 > width:  # too narrow for the date: keep the money
        tail = f" · {money}"
    return f" {short_name(company, max(4, width - len(tail) - 1))}{tail}"


class StatusBar(Static):
    """Company, date, month of the horizon, cash and runway on one line."""

    parts: tuple[str, str, int, int, float, float, float] | None = None
    """What the line shows, kept to redraw it when the terminal is resized."""

    def show(self, company: str, date: str, month: int, horizon: int, cash: float,
             runway: float, net_burn: float) -> None:
        parts = (company, date, month, horizon, cash, runway, net_burn)
        if parts != self.parts:
            self.parts = parts
            self.redraw()

    def redraw(self) -> None:
        if self.parts is not None:
            # one line the width of the screen whatever it says: no new layout needed
            self.update(status_text(*self.parts, width=self.size.width or 80), layout=False)

    def on_resize(self, _: Resize) -> None:
        self.redraw()
