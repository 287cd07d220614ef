"""The debrief's data as Markdown or as one printable, self-contained HTML page."""

from __future__ import annotations

from html import escape
from typing import Any

from game.classroom import charts
from game.engine.stats import money_text

FAMILY = {"bust": "Bust", "acquisition": "Acquired", "niche_win": "Niche win"}
ANSWER_LINES = 6


def _headline(data: dict[str, Any]) -> str:
    ending = data["ending"]
    if ending is None:
        played = data["months_played"]
        return (f"Unfinished: {data['company']} has played {played} month"
                f"{'' if played == 1 else 's'} of {data['world']['horizon']} (now "
                f"{data['date']}); this debrief covers the months played.")
    return (f"{FAMILY[ending['family']]}: {ending['title']}, month {ending['month']} "
            f"({ending['date']}), grade {ending['grade']} ({ending['score']:g}/100)")


def _world_lines(data: dict[str, Any]) -> list[str]:
    world, card = data["world"], data["card"]
    lines = [f"Scenario: {world['scenario_title']} ({world['scenario']}), seed {world['seed']}, "
             f"from {world['start']}, {world['horizon']} months",
             "Packs: " + ", ".join(f"{p['id']} {p['version']} ({p['digest'][:8]})"
                                   for p in world["packs"])]
    if card:
        title = card.get("title") or "untitled"
        section = f", section {card['section']}" if card.get("section") else ""
        lines.append(f"Class card: {title} (card {card.get('digest', '')}{section})"
                     + (f", due {card['deadline']}" if card.get("deadline") else ""))
        for difference in card.get("differs") or []:
            lines.append(f"NOT THE CARD'S WORLD: {difference}")
    return lines


def _facts(data: dict[str, Any]) -> str:
    f = data["facts"]
    text = (f"Raised {money_text(f['raised'])}; founders own {f['ownership']:.0f}%; "
            f"cash {money_text(f['cash'])}; revenue {money_text(f['revenue'])} and burn "
            f"{money_text(f['burn'])} a month")
    if f["exit_price"]:
        text += f"; sold for {money_text(f['exit_price'])}"
    return text


def _series_rows(data: dict[str, Any]) -> list[tuple[int, ...]]:
    s = data["series"]
    months = s["month"]
    step = max(1, len(months) // 12)
    picked = sorted(set(range(0, len(months), step)) | ({len(months) - 1} if months else set()))
    return [tuple(round(s[k][i]) for k in ("month", "cash", "revenue", "burn", "cap_avg",
                                           "frontier_avg", "open_best_avg")) for i in picked]


def _sentence(text: str) -> str:
    """Text that ends as a sentence does, to quote before another sentence."""
    return text if text[-1:] in ".!?" else text + "."


# --- Markdown ---------------------------------------------------------------------------------

def markdown(data: dict[str, Any]) -> str:
    """The debrief as Markdown, for a learning platform or a word processor."""
    out = [f"# Debrief: {data['company']}", "", f"**{_headline(data)}**", ""]
    out += [f"- {line}" for line in _world_lines(data)] + [f"- {_facts(data)}", ""]
    ending = data["ending"]
    if ending:
        out += [ending["text"], "", "## How the grade was computed", "",
                ending["grading"]["explained"], "",
                f"Score formula: `{ending['grading']['formula']}`", ""]
    out += ["## What mattered most" + ("" if ending else " so far"), ""]
    out += [f"- {c['text']}" for c in data["causes"]] or ["- Nothing yet."]
    out += ["", "## Timeline", ""]
    out += [f"- Month {t['month']} ({t['date']}), {t['type']}: {t['text']}"
            for t in data["timeline"]] or ["- No decisions yet."]
    out += ["", "## The numbers, month by month", "",
            "| month | cash $k | revenue $k | burn $k | you | frontier | best open |",
            "|---:|---:|---:|---:|---:|---:|---:|"]
    out += ["| " + " | ".join(str(v) for v in row) + " |" for row in _series_rows(data)]
    out += ["", "Capability is the scorecard average (0-100).", "",
            f"## Capability by domain {'at the end' if data['ending'] else 'now'}", "",
            "| domain | you | frontier | best open |", "|---|---:|---:|---:|"]
    out += [f"| {d['name']} | {d['you']:.0f} | {d['frontier']:.0f} | {d['open_best']:.0f} |"
            for d in data["domains"]]
    out += ["", "## Events met", ""]
    for event in data["events"]:
        out += [f"- **{event['title']}** (month {event['month']}): you chose "
                f"\"{_sentence(event['choice_text'])}\" {event['result']}"]
    if not data["events"]:
        out.append("- None.")
    out += ["", "## The real history behind it", ""]
    out += [f"- *{note['name']}* ({note['kind']}): {note['text']}"
            for note in data["background"]] or ["- No background notes in these packs."]
    out += ["", "## The essay's claims in this game", ""]
    for claim in data["claims"]:
        out.append(f"- **{claim['claim']}** {claim['mechanic']}")
        out += [f"  - month {m['month']}: {m['text']}" for m in claim["moments"]] \
            or ["  - This game did not show it."]
    if data["bots"]:
        out += ["", "## The strategy bots on the same world", "",
                "| strategy | ending | month | grade |", "|---|---|---:|---|"]
        out += [f"| {b['policy']} | {FAMILY[b['family']]}: {b['title']} | {b['month']} | "
                f"{b['grade']} ({b['score']:g}) |" for b in data["bots"]]
    out += ["", "## Reflection", ""]
    for number, prompt in enumerate(data["prompts"], 1):
        out += [f"{number}. {prompt['text']}", "", "   Answer:", "", "   ", ""]
    return "\n".join(out).rstrip() + "\n"


# --- HTML -------------------------------------------------------------------------------------

CSS = """
body { font-family: Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       color: #111; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem;
  border-bottom: 1px solid #999; break-after: avoid; }
.headline { font-weight: bold; font-size: 1.05rem; } .warn { font-weight: bold; }
table { border-collapse: collapse; font-size: .9rem; } td, th { border: 1px solid #bbb;
  padding: .15rem .4rem; } td.n { text-align: right; }
svg { max-width: 100%; height: auto; display: block; margin: .6rem 0; break-inside: avoid; }
.answer { border: 1px solid #999; min-height: 7rem; margin: .3rem 0 1rem; }
.muted { color: #555; } li { margin: .15rem 0; }
@media print { body { margin: 0; max-width: none; } a { color: #111; } }
"""


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def html(data: dict[str, Any]) -> str:
    """The debrief as one HTML page with inline SVG charts: printable, nothing fetched."""
    e = escape
    ending = data["ending"]
    body = [f"<h1>Debrief: {e(data['company'])}</h1>",
            f'<p class="headline">{e(_headline(data))}</p>']
    world = []
    for line in _world_lines(data):
        css = ' class="warn"' if line.startswith("NOT THE") else ""
        world.append(f"<span{css}>{e(line)}</span>")
    body.append(_list(world + [e(_facts(data))]))
    if ending:
        grading = ending["grading"]
        body += [f"<p>{e(ending['text'])}</p>", "<h2>How the grade was computed</h2>",
                 f"<p>{e(grading['explained'])}</p>",
                 f"<p class=\"muted\">Score formula: <code>{e(grading['formula'])}</code></p>"]
    body.append(f"<h2>What mattered most{'' if ending else ' so far'}</h2>")
    body.append(_list([e(c["text"]) for c in data["causes"]] or ["Nothing yet."]))
    body.append("<h2>Charts</h2>")
    s = data["series"]
    body.append(charts.line_chart("Cash, $k", s["month"], [("cash", s["cash"])], unit="$k"))
    body.append(charts.line_chart("Revenue and burn a month, $k", s["month"],
                                  [("revenue", s["revenue"]), ("burn", s["burn"])],
                                  unit="$k"))
    body.append(charts.line_chart("Capability, scorecard average (0-100)", s["month"],
                                  [("you", s["cap_avg"]), ("frontier", s["frontier_avg"]),
                                   ("best open", s["open_best_avg"])]))
    body.append(charts.bar_chart(
        f"Capability by domain, month {data['month']}",
        [(d["name"], (d["you"], d["frontier"], d["open_best"])) for d in data["domains"]],
        ("you", "frontier", "best open")))
    body.append("<h2>Timeline</h2>")
    body.append(_list([f"<b>Month {t['month']}</b> ({e(t['date'])}), {e(t['type'])}: "
                       f"{e(t['text'])}" for t in data["timeline"]] or ["No decisions yet."]))
    body.append("<h2>Events met</h2>")
    body.append(_list([f"<b>{e(ev['title'])}</b> (month {ev['month']}): you chose "
                       f"“{e(_sentence(ev['choice_text']))}” {e(ev['result'])}"
                       for ev in data["events"]] or ["None."]))
    body.append("<h2>The real history behind it</h2>")
    body.append(_list([f"<i>{e(n['name'])}</i> ({e(n['kind'])}): {e(n['text'])}"
                       for n in data["background"]] or ["No background notes."]))
    body.append("<h2>The essay's claims in this game</h2>")
    claims = []
    for claim in data["claims"]:
        moments = [f"month {m['month']}: {e(m['text'])}" for m in claim["moments"]] \
            or ['<span class="muted">This game did not show it.</span>']
        claims.append(f"<b>{e(claim['claim'])}</b> {e(claim['mechanic'])}{_list(moments)}")
    body.append(_list(claims))
    if data["bots"]:
        rows = "".join(f"<tr><td>{e(b['policy'])}</td><td>{e(FAMILY[b['family']])}: "
                       f"{e(b['title'])}</td><td class=\"n\">{b['month']}</td>"
                       f"<td>{e(b['grade'])} ({b['score']:g})</td></tr>" for b in data["bots"])
        body += ["<h2>The strategy bots on the same world</h2>",
                 "<table><tr><th>strategy</th><th>ending</th><th>month</th><th>grade</th>"
                 f"</tr>{rows}</table>"]
    body.append("<h2>Reflection</h2><ol>")
    body += [f'<li>{e(p["text"])}<div class="answer"></div></li>' for p in data["prompts"]]
    body.append("</ol>")
    title = f"Debrief: {data['company']}"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{e(title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
