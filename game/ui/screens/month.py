"""The month screen: the dashboard, the plan, the scorecard, the news and the journal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult, ScreenStackError
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static, TabbedContent, TabPane

from game.engine import plan
from game.engine.content import EventRule
from game.engine.game import Game, MonthSummary
from game.engine.goal import tracker_text
from game.engine.market import field_note
from game.ui.app import STYLES, MoatApp
from game.ui.messages import ApplyDecision, BeginMonth, EndMonth, ShowEnding
from game.ui.widgets.dashboard import Dashboard
from game.ui.widgets.footer import Footer
from game.ui.widgets.journal_view import JournalPane
from game.ui.widgets.news_log import NewsLog
from game.ui.widgets.plan_panel import PlanPanel
from game.ui.widgets.rivals_table import RivalsPane
from game.ui.widgets.scorecard import ScorecardTable
from game.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:  # imported when first needed, to keep the start quick
    from game.ui.screens.summary_dialog import SummaryDialog


class MonthScreen(Screen[None]):
    """One month of the game: read the dashboard, answer events, plan, end the month."""

    CSS_PATH = STYLES / "month.tcss"

    BINDINGS = [
        Binding("e", "end_month", "End month"),
        *(Binding(key, f"group('{group}')", title, show=False)
          for group, title, key in plan.GROUP_TITLES),
        Binding("1", "show_tab('plan')", "Plan", priority=True),
        Binding("2", "show_tab('scorecard')", "Scorecard", priority=True),
        Binding("3", "show_tab('news')", "News", priority=True),
        Binding("4", "show_tab('journal')", "Journal", priority=True),
        Binding("5", "show_tab('rivals')", "Rivals", show=False, priority=True),
        Binding("b", "breakdown", "Why?"),
        Binding("question_mark", "app.help", "Help"),
    ]

    @property
    def moat(self) -> MoatApp:
        assert isinstance(self.app, MoatApp)
        return self.app

    @property
    def game(self) -> Game:
        game = self.moat.game
        assert game is not None
        return game

    _goal = ""
    _summary: SummaryDialog | None = None
    """The month-end report, built once and shown again every month."""
    _note = ""

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status", markup=False)
        with Horizontal(id="month-body"):
            yield Dashboard(id="dashboard")
            with TabbedContent(id="tabs", initial="plan"):
                with TabPane("Plan", id="plan"):
                    yield Static("", id="goal", markup=False)
                    yield PlanPanel(id="plan-list")
                    yield Button("End the month (e)", id="end-month", variant="primary")
                with TabPane("Scorecard", id="scorecard"):
                    yield ScorecardTable(id="scorecard-table")
                    yield Static("", id="scorecard-note", markup=False)
                with TabPane("News", id="news"), VerticalScroll(id="news-scroll"):
                    yield NewsLog(id="news-log", markup=False)
                with TabPane("Journal", id="journal"):
                    yield JournalPane(id="journal-pane")
                with TabPane("Rivals", id="rivals"), VerticalScroll(id="rivals-scroll"):
                    yield RivalsPane(id="rivals-pane", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._status = self.query_one(StatusBar)
        self._dashboard = self.query_one(Dashboard)
        self._tabs = self.query_one(TabbedContent)
        self._plan = self.query_one(PlanPanel)
        self.refresh_view()
        self.call_after_refresh(self.start_month)

    # -- showing -------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Show the game as it is now (attributes down: nothing here changes it).

        Each widget redraws only what changed, and the tabs out of sight wait until they
        are shown (see :meth:`tab_shown`): ending a month redraws little."""
        game = self.game
        s = game.s
        self._status.show(game.state.company, game.date, game.state.month,
                          game.state.horizon, s["cash"], s["runway"], s["burn"] - s["revenue"])
        self._dashboard.show(s, game.state.history, game.state.opening)
        self.refresh_tab(self._tabs.active)

    def refresh_tab(self, tab: str) -> None:
        """Bring one tab up to date with the game."""
        game = self.game
        if tab == "plan":
            goal = tracker_text(game)
            if goal != self._goal:
                self._goal = goal
                self.query_one("#goal", Static).update(goal)
            self._plan.show(plan.groups(game))
        elif tab == "scorecard":
            self.query_one(ScorecardTable).show(game)
            note = field_note(game)
            if note != self._note:
                self._note = note
                self.query_one("#scorecard-note", Static).update(note)
        elif tab == "news":
            self.query_one(NewsLog).show(game)
        elif tab == "journal":
            self.query_one(JournalPane).show(game)
        elif tab == "rivals":
            self.query_one(RivalsPane).show(game)

    @on(TabbedContent.TabActivated, "#tabs")
    def tab_shown(self, message: TabbedContent.TabActivated) -> None:
        self.refresh_tab(str(message.pane.id))

    # -- the month's flow ----------------------------------------------------------------------

    def start_month(self) -> None:
        """Begin the month if it has not begun, then ask about each drawn event in turn."""
        if self.game.state.over:
            self.post_message(ShowEnding(self))
            return
        if self.game.state.phase == "world":
            self.post_message(BeginMonth(self))
            return
        self.next_event()

    def month_begun(self) -> None:
        """The app began the month (answering :class:`BeginMonth`): show its events."""
        self.refresh_view()
        self.next_event()

    def next_event(self) -> None:
        from game.ui.screens.event_dialog import EventDialog

        game = self.game
        if game.state.over:
            self.post_message(ShowEnding(self))
            return
        pending: list[EventRule] = game.pending_events
        if pending:
            self.app.push_screen(EventDialog(pending[0]), self.event_done)
        else:
            self.refresh_view()
            self.query_one(PlanPanel).focus()

    def event_done(self, _: str | None) -> None:
        self.refresh_view()
        self.next_event()

    def action_end_month(self) -> None:
        if self.game.state.phase != "plan":
            self.next_event()
            return
        self.post_message(EndMonth(self))

    def month_ended(self, summary: MonthSummary) -> None:
        """The app ended the month and autosaved (answering :class:`EndMonth`): show the
        month's report, the one dialog built the first month and shown again after."""
        from game.ui.screens.summary_dialog import SummaryDialog

        self.refresh_view()
        dialog = self._summary
        if dialog is None or dialog.game is not self.game:
            self.forget_summary()
            dialog = self._summary = SummaryDialog(summary, self.game)
            self.app.install_screen(dialog, f"month-summary-{id(self)}")
        else:
            dialog.show_month(summary)
        self.app.push_screen(dialog, self.summary_done)

    def forget_summary(self) -> None:
        """Let the month-end dialog go (when this screen goes, or the game changes)."""
        dialog, self._summary = self._summary, None
        if dialog is None:
            return
        try:
            self.app.uninstall_screen(dialog)
        except ScreenStackError:  # still showing as the app closes: it goes with the app
            return
        dialog.remove()

    def on_unmount(self) -> None:
        self.forget_summary()

    def action_breakdown(self) -> None:
        """Open the report of the last month played; the arrows step to earlier months."""
        from game.ui.screens.summary_dialog import SummaryDialog

        played = len(self.game.state.history)
        if not played:
            self.notify("No month has ended yet: end one (e) to see what changed and why.")
            return
        self.app.push_screen(SummaryDialog(None, self.game, month=played))

    def summary_done(self, _: None) -> None:
        self.start_month()

    # -- the plan ------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#plan-list")
    def group_chosen(self, message: OptionList.OptionSelected) -> None:
        group = str(message.option.id)
        if group == "end":
            self.action_end_month()
        else:
            self.action_group(group)

    def action_group(self, group: str) -> None:
        from game.ui.screens.plan_dialog import PlanDialog
        from game.ui.screens.train_dialog import TrainDialog

        if self.game.state.phase != "plan":
            return
        if group == "train":
            self.app.push_screen(TrainDialog(self.game), self.decided)
        else:
            self.app.push_screen(PlanDialog(self.game, group), self.decided)

    def decided(self, option: plan.Option | None) -> None:
        if option is not None:
            self.post_message(ApplyDecision(self, option))

    def decision_refused(self, option: plan.Option, reason: str) -> None:
        """The engine refused the decision (answering :class:`ApplyDecision`): say why."""
        self.notify(reason, title="Not possible", severity="warning")

    def decision_applied(self, option: plan.Option) -> None:
        """The app carried out the decision (answering :class:`ApplyDecision`)."""
        self.notify(f"{option.label}: {option.preview}", title="Done")
        self.refresh_view()

    @on(Button.Pressed, "#end-month")
    def end_pressed(self) -> None:
        self.action_end_month()

    def action_show_tab(self, tab: str) -> None:
        """Show a tab and put the keyboard in it (so focus does not pull the old tab back)."""
        self.query_one(TabbedContent).active = tab
        target = {"plan": "#plan-list", "scorecard": "#scorecard-table",
                  "news": "#news-scroll", "journal": "#journal-table",
                  "rivals": "#rivals-scroll"}[tab]
        self.query_one(target).focus()
