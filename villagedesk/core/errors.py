"""Errors and findings that a user reads: Chinese text plus where the fault is."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Problem:
    """One finding about user input; `where` names the sheet, row and column or the field."""

    severity: str  # "error" | "warning"
    message: str
    where: str = ""
    suggestion: str = ""

    def text(self) -> str:
        head = f"{self.where}：{self.message}" if self.where else self.message
        return f"{head}（建议：{self.suggestion}）" if self.suggestion else head

    def to_dict(self) -> dict:
        return asdict(self)


class UserError(Exception):
    """Input the app refuses; the message is for the user and leaves the data untouched."""

    exit_code = 2

    def __init__(self, message: str, *, where: str = "", problems: list[Problem] | None = None):
        self.message = message
        self.where = where
        self.problems = list(problems or [])
        # facts a program needs without reading the message (e.g. the fingerprint to confirm)
        self.details: dict = {}
        super().__init__(self.text())

    def with_details(self, **details) -> UserError:
        """The same error carrying `details` (added to to_dict()), so a caller can raise it in one line."""
        self.details.update(details)
        return self

    def text(self) -> str:
        head = f"{self.where}：{self.message}" if self.where else self.message
        if not self.problems:
            return head
        lines = [head] + [f"  · {p.text()}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  · ……另有 {len(self.problems) - 50} 处问题")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        out: dict = {
            "error": self.message,
            "where": self.where,
            "problems": [p.to_dict() for p in self.problems],
        }
        if self.details:
            out["details"] = dict(self.details)
        return out


class VersionRefused(UserError):
    """An import refused because the installed catalogue is newer or differs at the same version."""


class Cancelled(UserError):
    """The user stopped a long action; like any refusal, nothing was changed."""

    def __init__(self, message: str = "已取消，数据没有改动"):
        super().__init__(message)


class NeedsConfirmation(UserError):
    """Only warnings: the action may go ahead once the user has read and confirmed them."""


@dataclass
class Findings:
    """Errors and warnings collected while checking a whole input before acting on it."""

    items: list[Problem] = field(default_factory=list)

    def error(self, message: str, where: str = "", suggestion: str = "") -> None:
        self.items.append(Problem("error", message, where, suggestion))

    def warning(self, message: str, where: str = "", suggestion: str = "") -> None:
        self.items.append(Problem("warning", message, where, suggestion))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]


# ---- the machine's faults, in plain words ----------------------------------------------
# One place turns what the operating system or SQLite reports into what the clerk can act
# on; the command line (cli.main) and the window (ui/common.report_error) both call it.
# Every one of these happens before or instead of a COMMIT, so the data is unchanged.

DB_LOCKED = "数据库正被另一个程序占用（可能是另一个村务桌面窗口或备份软件），请关闭后重试；数据未改动"
DISK_FULL = "磁盘空间已满，无法保存：请删除不需要的文件、腾出空间后重试；数据未改动"
READ_ONLY = ("数据文件夹只读（可能在光盘、只读共享或写保护的 U 盘上，或没有写入权限），只能查看和核验，不能保存；"
             "数据未改动")
# a file (PDF, export, backup) that failed while being written: the ledger's state is told by
# the command itself, so these say only what happened to the file
DISK_FULL_FILE = "磁盘空间已满，文件没能保存：请删除不需要的文件、腾出空间后重试"
READ_ONLY_FILE = "这个位置只读（光盘、只读共享或写保护的 U 盘），文件没能保存：请换一个文件夹"
NO_ACCESS = "没有权限写入这个位置，文件没能保存：请换一个文件夹或请管理员开放权限"
# SQLITE_CANTOPEN / SQLITE_IOERR: the folder vanished (a USB stick pulled out) or the disk fails
DB_UNREACHABLE = ("无法读写数据文件（数据所在的 U 盘可能已拔出，或磁盘已满、出错）：请插回 U 盘或检查磁盘后重新打开程序；"
                  "正在进行的操作没有完成")


class SystemFault(UserError):
    """A fault of the machine rather than of the input (locked, full, read-only): told plainly."""

    exit_code = 1


def system_error(exc: BaseException) -> SystemFault | None:
    """The plain-words error for a fault of the machine, or None for anything else (a bug)."""
    import errno
    import sqlite3

    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        code = getattr(exc, "sqlite_errorcode", None)
        if "locked" in text or code in (5, 6) or (code or 0) & 0xFF in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
            return SystemFault(DB_LOCKED)
        if "disk is full" in text or (code or 0) & 0xFF == 13:  # SQLITE_FULL
            return SystemFault(DISK_FULL)
        if "readonly" in text or "read-only" in text or (code or 0) & 0xFF == 8:  # SQLITE_READONLY
            return SystemFault(READ_ONLY)
        if "unable to open database" in text or "disk i/o error" in text or (code or 0) & 0xFF in (10, 14):
            return SystemFault(DB_UNREACHABLE)  # SQLITE_IOERR, SQLITE_CANTOPEN
        return None
    if isinstance(exc, OSError):
        where = exc.filename if isinstance(exc.filename, str) else ""
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return SystemFault(DISK_FULL_FILE, where=where)
        if exc.errno == errno.EROFS:
            return SystemFault(READ_ONLY_FILE, where=where)
        if exc.errno in (errno.EACCES, errno.EPERM):
            return SystemFault(NO_ACCESS, where=where)
    return None
