"""Saves and replays. Light to import: the app opens the save folder before the rules load."""

FORMAT = "moat-save"
"""The ``format`` field of every save file."""
VERSION = 2
"""The format this game writes. Older ones are upgraded on load; newer ones are refused."""
