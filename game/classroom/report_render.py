"""The class report as Markdown, CSV, JSON or one printable HTML page."""

from __future__ import annotations

import csv
import io
import json
from html import escape

from game.classroom import charts
from game.classroom.report import ClassReport, Row
from game.sim.simulate import FAMILIES

NAMES = {"bust": "bust", "acquisition": "acquired", "niche_win": "niche win",
         "unfinished": "unfinished"}
COLUMNS = ("rank", "company", "ending", "grade", "month", "openness", "niche", "data",
           "rounds", "products", "flags")


def _cells(position: int, row: Row, ranked: bool) -> list[str]:
    ending = NAMES[row.family] + (f": {row.title}" if row.title else "")
    who = row.company + (f" (bot: {row.bot})" if row.bot else "") + \
        (f" [{row.section}]" if row.section else "")
    rank = "bot" if row.bot else \
        f"{position}" + (f" ({row.rank:g})" if ranked and row.rank is not None else "")
    return [rank, who, ending, f"{row.grade} ({row.score:g})" if row.finished else "-",
            str(row.month), ", ".join(row.openness) or "-", ", ".join(row.niche) or "general",
            ", ".join(row.data) or "-", str(row.rounds), ", ".join(row.products) or "-",
            "; ".join(row.flags)]


def _headline(report: ClassReport) -> str:
    card = f"class card {report.card}" + (f" ({report.card_title})" if report.card_title
                                          else "") if report.card else "no class card"
    bots = len(report.rows) - len(report.students)
    return (f"{_count(len(report.students), 'game')} by students, {bots} by bots; {card}; "
            f"{_count(len(report.skipped), 'file')} skipped")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _share(count: int, total: int) -> str:
    return f"{count} ({count / total:.0%})" if total else "0"


def markdown(report: ClassReport) -> str:
    out = ["# Class report", "", _headline(report), ""]
    if report.scorecard:
        out += [f"Ranked by the scorecard: {report.scorecard.describe()}.", ""]
    else:
        out += ["Ranked by the ending's score (see each debrief for how it is computed).", ""]
    out += ["## Games", "", "| " + " | ".join(COLUMNS) + " |",
            "|" + "---|" * len(COLUMNS)]
    ranked = report.scorecard is not None
    for position, row in enumerate(report.ranked(), 1):
        out.append("| " + " | ".join(c.replace("|", "/") for c in _cells(position, row,
                                                                        ranked)) + " |")
    students = report.endings(report.students)
    total = sum(students.values())
    out += ["", "## Endings", "", "| who | games | " + " | ".join(NAMES[f] for f in FAMILIES)
            + " | unfinished |", "|---|---:|" + "---:|" * (len(FAMILIES) + 1),
            "| students | " + str(total) + " | "
            + " | ".join(_share(students[f], total) for f in (*FAMILIES, "unfinished")) + " |"]
    for bot, counts in sorted(report.bot_endings().items()):
        games = sum(counts.values())
        out.append(f"| bot: {bot} | {games} | "
                   + " | ".join(_share(counts[f], games) for f in FAMILIES) + " | - |")
    if report.bots:
        out += ["", "The bots played the class card's world"
                + (" (each section's seed)" if any(b["section"] for b in report.bots) else "")
                + ": " + "; ".join(f"{b['policy']}"
                                   + (f" [{b['section']}]" if b["section"] else "")
                                   + f" {NAMES[b['family']]} in month {b['month']}"
                                   for b in report.bots) + "."]
    out += ["", "## Causes that recurred", ""]
    out += [f"- {c['cause']}: in {c['games']} games, typically month {c['median_month']:g}"
            for c in report.recurring()] or ["- None recurred in more than one game."]
    out += ["", "## Outliers", ""]
    out += [f"- {o['company']} ({o['which']}): {o['value']:g}, {NAMES[o['ending']]} in month "
            f"{o['month']}" for o in report.outliers()] or ["- None."]
    flagged = [r for r in report.rows if r.flags]
    out += ["", "## Flagged", ""]
    out += [f"- {r.company} ({r.path}): {'; '.join(r.flags)}" for r in flagged] or ["- None."]
    out += ["", "## Skipped files", ""]
    out += [f"- {s.path}: {s.reason}" for s in report.skipped] or ["- None."]
    return "\n".join(out) + "\n"


def csv_text(report: ClassReport) -> str:
    """One row per game, for a spreadsheet or a gradebook."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "rank_score", "company", "bot", "section", "ending", "title",
                     "grade", "score", "month", "openness", "niche", "data", "rounds",
                     "products", "causes", "flags", "file"])
    for position, row in enumerate(report.ranked(), 1):
        writer.writerow([position, "" if row.rank is None else row.rank, row.company, row.bot,
                         row.section, row.family, row.title, row.grade, row.score, row.month,
                         "; ".join(row.openness), "; ".join(row.niche), "; ".join(row.data),
                         row.rounds, "; ".join(row.products),
                         "; ".join(c.text for c in row.causes), "; ".join(row.flags),
                         row.path])
    return out.getvalue()


def json_text(report: ClassReport) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _items(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items or ["None."]) + "</ul>"


def html(report: ClassReport) -> str:
    from game.classroom.render import CSS

    e = escape
    ranked = report.scorecard is not None
    body = ["<h1>Class report</h1>", f"<p class=\"headline\">{e(_headline(report))}</p>"]
    if report.scorecard:
        body.append(f"<p>Ranked by the scorecard: {e(report.scorecard.describe())}.</p>")
    head = "".join(f"<th>{e(c)}</th>" for c in COLUMNS)
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in _cells(i, r, ranked))
                   + "</tr>" for i, r in enumerate(report.ranked(), 1))
    body += ["<h2>Games</h2>", f"<table><tr>{head}</tr>{rows}</table>"]
    students = report.endings(report.students)
    total = sum(students.values()) or 1
    groups = [("students", tuple(100 * students[f] / total for f in FAMILIES))]
    for bot, counts in sorted(report.bot_endings().items()):
        games = sum(counts.values()) or 1
        groups.append((f"bot: {bot}", tuple(100 * counts[f] / games for f in FAMILIES)))
    body += ["<h2>Endings</h2>",
             charts.bar_chart("Share of games ending in each way, %", groups,
                              [NAMES[f] for f in FAMILIES])]
    body.append("<h2>Causes that recurred</h2>" + _items([
        f"{e(c['cause'])}: in {c['games']} games, typically month {c['median_month']:g}"
        for c in report.recurring()]))
    body.append("<h2>Outliers</h2>" + _items([
        f"{e(o['company'])} ({e(o['which'])}): {o['value']:g}, {e(NAMES[o['ending']])}"
        f" in month {o['month']}" for o in report.outliers()]))
    body.append("<h2>Flagged</h2>" + _items([
        f"{e(r.company)} ({e(r.path)}): {e('; '.join(r.flags))}"
        for r in report.rows if r.flags]))
    body.append("<h2>Skipped files</h2>" + _items([
        f"{e(s.path)}: {e(s.reason)}" for s in report.skipped]))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Class report</title><style>{CSS} body {{ max-width: 70rem; }}</style>"
            "</head><body>\n" + "\n".join(body) + "\n</body></html>\n")


RENDERERS = {"md": markdown, "csv": csv_text, "json": json_text, "html": html}
