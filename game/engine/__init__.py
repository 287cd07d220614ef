"""The rules engine: game state, the month loop, decisions and endings.

Nothing in this package imports textual or rich.
"""
