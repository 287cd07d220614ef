"""A list of choices whose state is written in the text — (•) and [x] — not only in colour."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ChoiceList(OptionList):
    """Pick one (radio) or several up to a limit (checkboxes); Enter or a click toggles."""

    @dataclass
    class Changed(Message):
        """The selection changed."""

        choice_list: ChoiceList

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(self, items: list[tuple[str, str]], *, multiple: bool = False,
                 limit: int = 0, selected: tuple[str, ...] = (),
                 id: str | None = None) -> None:  # noqa: A002 - Textual's own name
        """Args:
            items: ``(label, value)`` pairs.
            multiple: several may be chosen (checkboxes) instead of exactly one (radio).
            limit: most that may be chosen when ``multiple`` (0: no limit).
            selected: values chosen at the start.
        """
        super().__init__(id=id)
        self.items = items
        self.multiple = multiple
        self.limit = limit
        self.selected: list[str] = list(selected) or ([] if multiple else [items[0][1]])

    def on_mount(self) -> None:
        self.render_items()

    def relabel(self, labels: dict[str, str]) -> None:
        """Give items new labels (by value), keeping the selection and the highlight."""
        items = [(labels.get(value, text), value) for text, value in self.items]
        if items != self.items:
            self.items = items
            self.render_items()

    def render_items(self) -> None:
        highlighted = self.highlighted
        self.clear_options()
        for text, value in self.items:
            chosen = value in self.selected
            mark = ("[x] " if chosen else "[ ] ") if self.multiple else \
                ("(•) " if chosen else "( ) ")
            self.add_option(Option(Content(mark + text), id=value))
        if highlighted is None:  # start on the current choice
            values = [value for _, value in self.items]
            highlighted = values.index(self.selected[0]) if self.selected else 0
        self.highlighted = highlighted

    @on(OptionList.OptionSelected)
    def toggle(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        value = str(message.option.id)
        if not self.multiple:
            self.selected = [value]
        elif value in self.selected:
            self.selected.remove(value)
        elif not self.limit or len(self.selected) < self.limit:
            self.selected.append(value)
        else:
            self.notify(f"Choose at most {self.limit}.", severity="warning")
            return
        self.render_items()
        self.post_message(self.Changed(self))
