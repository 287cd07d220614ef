"""The month's plan: each kind of decision, its key and its state this month."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine.plan import Group


class PlanPanel(OptionList):
    """The decision groups; choosing one opens its dialog (handled by the screen)."""

    shown: list[Group] = []
    """The groups as drawn (redrawn only where they changed)."""

    def show(self, groups: list[Group]) -> None:
        if groups == self.shown:
            return
        if [g.id for g in groups] == [g.id for g in self.shown]:
            for old, new in zip(self.shown, groups, strict=True):
                if old != new:
                    self.replace_option_prompt(new.id, self.prompt(new))
            self.shown = groups
            return
        self.shown = groups
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([Option(self.prompt(group), id=group.id) for group in groups])
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    @staticmethod
    def prompt(group: Group) -> Content:
        return Content.assemble((f"[{group.key}] {group.title}", "bold"), "\n",
                                f"└ {group.status}")
