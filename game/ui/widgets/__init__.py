"""Widgets that show the game; they never change it."""
