"""The ``moat`` command's entry point.

Bare ``moat`` — what players type most — opens the game without loading the command-line
parser first, so the title screen appears sooner; anything else goes to :mod:`game.cli`.
"""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) == 1:
        from game.ui.app import MoatApp

        app = MoatApp()
        app.run()
        if app.problems or app.error:
            from game.cli import report_app_errors

            report_app_errors(app)
        return
    from game.cli import main as cli

    cli()
