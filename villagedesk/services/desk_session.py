"""Opening the desk a person works on: how the command line and the window both start.

Apart from services/session.py (the `Session` every service takes) because setting up a
demo desk needs services/desk.py, which itself takes a `Session`: here, above both, there
is no import circle. Neither the CLI nor the window needs to know where the data folder is
found (services.session.resolve_data_dir: --data-dir, portable mode, the user data
directory) or how the file is opened and checked.
"""

from __future__ import annotations

from pathlib import Path

from villagedesk.services.session import Session, resolve_data_dir


def open_session(data_dir: Path | str | None = None, *, demo: bool = False, read_only: bool = False) -> Session:
    """The desk in `data_dir` (None: the default folder, `resolve_data_dir`). `demo`: the demo
    desk, set up with the demo office and catalogues the first time it is opened (never in a
    real office's folder: `resolve_data_dir` gives the demo its own). `read_only`: nothing is
    written, not even the set-up of a demo desk or the removal of leftover temp files (an
    auditor looking at a copy); a desk that needs a schema upgrade is refused."""
    session = Session(resolve_data_dir(data_dir, demo=demo), read_only=read_only)
    if demo and not read_only and session.desk() is None:
        from villagedesk.services import desk

        desk.init_demo(session)
    return session
