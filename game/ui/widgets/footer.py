"""The key bar at the foot of a screen."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """The key bar, rebuilt only while its screen is the one showing.

    A dialog opening over the screen changes its screen stack, and the plain footer rebuilt
    itself then with the very same keys: behind a dialog every change below repaints the
    whole terminal, so each month's summary went out three more times. The keys are rebuilt
    when the screen shows again (that change reaches the footer too).
    """

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.is_active:
            super().bindings_changed(screen)
