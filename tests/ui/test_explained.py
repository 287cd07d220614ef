"""Screens that explain their numbers: the training form's expected capability and the
journal's reasons in full, at 80x24."""

from __future__ import annotations

from textual.widgets import Static

from game.content.loader import Content
from game.engine import decisions as d
from game.engine import plan
from game.ui.screens.summary_dialog import SummaryDialog, month_text
from game.ui.screens.train_dialog import TrainDialog
from game.ui.widgets.choice_list import ChoiceList
from game.ui.widgets.journal_view import JournalView
from game.ui.widgets.rivals_table import RivalsPane
from tests.ui.helpers import new_app, settle, to_month_screen


def text_of(widget: Static) -> str:
    return str(widget.render())


async def test_the_training_form_shows_the_capability_to_expect(content: Content) -> None:
    app = new_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_month_screen(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrainDialog) and app.game is not None
        game = app.game
        focus = screen.query_one("#focus", ChoiceList)
        await pilot.press("tab", "tab", "tab", "down", "enter")  # focus on Code
        await settle(pilot)
        assert focus.selected == ["code"]
        rows = {r.domain: r for r in plan.training_outlook(game, d.StartRun("small", ("code",)))}
        code = rows["code"]
        label = next(text for text, value in focus.items if value == "code")
        assert label.startswith("Code ") and label.endswith(
            f" {code.low:.0f}–{code.high:.0f} / {code.best:.0f}")
        preview = text_of(screen.query_one("#train-preview", Static))
        assert preview.startswith(f"Expect in 2 months: Code {code.low:.0f}–{code.high:.0f} "
                                  f"against {code.best:.0f}; the rest average ")
        assert "\n2 months on 2 of your " in preview
        # the whole form, its preview and its button fit at 80x24
        assert screen.query_one("#start").region.bottom <= 23


async def test_the_journal_writes_the_highlighted_reason_in_full(content: Content) -> None:
    app = new_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_month_screen(pilot)
        await pilot.press("e")
        await settle(pilot)
        await to_month_screen(pilot)
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one(JournalView)
        assert table.row_count == len(table.details) > 2
        detail = app.screen.query_one("#journal-detail", Static)
        await pilot.press("down", "down")
        await settle(pilot)
        row = table.get_row_at(2)
        assert text_of(detail) == table.details[2]
        assert table.details[2].startswith(f"{row[0]} · {row[1]} · ")
        assert table.details[2].endswith(row[2])
        assert "↑↓: move" in text_of(app.screen.query_one("#journal-hint", Static))
        assert detail.region.bottom <= 23 and detail.region.height >= 1


async def test_the_rivals_tab_shows_their_research_staff_against_yours(
        content: Content) -> None:
    app = new_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_month_screen(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert app.game is not None
        pane = app.screen.query_one(RivalsPane)
        text = text_of(pane)
        yours = app.game.s["researchers"]
        assert f"You                  {yours:.0f}      x1" in text
        halcyon = content.rivals["halcyon"].researchers
        assert f"  Halcyon           {halcyon}     x{halcyon / yours:.0f}" in text
        assert "Open ecosystem " in text
        # the table's columns fit beside the dashboard at 80 columns
        assert max(len(line) for line in text.splitlines()[:14]) <= pane.content_region.width


async def test_each_month_end_shows_that_months_report(content: Content) -> None:
    """The month screen shows one report dialog again every month: each time it is the
    month just ended, from its top."""
    app = new_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = []
        for _ in range(3):
            await to_month_screen(pilot)
            await pilot.press("e")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, SummaryDialog) and app.game is not None
            shown.append((dialog, dialog.month, text_of(dialog.query_one("#summary-title",
                                                                            Static))))
            body = text_of(dialog.query_one("#summary-text", Static))
            assert body == month_text(app.game, dialog.month, dialog.summary.news
                                      if dialog.summary else None)
            assert dialog.query_one("#summary-scroll").scroll_y == 0
            await pilot.press("pagedown", "left")  # look back a month, then go on
            await settle(pilot)
            await pilot.press("enter")
        assert [month for _, month, _ in shown] == [1, 2, 3]
        assert app.game is not None
        assert [title.split(" · ")[1] for _, _, title in shown] == \
            [f"month {n} of {app.game.state.horizon}" for n in (1, 2, 3)]
        assert shown[0][0] is shown[2][0]
