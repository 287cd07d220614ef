"""The rules engine: game state, the month loop, decisions and endings.

Nothing in this package imports textual or rich, nor the pack readers (tomli, pydantic): the
packs reach it compiled, as the types in :mod:`game.engine.content`.
"""
