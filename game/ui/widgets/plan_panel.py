"""The month's plan: each kind of decision, its key and its state this month."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine.plan import Group


class PlanPanel(OptionList):
    """The decision groups; choosing one opens its dialog (handled by the screen)."""

    def show(self, groups: list[Group]) -> None:
        highlighted = self.highlighted
        self.clear_options()
        for group in groups:
            text = Content.assemble((f"[{group.key}] {group.title}", "bold"), "\n",
                                    f"└ {group.status}")
            self.add_option(Option(text, id=group.id))
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted
