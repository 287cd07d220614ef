"""Tools for pack authors: a new pack that loads as it is, the JSON Schema of the format, and
the reference of every stat, function and field, generated from the code."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel

from game.content.models import (
    Choice,
    Ending,
    EndingList,
    Event,
    EventFile,
    FollowUp,
    Manifest,
    Product,
    ProductList,
    Prompt,
    PromptList,
    Rival,
    RivalEffect,
    RivalList,
    Rules,
    Scenario,
    ScenarioList,
)
from game.engine.expr import FUNCTIONS
from game.engine.grades import bands_text
from game.engine.stats import DOMAIN_STATS, RANGES, STAT_LIST

NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")


class ScaffoldError(ValueError):
    """A pack that cannot be created where asked."""


MANIFEST = """\
# {name}: a Moat content pack. See docs/packs.md for the whole format.
id = "{id}"
name = "{title}"
version = "0.1.0"
description = "Describe what your pack adds to the world."
authors = ["You"]
requires = {{ base = ">=1.0,<2" }}
"""

EVENTS = """\
# Events of the {id} pack. Each [[event]] is one story beat; each [[event.choice]] one answer.
# Ids are local to this pack: other packs see this event as "{id}:first_event".

[[event]]
id = "first_event"
title = "An email from a stranger"
theme = "press"
when = "month >= 2 and hype >= 20"
chance = 0.2
once = true
story = \"\"\"
A journalist you have never heard of writes to {{company}} with a question nobody has asked
you before: what would you do if the free model from the big platform became better than
yours at everything, tomorrow? She wants an answer by Friday, and she is going to publish
whatever you say, or the fact that you said nothing.
\"\"\"

[[event.choice]]
id = "answer_honestly"
text = "Answer honestly: you would specialise, and say in what."
effects = {{ reputation = 3, hype = 2, transparency = 4 }}
result = "The piece calls you the rare founder with a plan; your rivals now know it too."

[[event.choice]]
id = "say_nothing"
text = "Say nothing and keep the plan to yourself."
effects = {{ hype = -3 }}
result = "The article runs without you, and your silence is its last paragraph."
"""

README = """\
# {title}

A content pack for Moat. Load it with:

    moat play --pack path/to/{id}

Check it with `moat pack validate path/to/{id}` and see how its events behave in real
games with `moat pack test path/to/{id} --games 300`.
"""


def scaffold(folder: Path) -> list[Path]:
    """Create a new pack in ``folder`` (its name is the pack id); returns the files made."""
    pack_id = folder.name
    if not NAME.match(pack_id):
        raise ScaffoldError(f"{pack_id!r} cannot be a pack id: use lower-case letters, "
                            "digits and underscores, starting with a letter")
    if folder.exists() and any(folder.iterdir()):
        raise ScaffoldError(f"{folder} already exists and is not empty")
    title = pack_id.replace("_", " ").capitalize()
    files = {
        folder / "pack.toml": MANIFEST.format(id=pack_id, title=title, name=title),
        folder / "events" / "events.toml": EVENTS.format(id=pack_id),
        folder / "README.md": README.format(id=pack_id, title=title),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return list(files)


# -- JSON Schema -------------------------------------------------------------------------------

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "pack": Manifest,
    "events": EventFile,
    "rivals": RivalList,
    "products": ProductList,
    "scenarios": ScenarioList,
    "endings": EndingList,
    "prompts": PromptList,
}
"""Schemas written by ``moat pack schema``: one per kind of file an author writes."""


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each pack file, from the same models the loader uses."""
    out = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        schema["title"] = f"Moat pack: {name} file"
        out[name] = schema
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / f"moat-{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2) + "\n")
        written.append(path)
    return written


# -- the reference -------------------------------------------------------------------------------

def _type_name(schema: dict[str, Any]) -> str:
    """A JSON-Schema type in words: ``text``, ``number``, ``list of text``, ``one of …``."""
    if "anyOf" in schema:
        kinds = [_type_name(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    if "enum" in schema:
        return "one of " + ", ".join(f'`"{v}"`' for v in schema["enum"])
    if "const" in schema:
        return f'`"{schema["const"]}"`'
    if "$ref" in schema:
        return "table (" + str(schema["$ref"]).rsplit("/", 1)[-1] + ")"
    kind = schema.get("type")
    if kind == "array":
        return "list of " + _type_name(schema.get("items", {}))
    if kind == "object":
        return "table of " + _type_name(schema.get("additionalProperties", {})) \
            if isinstance(schema.get("additionalProperties"), dict) else "table"
    names = {"string": "text", "number": "number", "integer": "whole number",
             "boolean": "true/false"}
    return str(names.get(str(kind), "value"))


def _limits(schema: dict[str, Any]) -> str:
    parts = []
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("minItems", "at least"),
                      ("maxItems", "at most"), ("maxLength", "at most")):
        for option in [schema, *schema.get("anyOf", [])]:
            if key in option:
                unit = " items" if "Items" in key else (" characters" if "Length" in key
                                                        else "")
                parts.append(f"{word} {option[key]:g}{unit}")
                break
    return f" ({', '.join(parts)})" if parts else ""


def _fields(model: type[BaseModel]) -> list[str]:
    rows = []
    properties = model.model_json_schema().get("properties", {})
    for name, info in model.model_fields.items():
        required = "required" if info.is_required() else f"default `{info.default!r}`"
        schema = properties.get(name, {})
        kind = _type_name(schema) + _limits(schema)
        text = (info.description or "").replace("\n", " ")
        rows.append(f"| `{name}` | {kind} | {required} | {text} |")
    return rows


def _range_text(name: str) -> str:
    low, high = RANGES.get(name, (float("-inf"), float("inf")))
    if low == float("-inf") and high == float("inf"):
        return "any"
    if high == float("inf"):
        return f"≥ {low:g}"
    return f"{low:g} to {high:g}"


def reference() -> str:
    """The reference part of the authors' docs, generated from the code."""
    lines = [
        "<!-- Generated by `moat pack reference`; do not edit by hand. -->",
        "",
        "# Pack format reference",
        "",
        "## Stats",
        "",
        "Every name an expression can read. *Settable* stats may be changed by a choice's "
        "`effects`. Money is in thousands of dollars.",
        "",
        "| stat | range | settable | meaning |",
        "|---|---|---|---|",
    ]
    for stat in STAT_LIST:
        lines.append(f"| `{stat.name}` | {_range_text(stat.name)} | "
                     f"{'yes' if stat.settable else ''} | {stat.description} |")
    lines += [
        "",
        "Per-domain values an effect may change, written with the domain after a dot and the "
        "key in quotes: " + ", ".join(f'`"{d}.<domain>"`' for d in DOMAIN_STATS) + ".",
        "",
        "## Functions",
        "",
        "| call | gives | meaning |",
        "|---|---|---|",
    ]
    for name, (args, result, text) in FUNCTIONS.items():
        shown = ", ".join(f'"{a}"' if a not in ("num",) else "x" for a in args)
        gives = "number" if result == "num" else "true/false (comparing with 1 also works)"
        lines.append(f"| `{name}({shown})` | {gives} | {text} |")
    lines += [
        "",
        "Operators: `and`, `or`, `not`, `<`, `<=`, `>`, `>=`, `==`, `!=`, `+`, `-`, `*`, `/` "
        "(dividing by zero gives 0), parentheses, numbers, `true`, `false`. Nothing else: no "
        "attribute access, no other calls, at most 400 characters, 200 tokens and 20 levels "
        "of nesting.",
        "",
        "## Text that depends on the state",
        "",
        "An event's `story`, a choice's `text` and `result`, and an ending's `text` may hold "
        "conditional segments, chosen from the state when the text is shown (a result: when "
        "the choice is taken, before its effects):",
        "",
        "| markup | meaning |",
        "|---|---|",
        "| `{company}` | the player's company name |",
        "| `{if condition}` | the text up to the next `{elif}`, `{else}` or `{end}` is shown "
        "only while the condition holds |",
        "| `{elif condition}` | otherwise, the text up to the next tag while this holds |",
        "| `{else}` | otherwise, the text up to `{end}` |",
        "| `{end}` | closes the segment; segments may nest |",
        "",
        "Conditions are expressions as above (no braces inside). The validator reports a "
        "condition that does not compile, a tag without its `{if}` or `{end}`, any other "
        "`{...}`, and a story whose shortest or longest version falls outside "
        "40 to 150 words.",
        "",
    ]
    for title, model in (("`pack.toml`", Manifest), ("`[[event]]`", Event),
                         ("`[[event.choice]]`", Choice), ("`follow_ups` items", FollowUp),
                         ("`rivals` items (in a choice)", RivalEffect),
                         ("`[[rival]]` in rivals.toml", Rival),
                         ("`[[product]]` in products.toml", Product),
                         ("`[[scenario]]` in scenarios.toml", Scenario),
                         ("`[[ending]]` in endings.toml", Ending),
                         ("`[[prompt]]` in prompts.toml", Prompt)):
        lines += [f"## {title}", "", "| field | type | | meaning |", "|---|---|---|---|"]
        lines += _fields(model)
        lines.append("")
    lines += _world() + _rules_reference()
    return "\n".join(lines)


def _world() -> list[str]:
    """What the base pack defines that other packs refer to, and the loader's limits."""
    from game.content.loader import MAX_FILE_BYTES, MAX_FILES, load_content
    from game.content.models import AUTO_CHANCE
    from game.content.packs import base_pack
    from game.engine.expr import MAX_DEPTH, MAX_LENGTH, MAX_TOKENS
    from game.engine.world import _months_since_2023 as months_since_2023

    content = load_content([base_pack()])
    costs = content.rules.costs
    lines = ["## Domains", "", "The scorecard domains of the base pack, for `cap(\"id\")`, "
             "`lead(\"id\")`, a product's `domains` and a rival's `focus`.", "",
             "| id | name |", "|---|---|"]
    lines += [f"| `{d}` | {content.domain_names[d]} |" for d in content.domains]
    lines += ["", "## Compute prices", "",
              f"One compute unit costs {costs.compute_unit:,} ($k) a month at cost index 1.0 "
              f"(2023-01); the index multiplies by {costs.cost_growth_per_year:g} a year, "
              "so the same compute costs more the later a scenario starts:", "",
              "| scenario | start | cost index | one unit a month, $k |", "|---|---|---|---|"]
    for scenario in content.scenarios.values():
        index = round(costs.cost_growth_per_year ** (months_since_2023(scenario.start) / 12), 4)
        lines.append(f"| `{scenario.id}` | {scenario.start} | {index:g} | "
                     f"{costs.compute_unit * index:,.0f} |")
    grades = content.grades
    lines += ["", "## Grades", "",
              "An ending's `score` (0-100) gives its grade by the base pack's bands: "
              + bands_text(grades) + ". A pack replaces them only with `[grades]` and "
              "`overrides = true` in its endings.toml; two packs replacing them differently "
              "conflict.", "",
              "## Files, ids and limits", "",
              "- A pack is a folder whose name is its id (lower-case letters, digits and `_`, "
              "starting with a letter) and the `id` in its `pack.toml`.",
              "- Its top-level files are `pack.toml`, `rivals.toml`, `products.toml`, "
              "`scenarios.toml` and `endings.toml` (only the base pack has `rules.toml`, "
              "`scorecard.toml` and `news.toml`); events go in any `events/*.toml`.",
              "- Ids of events, choices, rivals, products, scenarios and endings: lower-case "
              "letters, digits and `_`, starting with a letter, at most 48 characters.",
              f"- At most {MAX_FILES} files a pack and {MAX_FILE_BYTES:,} bytes a file; files "
              "are UTF-8 (a byte-order mark is ignored).",
              f"- Expressions: at most {MAX_LENGTH} characters, {MAX_TOKENS} tokens and "
              f"{MAX_DEPTH} levels of nesting.",
              "- Numbers are TOML numbers, without quotes: `3`, `-2000`, `0.25`, `1_000`, "
              "`1e3`. A quoted number is text, and a field that wants a number refuses it. "
              "A whole-number field (such as `cash` in a scenario) refuses `1.5`.",
              "- An event's `chance` is a number from 0 to 1, or a target `\"auto(N%)\"` "
              f"(pattern `{AUTO_CHANCE.pattern}`) that `moat pack calibrate` turns into a "
              "number.", ""]
    return lines


def _rules_reference() -> list[str]:
    """Every economy constant of ``rules.toml``, table by table, with the base pack's value."""
    import tomli

    from game.content.packs import base_pack

    shipped = tomli.loads((base_pack() / "rules.toml").read_text())
    lines = ["## `rules.toml` (the base pack only)", "",
             "Every number that shapes the economy. Money is in thousands of dollars a month "
             "unless the meaning says otherwise.", ""]
    named: list[tuple[str, type[BaseModel], list[str]]] = []
    for table, info in Rules.model_fields.items():
        model = info.annotation
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            option = _named_model(info.annotation)
            if option is not None:  # a table of named options, such as [release]
                named.append((table, option, list(shipped.get(table, {}))))
            continue
        values = shipped.get(table, {})
        lines += [f"### `[{table}]`", "", "| key | type | base value | meaning |",
                  "|---|---|---|---|"]
        for row, name in zip(_fields(model), model.model_fields, strict=True):
            value = values.get(name)
            shown = "" if value is None or isinstance(value, dict) else f"`{value!r}`"
            cells = row.split(" | ")
            cells[2] = shown
            lines.append(" | ".join(cells))
            option = _named_model(model.model_fields[name].annotation)
            if option is not None:
                named.append((f"{table}.{name}", option, list(values.get(name, {}))))
        lines.append("")
    for path, option, names in named:
        lines += [f"### `[{path}.NAME]`", "",
                  f"One table for each name; the base pack's: {', '.join(names)}.", "",
                  "| key | type | default | meaning |", "|---|---|---|---|",
                  *_fields(option), ""]
    return lines


def _named_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a table of named tables (``dict[str, Model]``), else None."""
    args = get_args(annotation)
    if len(args) == 2 and isinstance(args[1], type) and issubclass(args[1], BaseModel):
        return args[1]
    return None
