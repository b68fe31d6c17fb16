"""The error log: where the details of an unexpected error go, for the command line and
the window alike.

It lives in the user's own log folder (platformdirs: ~/.local/state/VillageDesk/log on
Linux, %LOCALAPPDATA%\\VillageDesk\\Logs on Windows, whose profile ACL already keeps
other users out), not in the shared temp folder where any local user could read another's
tracebacks (which can quote names and ID numbers) or plant a file in its place. The folder
is created 0700 and the file 0600; the file is rotated at 1 MB, three old ones kept.
VILLAGEDESK_LOG_DIR overrides the folder (tests, a portable install).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_NAME = "villagedesk-error.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
LOG_DIR_ENV = "VILLAGEDESK_LOG_DIR"
_LOGGER = "villagedesk"


def log_dir() -> Path:
    env = os.environ.get(LOG_DIR_ENV)
    if env:
        return Path(env)
    from platformdirs import user_log_dir

    from villagedesk.store.location import APP_NAME

    return Path(user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    return log_dir() / LOG_NAME


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose every file (also after a rotation) is created 0600."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.chmod(self.baseFilename, 0o600)  # a file left by an older version may be 0644
        except OSError:
            pass
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def setup() -> Path | None:
    """Attach the log file to the "villagedesk" logger once; its path, or None when the log
    folder cannot be made (then errors still reach the user, only the details are lost)."""
    path = log_path()
    logger = logging.getLogger(_LOGGER)
    for handler in logger.handlers:
        if isinstance(handler, _PrivateRotatingHandler):
            return Path(handler.baseFilename)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path.parent, 0o700)
        handler = _PrivateRotatingHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    return path


def log_exception(exc: BaseException, message: str = "unexpected error") -> Path | None:
    """Write the traceback of `exc` to the log; the log's path, or None if there is none."""
    path = setup()
    logging.getLogger(_LOGGER).error(message, exc_info=(type(exc), exc, exc.__traceback__))
    return path


LOG_LINES = 80  # the end of the error log that goes into a crash report
MAX_LOG_BYTES = 256 * 1024  # read no more than this from the end of the log file


def read_log_tail(path: Path | None, lines: int = LOG_LINES) -> list[str]:
    """The last `lines` lines of the error log (its rotated predecessor too when the current
    one is short); [] when there is no log or it cannot be read."""
    if path is None:
        return []
    out: list[str] = []
    for candidate in (Path(path), Path(f"{path}.1")):
        try:
            with open(candidate, "rb") as handle:
                handle.seek(0, 2)
                size = handle.tell()
                handle.seek(max(0, size - MAX_LOG_BYTES))
                chunk = handle.read().decode("utf-8", errors="replace").splitlines()
        except OSError:
            continue
        if size > MAX_LOG_BYTES and chunk:
            chunk = chunk[1:]  # the first line was cut in the middle
        out = chunk + out
        if len(out) >= lines:
            break
    return out[-lines:]
