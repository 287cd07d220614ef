"""What is left of a table that failed its schema, so the other checks can still run.

A pack with a wrong type in one field should still hear about every other problem of that
table: an unknown rival in the same scenario, a follow-up to an event that is missing a
title. :func:`validate` returns the validated model, or else a stand-in built from the
table with each broken field replaced by its default (or an empty value), so that the rest
of the loader can check what is there without reporting the same mistake twice.

A stand-in never reaches the engine: a pack with any problem is not loaded.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


def validate(cls: type[M], data: Any) -> tuple[M, list[dict[str, Any]]]:
    """The model and no errors, or a stand-in and pydantic's list of errors."""
    try:
        return cls.model_validate(data), []
    except ValidationError as error:
        errors: list[dict[str, Any]] = [dict(e) for e in error.errors(include_url=False)]
    broken: set[Loc] = {tuple(e["loc"]) for e in errors}
    return _salvage(cls, data, broken, ()), errors


def _salvage(cls: type[M], data: Any, broken: set[Loc], here: Loc) -> M:
    raw = data if isinstance(data, dict) else {}
    values: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        loc = (*here, name)
        if name in raw and loc not in broken:
            values[name] = _value(info.annotation, raw[name], broken, loc)
        elif not info.is_required():
            values[name] = info.get_default(call_default_factory=True)
        else:
            values[name] = _empty(info.annotation)
    return cls.model_construct(**values)


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _value(annotation: Any, raw: Any, broken: set[Loc], loc: Loc) -> Any:
    """``raw`` as the model holds it: nested tables become (possibly stand-in) models."""
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _salvage(annotation, raw, broken, loc)
    origin = get_origin(annotation)
    if origin is list and isinstance(raw, list):
        (item,) = get_args(annotation) or (Any,)
        return [_value(item, value, broken, (*loc, index)) for index, value in enumerate(raw)]
    if origin is dict and isinstance(raw, dict):
        _, item = get_args(annotation) or (Any, Any)
        return {key: _value(item, value, broken, (*loc, key)) for key, value in raw.items()}
    if _is_union(annotation):
        for option in get_args(annotation):
            if option is type(None) and raw is None:
                return None
            model = _unwrap(option)
            if isinstance(model, type) and issubclass(model, BaseModel) and isinstance(raw,
                                                                                        dict):
                return _salvage(model, raw, broken, loc)
    return raw


def _empty(annotation: Any) -> Any:
    """A harmless value of a type, for a required field that is missing or broken."""
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _salvage(annotation, {}, set(), ())
    origin = get_origin(annotation)
    if origin is list:
        return []
    if origin is dict:
        return {}
    if origin is Literal:
        return get_args(annotation)[0]
    if _is_union(annotation):
        options = get_args(annotation)
        return None if type(None) in options else _empty(options[0])
    return {str: "", int: 0, float: 0.0, bool: False}.get(annotation, None)


def model_at(cls: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class of the table at ``loc`` inside a ``cls`` document, if it is one."""
    current: Any = cls
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            if get_origin(current) is not list:
                return None
            current = get_args(current)[0]
            continue
        if _is_union(current):
            models = [o for o in map(_unwrap, get_args(current))
                      if isinstance(o, type) and issubclass(o, BaseModel)]
            current = models[0] if models else None
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = info.annotation
    current = _unwrap(current)
    if _is_union(current):
        models = [o for o in map(_unwrap, get_args(current))
                  if isinstance(o, type) and issubclass(o, BaseModel)]
        current = models[0] if models else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The choice most like ``word``, if any is close enough to be a likely misspelling."""
    found = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return found[0] if found else None
