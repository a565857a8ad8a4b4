"""Render the counter window's main states to PNG: `python scripts/render_states.py [DIR]`.

The same as `pos-app --render-states DIR`; DIR defaults to docs/screenshots.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pos_app.app import main

if __name__ == "__main__":
    target = (
        sys.argv[1]
        if len(sys.argv) > 1
        else str(Path(__file__).resolve().parent.parent / "docs" / "screenshots")
    )
    sys.exit(main(["--render-states", target, *sys.argv[2:]]))
