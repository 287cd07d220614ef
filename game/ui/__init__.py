"""The terminal interface: a Textual app that owns one game and hands it down to screens."""
