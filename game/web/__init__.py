"""Moat in a browser: ``moat serve`` runs one game process per student behind a web page."""
