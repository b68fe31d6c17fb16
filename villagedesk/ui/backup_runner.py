"""Backups from the window: the daily one (a timer) and 立即备份, off the UI thread.

One runner per window, so the timer and the button never copy at the same time. The copy
runs in an Operation on a Session of its own (services/backup.backup_now, SQLite's online
backup in steps): the window keeps answering while a 1,000,000-entry ledger is copied.
After opening, a database too big for the start-up quick_check gets it here, in the
background (services/backup.background_check)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from villagedesk.services import backup
from villagedesk.store import backup as backup_store
from villagedesk.ui.common import DeskContext, Operation, log

CHECK_EVERY_MS = 60 * 60 * 1000  # is a daily backup due? asked hourly while the window is open
FIRST_CHECK_MS = 60 * 1000  # and a minute after opening, once the clerk's first task is under way


class BackupRunner(QObject):
    finished = Signal(object)  # the backup's info dict
    failed = Signal(object)  # the exception (a UserError in Chinese)
    progressed = Signal(float)
    damaged = Signal(str)  # the background quick_check found a problem

    def __init__(self, context: DeskContext, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self._operation: Operation | None = None
        self._check: Operation | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.backup_if_due)

    def start_timer(self) -> None:
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.backup_if_due)

    def busy(self) -> bool:
        return self._operation is not None

    def status(self) -> dict:
        return backup.status(self.context.session)

    def backup_if_due(self) -> None:
        try:
            due = self.status()["due"]
        except Exception as exc:  # never let the timer take the window down
            log.warning("backup status unavailable: %s", exc)
            return
        if due:
            self.start("daily")

    def start(self, label: str = "manual", to: Path | None = None) -> bool:
        """Start a backup unless one runs; False when one was already running."""
        if self._operation is not None:
            return False
        operation = Operation(self.context.data_dir,
                              lambda session, report: backup.backup_now(session, label=label, to=to, progress=report),
                              self, with_progress=True)
        operation.progressed.connect(lambda _stage, fraction: self.progressed.emit(fraction))
        operation.succeeded.connect(self._succeeded)
        operation.failed.connect(self._failed)
        operation.finished.connect(self._ended)
        self._operation = operation
        operation.start()
        return True

    def _succeeded(self, info: dict) -> None:
        self.context.notify("backup")
        self.finished.emit(info)

    def _failed(self, exc: Exception) -> None:
        self.failed.emit(exc)

    def _ended(self) -> None:
        operation, self._operation = self._operation, None
        if operation is not None:
            operation.wait()
            operation.deleteLater()

    def check_in_background(self) -> None:
        """The full quick_check left out at start-up on a big database."""
        path = self.context.session.db_path
        try:
            big = path.stat().st_size > backup_store.START_CHECK_MAX
        except OSError:
            return
        if not big or self._check is not None:
            return
        operation = Operation(self.context.data_dir, backup.background_check, self)
        operation.succeeded.connect(lambda problem: problem and self.damaged.emit(problem))
        operation.failed.connect(lambda exc: log.warning("background check failed: %s", exc))
        self._check = operation
        operation.start()

    def shutdown(self) -> None:
        """Stop a running backup (its temp file is removed; no backup is left half-written)."""
        self.timer.stop()
        if self._operation is not None:
            self._operation.cancel()
            self._operation.wait()
            self._ended()
        if self._check is not None:
            self._check.wait()
            self._check = None


def offer_restore(exc, parent=None) -> bool:
    """The window's answer to a damaged desk (services/backup.DamagedDesk): the explanation,
    and when a good backup exists a button to restore it (the damaged file is kept first).
    True when the backup was restored."""
    from PySide6.QtWidgets import QMessageBox

    from villagedesk.core.errors import UserError
    from villagedesk.ui.common import app_title, translate

    good = getattr(exc, "backup", None)
    box = QMessageBox(QMessageBox.Icon.Critical, app_title(), exc.text(), parent=parent)
    restore = box.addButton(translate("BackupRunner", "恢复这份备份"), QMessageBox.ButtonRole.AcceptRole) if good else None
    box.addButton(translate("BackupRunner", "关闭"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if restore is None or box.clickedButton() is not restore:
        return False
    try:
        backup.restore(exc.data_dir, Path(good["file"]))
    except UserError as failed:
        QMessageBox.critical(parent, app_title(), failed.text())
        return False
    QMessageBox.information(parent, app_title(), translate(
        "BackupRunner", "已恢复备份（台账 {entries} 条），原数据文件已另存在 backups/ 中。请重新打开村务桌面。").format(entries=good["entries"]))
    return True
