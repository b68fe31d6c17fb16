"""Which PC holds this desk: a database copied or restored onto a second PC must not write
the same chain as the first (issue #11 item 1, "two desks claiming one stream").

The seat is a digest of the desk id and the PC's own machine id — Windows' MachineGuid, the
systemd/D-Bus machine-id elsewhere — never the raw id, so a backup or a bundle does not carry
it. It is set the first time the desk opens on a PC. A copy opened elsewhere finds another
seat: it may be read, searched and verified, but it signs nothing until the clerk re-enrols
it as a new desk (services/desk_identity.py). Where no machine id can be read the check is
off rather than wrong: a false alarm would stop a clerk from issuing.

The seat guards against a mistake, not a person set on forking the chain (who can edit the
file): that person's second version is caught where the chains meet, at the township
(services/sync.py flags the fork).

In portable mode (store/location.py: the program and its data on a USB stick) the desk is
meant to move between PCs, so the stick is the seat and only the township sees a copied stick.

`VILLAGEDESK_MACHINE_ID` names the machine where the system cannot (a terminal server giving
each clerk their own id, a test playing a second PC)."""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

import sqlite_utils

from villagedesk.core.errors import UserError
from villagedesk.store import location

ENV = "VILLAGEDESK_MACHINE_ID"
PORTABLE = "portable-stick"
_MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))

MOVED = ("本机的数据是从另一台电脑复制或恢复来的：为免两台电脑各写一份同一条台账，已停止签名和出具。"
         "若原来那台电脑已不再使用（更换电脑、从备份恢复），请点窗口底部的“重新登记…”（或用 villagedesk reenrol）"
         "把本机重新登记为新的桌面，再把新密钥报乡镇转县")


def machine_id() -> str | None:
    """This PC's stable id, or None where none can be read."""
    named = os.environ.get(ENV, "").strip()
    if named:
        return named
    if location.is_portable():
        return PORTABLE  # the desk travels on its stick from PC to PC: the stick is its seat
    return _system_machine_id()


@cache
def _system_machine_id() -> str | None:
    """Read once a run: every signature asks (store/key_store.own_signer, ledger_store.appending)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        try:
            import winreg

            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography",
                                0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as key:
                return str(winreg.QueryValueEx(key, "MachineGuid")[0]).strip() or None
        except OSError:
            return None
    for path in _MACHINE_ID_FILES:
        try:
            text = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text:
            return text
    return None


def seat_for(desk_id: str, machine: str) -> str:
    return hashlib.sha256(f"villagedesk-seat\n{desk_id}\n{machine}".encode()).hexdigest()[:32]


def here(desk_id: str) -> str | None:
    """The seat this desk would have on this PC (None: the PC has no readable id)."""
    machine = machine_id()
    return seat_for(desk_id, machine) if machine else None


def state(db: sqlite_utils.Database) -> str:
    """"seated" (this PC holds it), "moved" (another PC does), "free" (not yet seated: set on
    the next write), "unknown" (this PC has no id: not checked), "none" (no desk yet)."""
    row = db.execute("SELECT desk_id, seat FROM desk WHERE id = 1").fetchone()
    if row is None:
        return "none"
    seat = here(row[0])
    if seat is None:
        return "unknown"
    if not row[1]:
        return "free"
    return "seated" if row[1] == seat else "moved"


def claim_if_free(db: sqlite_utils.Database) -> None:
    """Seat a desk that has none (a new desk, a database from before schema v10) on this PC.
    Runs in the caller's transaction."""
    row = db.execute("SELECT desk_id, seat FROM desk WHERE id = 1").fetchone()
    if row is not None and not row[1]:
        seat = here(row[0])
        if seat:
            db.execute("UPDATE desk SET seat = ? WHERE id = 1 AND seat = ''", [seat])


def require_here(db: sqlite_utils.Database) -> None:
    """Refuse to sign on a PC that does not hold the desk (a copied or restored database)."""
    if state(db) == "moved":
        raise UserError(MOVED, where="本机登记")
