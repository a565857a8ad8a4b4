"""PyInstaller entry point of `pos-app-simulator` (the same as its console script)."""

import sys

from pos_app.simulator.cli import main

if __name__ == "__main__":
    sys.exit(main())
