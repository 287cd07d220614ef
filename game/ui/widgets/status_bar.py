"""The top line: who, when, and how long the money lasts."""

from __future__ import annotations

from textual.widgets import Static

from game.engine.stats import money_text


class StatusBar(Static):
    """Company, date, month of the horizon, cash and runway on one line."""

    def show(self, company: str, date: str, month: int, horizon: int, cash: float,
             runway: float, net_burn: float) -> None:
        if net_burn <= 0:
            runway_text = "earning more than you spend"
        elif runway >= 99:
            runway_text = "runway 99+ months"
        else:
            runway_text = f"runway {runway:.0f} months"
        warning = "  ! LOW" if runway < 6 else ""
        self.update(f" {company} · {date} · month {month} of {horizon} · "
                    f"cash {money_text(cash)} · {runway_text}{warning}")
