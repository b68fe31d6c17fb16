"""Where a desk's data lives: --data-dir, then portable mode, then the user data directory.

Portable mode (a USB stick): a file named `villagedesk-portable` beside the executable
(or the project checkout when run from source) puts the data in `data/` next to it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "VillageDesk"
PORTABLE_MARKER = "villagedesk-portable"


def program_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def is_portable() -> bool:
    """The program runs from a USB stick with its data beside it (the desk travels with it)."""
    return (program_dir() / PORTABLE_MARKER).exists()


def default_data_dir(demo: bool = False) -> Path:
    env = os.environ.get("VILLAGEDESK_DATA_DIR")
    if env:
        base = Path(env)
    elif is_portable():
        base = program_dir() / "data"
    else:
        from platformdirs import user_data_dir

        base = Path(user_data_dir(APP_NAME, appauthor=False))
    return base / "demo" if demo else base


def resolve_data_dir(data_dir: str | os.PathLike | None, demo: bool = False) -> Path:
    return Path(data_dir).expanduser() if data_dir else default_data_dir(demo)
