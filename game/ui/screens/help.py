"""Help: how to play, the keys, and a glossary of the trade's words in the game's own words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown, Static

from game.engine.grades import bands_text
from game.ui.app import STYLES, MoatApp

HELP = """\
# How to play

You run a young company that trains large language models and gives some of them away.
Each turn is a month. A month goes like this:

1. **The world moves.** Closed labs push the *frontier*, the platform giant may release a new
   free model, rivals raise money or vanish, and compute gets dearer.
2. **Events.** A few things happen to you. Read the story, pick a choice. Each choice shows
   what it will do to your numbers; a locked choice says what it needs.
3. **Plan.** Train, release, share, hire, rent compute, launch products, raise money. Every
   option shows its cost and effect first; impossible ones say why.
4. **End the month** (`e`). Salaries and compute are paid, revenue comes in, runs progress,
   rounds close or fail. A summary shows what changed.

The game ends in one of three ways: **bust** (cash below zero), **acquisition** (you accept
an offer, or the board sells at the last month), or a **niche win**: a product of yours leads
the whole world in its domains for eight months in a row while revenue covers your costs.

Competing head-on with the biggest labs on general models burns money fast. Pick a niche,
train focused models that beat the frontier there, and sell a product people pay for.

The **goal** line on the plan tab shows how close a niche win is: for each product on the
market, whether it leads the frontier and the best open model in its domains, how many
months in a row it has led against the months needed, and whether revenue covers burn.

# Why a number moved

Every change to a number is written in the ledger with its reason. The summary at the end
of a month breaks each number that changed into those reasons: cash as a list from last
month's balance to this one that adds up to the last thousand dollars, revenue by product
with why it moved (a lead won or lost, adoption, a rival's free model), burn by cost, and
the scorecard domain by domain. Press `b` on the month screen to read it again for any
month; the journal tab lists every line, and writes the highlighted one out in full below.

The training form shows, for each domain, the capability a run should reach and the best
model it will meet when it ends; the release list says what the model does to your
capability and how much attention it will get.

A change on the dashboard is the difference between the number shown now and the one shown
at the end of last month; a gap on the scorecard is the difference of the numbers beside it.

# Saving

The game saves itself at the end of every month; **Continue** on the title screen picks
up the latest game. To keep a moment under a name, open the command palette (`ctrl+p`)
and choose *Save game*; *Load game* lists every save. A damaged save is never changed:
the game says what is wrong with it and offers the last good autosave instead.

# Keys

| key | what it does |
|---|---|
| `e` | end the month |
| `t` `r` `s` | train a model, release it, share data and recipes |
| `h` `c` `p` `m` | hire or cut staff, rent compute, products, raise money |
| `1` `2` `3` `4` `5` | plan, scorecard, news, journal, rivals |
| `b` | why: the breakdown of the last month; `←` `→` step to any earlier month |
| `1`-`4` in an event | take that choice (or `Tab` to it, then `Enter`) |
| arrows, `Enter`, `Esc` | move, choose, go back |
| `ctrl+p` | command palette: new game, help, theme, quit |
| `ctrl+t` | light or dark theme |
| `F1` or `?` | this help |
| `ctrl+q` | quit |

The mouse works too: click tabs, options and buttons.

# Glossary

**Acquisition** — another company buys yours. An *acqui-hire* buys the people and pays
little; a *strategic sale* pays for what you built.

**Burn** — what the company spends in a month: salaries, rented compute, tuning contracts,
legal bills, serving costs.

**Climate** — how keen investors are (0-100). It starts frothy and cools; rounds get harder.

**Community** — developers building on your models. It grows when your open model is among
the best, and drifts away to whatever is newest.

**Compute** — the GPUs you train on, rented by the month (or owned outright). Its price
rises about five times a year.

**Cost index** — how much dearer compute is than in January 2023.

**Default alive** — a company whose revenue covers its costs, so it survives without
another round.

**Ecosystem** — what open labs have published: datasets, recipes, training code. When
everyone shares, every open player gets better and cheaper; when nobody does, each pays
alone. Once you release openly or share, the pool adds to every domain of each model you
train and takes a share off rented compute; the rivals tab says how much this month, and
the month's report where it acted.

**Research staff** — a big lab has twenty times the researchers of a small open company or
more (the rivals tab compares them with yours). Alone you cannot out-research it; sharing
pools the open labs' people, and a niche needs far fewer of them.

**Frontier** — the best capability anyone has, usually a closed lab's model, domain by
domain.

**Grey data** — training text of doubtful legal standing, such as pirated books. It makes
models stronger and lawsuits likelier.

**Hype** — attention right now. Stunts and launches raise it; it fades every month.

**Legal risk** — exposure to lawsuits and regulators (0-100). It costs legal fees every
month and invites worse.

**Licence** — the terms open weights come with. *Restrictive* licences limit who may use
the model and how; *permissive* ones let anyone build on it.

**Moat** — what stops a rival copying you: a niche you lead, customers who stay, data
nobody else has. A free model that anyone can download is not one.

**Open best** — the best model in a domain that anyone can download.

**Open weights** — releasing the trained model itself, so anyone can run and fine-tune it.
*Fully open* adds the training code and the data.

**Attention** — how much notice a release gets: x1.0 when your model ties the best open
model in its best domain, up to x1.5 when it leads by five points or more, down to x0.2
when it trails everywhere. It multiplies what the release adds to reputation, community and
hype: a model that beats no free one is ignored.

**Grade** — how well the game ended, from the ending's score out of 100 (shown with it).
GRADES

**Preference tuning** — paying people (through a vendor) to rate answers so the model
learns what users prefer. It makes assistants better, and it is slow and expensive: the
ratings land months after the contract starts (the plan says in which month), often after
the model has shipped, and the contract is paid until they do.

**Runway** — months until the cash runs out at the current burn.

**Scorecard** — the ten domains every model is measured on, from chat to medicine.

**Stunt release** — dropping a model as a bare torrent link with no announcement: a burst
of hype, a small cost to reputation.
"""


GRADE_TEXT = """A niche win scores 60 plus ten points for each time revenue covers burn
and a point for every five points of the founders' stake; a strategic sale scores from the
price against what investors put in, and the stake; an acqui-hire at most 70, and a bust at
most 40 (from reputation, community and how long you lasted)."""


def help_text(grades: dict[str, float] | None = None) -> str:
    """The help, with the grade bands of the packs in use."""
    bands = f" {bands_text(grades)}." if grades else ""
    return HELP.replace("GRADES", GRADE_TEXT + bands)


class HelpScreen(ModalScreen[None]):
    """How to play, the keys and the glossary; it scrolls by keyboard."""

    CSS_PATH = STYLES / "screens.tcss"

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        app = self.app
        grades = None
        if isinstance(app, MoatApp) and app.loaded:
            grades = dict(app.content.grades)
        with VerticalScroll(id="help-scroll"):
            yield Markdown(help_text(grades), id="help-text")
        yield Static("↑↓ PgUp PgDn Home End: scroll · Esc: close", id="help-hint",
                     markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
