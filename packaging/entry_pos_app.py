"""PyInstaller entry point of `pos-app` (the same as the `pos-app` console script)."""

import sys

from pos_app.app import main

if __name__ == "__main__":
    sys.exit(main())
