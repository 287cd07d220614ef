"""Problems in words an author can act on: TOML syntax errors and schema errors translated.

tomli and pydantic describe what their parsers met ("Illegal character '\\n'", "Extra inputs
are not permitted"); an author needs to know what to write instead.
"""

from __future__ import annotations

import re
from typing import Any

import tomli
from pydantic import BaseModel

from game.content.salvage import closest, model_at

_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)")
MAX_SEARCH_BYTES = 300_000
"""Largest file in which a syntax error reported at the end is traced back to its line."""

_SYNTAX: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Illegal character '\\n'"),
     "this string is not closed: end it with the same quote on this line, or use triple "
     'quotes ("""…""") for text over several lines'),
    (re.compile(r"Illegal character '(.+)'"),
     "the character {0} cannot appear here; in a string, write it as an escape such as "
     "\\u0007, elsewhere remove it"),
    (re.compile(r"Unterminated string"),
     'a string is not closed: end it with the quote it starts with ("""…""" for text over '
     "several lines)"),
    (re.compile(r"""Expected "'"|Expected '"'"""),
     "a string is not closed: end it with the quote it starts with"),
    (re.compile(r"Unescaped '\\\\' in a string"),
     "a backslash in a \"double-quoted\" string starts an escape: write \\\\ for a "
     "backslash, or use 'single quotes'"),
    (re.compile(r"Unclosed inline table"),
     "an { inline table } is not closed: end it with } on the same line"),
    (re.compile(r"Unclosed array"),
     "a [list] is not closed: end it with ]"),
    (re.compile(r"Cannot overwrite a value"),
     "this key is set twice (or is both a value and a table): keep one of them"),
    (re.compile(r"Cannot declare \((.*)\) twice"),
     "this table is declared twice: merge the two, or write [[name]] for a list of tables"),
    (re.compile(r"Expected '=' after a key"),
     "expected = after the key: write key = value (a key with spaces needs quotes)"),
    (re.compile(r"Expected '\]\]' at the end of an array declaration"),
     "this [[table]] header is not closed: end it with ]]"),
    (re.compile(r"Expected '\]' at the end of a table declaration"),
     "this [table] header is not closed: end it with ]"),
    (re.compile(r"Expected newline or end of document after a statement"),
     "unexpected text after a value: one key = value per line; text goes in quotes, and "
     "numbers have no leading zeros"),
    (re.compile(r"Invalid value"),
     'expected a value: a number, true or false, "text in quotes", a [list] or an '
     "{ inline table }"),
    (re.compile(r"Invalid statement"),
     "expected key = value, a [table] or a [[table]] header at the start of this line"),
    (re.compile(r"Invalid initial character for a key part"),
     "a key must start with a letter, digit, _ or -, or be in quotes"),
]


def syntax_problem(error: tomli.TOMLDecodeError, text: str) -> tuple[int, int, str]:
    """Line, column and what to do about a TOML syntax error in ``text``."""
    raw = str(error)
    match = _TOML_POSITION.search(raw)
    original = _TOML_POSITION.sub("", raw).strip()
    if match and match[1]:
        line, column = int(match[1]), int(match[2])
    else:
        line, column = _trace_back(text, original), 1
    if original == "Cannot overwrite a value":
        column = 1  # tomli points past the value; the key that repeats starts the line
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if original == "Invalid statement" and re.match(r"\s*[A-Za-z0-9_\"'.-]+\s*:", here):
        return line, column, "write key = value: TOML uses =, not :"
    if original.startswith("Expected '=' after a key") and ":" in here and "=" not in here:
        return line, column, "write key = value: TOML uses =, not :"
    for pattern, advice in _SYNTAX:
        found = pattern.search(original)
        if found:
            return line, column, advice.replace("{0}", found[1] if found.groups() else "")
    return line, column, original


def _trace_back(text: str, original: str) -> int:
    """The line where a construct left open (reported at the end of the file) starts.

    That is the first line after the longest run of lines that parses on its own.
    """
    lines = text.split("\n")
    if len(text) > MAX_SEARCH_BYTES:
        return len(lines)
    for end in range(len(lines) - 1, -1, -1):
        try:
            tomli.loads("\n".join(lines[:end]))
        except tomli.TOMLDecodeError:
            continue
        return min(end + 1, len(lines))
    return 1


_TYPES = {
    "string_type": "should be text in quotes",
    "int_type": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "bool_type": "should be true or false",
    "list_type": "should be a list: [a, b] for values, or [[name]] tables",
    "dict_type": "should be a table: { key = value } or a [name] header",
    "model_type": "should be a table: { key = value } or a [name] header",
    "model_attributes_type": "should be a table: { key = value } or a [name] header",
}

_PATTERNS = {
    r"^[a-z][a-z0-9_]{0,47}$": "should be an id: a lower-case letter, then lower-case "
                               "letters, digits or _, at most 48 characters",
    r"^\d{4}-(0[1-9]|1[0-2])$": "should be a month, written YYYY-MM (2024-03)",
    r"^\d+\.\d+(\.\d+)?$": "should be a version such as 1.0 or 1.2.3",
    r"^([a-z][a-z0-9_]*:)?[a-z][a-z0-9_]*$": "should be an event id: 'id' for one of this "
                                            "pack's, 'pack:id' for another pack's",
}


def schema_messages(errors: list[dict[str, Any]], root: type[BaseModel],
                    data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Each pydantic error as a path and a message an author can act on.

    A misspelled key of a required field is one mistake, not two: the "required but
    missing" of the field it suggests is folded into the unknown key's message.
    """
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    folded: set[tuple[str | int, ...]] = set()
    out: list[tuple[tuple[str | int, ...], str]] = []
    for item in errors:
        loc = tuple(item["loc"])
        if item["type"] == "extra_forbidden":
            near = _near_field(root, data, loc)
            required = False
            if near is not None and (*loc[:-1], near) in missing:
                required = True
                folded.add((*loc[:-1], near))
            what = "table" if len(loc) == 1 and _is_table(item.get("input")) else "key"
            hint = f" — did you mean {near!r}?" if near else ""
            note = " (it is required)" if required else ""
            out.append((loc, f"unknown {what} {loc[-1]!r}{hint}{note}"))
    for item in errors:
        loc = tuple(item["loc"])
        if item["type"] != "extra_forbidden" and loc not in folded:
            out.append((loc, schema_message(item)))
    return out


def _near_field(root: type[BaseModel], data: Any, loc: tuple[str | int, ...]) -> str | None:
    owner = model_at(root, loc[:-1])
    if owner is None:
        return None
    return closest(str(loc[-1]), [f for f in owner.model_fields if f not in _given(data, loc)])


def schema_message(item: dict[str, Any]) -> str:
    """One pydantic error (other than an unknown key) in words."""
    kind = item["type"]
    if kind == "missing":
        return "required but missing"
    if kind in _TYPES:
        given = item.get("input")
        unquote = " (without quotes)" if isinstance(given, str) else ""
        return f"{_TYPES[kind]}{unquote}, not {_shown(given)}"
    if kind == "string_pattern_mismatch":
        pattern = str((item.get("ctx") or {}).get("pattern", ""))
        if pattern in _PATTERNS:
            return f"{_PATTERNS[pattern]}, not {_shown(item.get('input'))}"
    return str(item["msg"]).removeprefix("Value error, ")


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and bool(value)
                                       and all(isinstance(v, dict) for v in value))


def _given(data: Any, loc: tuple[str | int, ...]) -> set[str]:
    """Keys already present beside the unknown one (not suggested again)."""
    current = data
    for part in loc[:-1]:
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            return set()
    return set(current) if isinstance(current, dict) else set()


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 30 else value[:27] + "…"
        return f"{text!r}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)
