"""Moat: a strategy game and text adventure about running an open-LLM startup."""

__version__ = "0.1.0"
