"""Where Comptoir keeps its files on this computer.

The directories follow the platform's conventions through `QStandardPaths`, which names them
after the application and organization names: `pos-app` and the bootstrap
(`pos_app.asyncqt.bootstrap`) set both to "Comptoir" before anything asks for a path.
`COMPTOIR_DATA_DIR` overrides the location (tests, portable installs, several counters on one
development machine).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths

#: The organization and application names given to Qt (they name the directories).
ORGANIZATION = "Comptoir"
APPLICATION = "Comptoir"


def data_dir() -> Path:
    """The application's data directory, created on demand."""
    override = os.environ.get("COMPTOIR_DATA_DIR")
    if override:
        path = Path(override)
    else:
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        if not location:
            raise OSError("This platform reports no writable application data directory")
        path = Path(location)
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """The directory of the rotating log files, created on demand."""
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
