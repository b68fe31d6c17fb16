"""Files and folders that hold personal data or the signing key are made private to the user.

One place for the creation mode, so every writer gets the same answer: folders 0700, files
0600 (the database and its -wal/-shm, backups, the key file, certificates, receipts, ledger
exports: they carry full ID numbers). On Windows the mode bits mean little; there the data
folder sits in the user's profile (platformdirs), whose ACL already admits only that user,
SYSTEM and administrators, and the key file is additionally sealed with DPAPI
(store/key_file.py). Tightening an existing path is best effort: a folder on a FAT USB stick
or a share cannot take modes, and refusing to work there would help nobody.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path | str) -> Path:
    """Create the folder as 0700, and any missing parents too (only folders made here: an
    existing parent the user chose is left as it is); tighten the folder if it exists."""
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        _chmod(folder, DIR_MODE)
    _chmod(path, DIR_MODE)
    return path


def private_file(path: Path | str) -> Path:
    """Tighten an existing file to 0600 (a new one: open it with `create_private`)."""
    path = Path(path)
    if path.exists():
        _chmod(path, FILE_MODE)
    return path


def create_private(path: Path | str, *, exclusive: bool = True) -> int:
    """os.open of a new file as 0600, whatever the umask; returns the descriptor."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC) | getattr(os, "O_BINARY", 0)
    fd = os.open(str(path), flags, FILE_MODE)
    if os.name != "nt":
        os.fchmod(fd, FILE_MODE)
    return fd


def _chmod(path: Path, mode: int) -> None:
    if os.name == "nt":
        return
    try:
        if (path.stat().st_mode & 0o777) != mode:
            os.chmod(path, mode)
    except OSError:
        pass  # not ours, or a file system without modes: see the module docstring
