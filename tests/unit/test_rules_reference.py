"""Every setting of rules.toml is explained in the authors' reference."""

from __future__ import annotations

from typing import get_args

from pydantic import BaseModel

from game.content.authoring import reference
from game.content.models import Rules


def rules_models() -> dict[str, type[BaseModel]]:
    """Every table model of ``rules.toml`` by its path: ``costs``, ``training.sizes.NAME`` ..."""
    found: dict[str, type[BaseModel]] = {}
    waiting: list[tuple[str, type[BaseModel]]] = [("", Rules)]
    while waiting:
        path, model = waiting.pop()
        found[path] = model
        for name, info in model.model_fields.items():
            inner = info.annotation
            if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
                args = get_args(inner)
                inner = args[1] if len(args) == 2 else None
                name += ".NAME"
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                waiting.append((f"{path}.{name}".strip("."), inner))
    return found


def test_every_rules_field_has_a_description_and_a_row() -> None:
    models = rules_models()
    assert {"costs", "training.sizes.NAME", "release.NAME"} <= set(models)
    text = reference()
    missing = [f"{path}.{name}" for path, model in models.items() if path
               for name, info in model.model_fields.items() if not info.description]
    assert missing == []
    for path in models:
        if path:
            assert f"### `[{path}]`" in text
