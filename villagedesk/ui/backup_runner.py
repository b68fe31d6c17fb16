"""Backups from the window: the daily one (a timer) and 立即备份, off the UI thread.

One runner per window, so the timer and the button never copy at the same time. The copy
runs through ui/long_work on a Session of its own (services/backup.backup_now, SQLite's
online backup in steps): the window keeps answering while a 1,000,000-entry ledger is
copied. After opening, a database too big for the start-up quick_check gets it here, in the
background (services/backup.background_check). Restoring a backup at start-up (offer_restore)
runs off the UI thread too, the message box waiting for it. Only services are called."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from villagedesk.services import backup
from villagedesk.ui.common import DeskContext, log
from villagedesk.ui.long_work import LongWork, desk_op, run_op, wait_for_answer

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
        self._operation: LongWork | None = None
        self._check: LongWork | None = None
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
        # no dialog and no busy widgets: the daily copy runs unseen; 设置 shows the progress it hears
        self._operation = desk_op(
            None, self.context.data_dir,
            lambda session, progress: backup.backup_now(session, label=label, to=to, progress=progress),
            progress=False, cancellable=True, on_success=self._succeeded, on_failure=self._failed,
            on_progress=self._progress, on_cancel=lambda exc: log.info("backup stopped: %s", exc))
        self._operation.finished.connect(self._ended)
        return True

    def _progress(self, done: float, total: float, _text: str) -> None:
        if total > 0:
            self.progressed.emit(done / total)

    def _succeeded(self, info: dict) -> None:
        self.context.notify("backup")
        self.finished.emit(info)

    def _failed(self, exc: Exception) -> None:
        self.failed.emit(exc)

    def _ended(self) -> None:
        self._operation = None

    def check_in_background(self) -> None:
        """The full quick_check left out at start-up on a big database."""
        try:
            big = backup.needs_background_check(self.context.session)
        except Exception as exc:  # never let the start-up take the window down
            log.warning("background check not started: %s", exc)
            return
        if not big or self._check is not None:
            return
        self._check = desk_op(None, self.context.data_dir, backup.background_check, progress=False,
                              on_success=lambda problem: problem and self.damaged.emit(problem),
                              on_failure=lambda exc: log.warning("background check failed: %s", exc))

    def check_done(self) -> bool:
        return self._check is not None and not self._check.is_running()

    def shutdown(self) -> None:
        """Stop a running backup (its temp file is removed; no backup is left half-written)."""
        self.timer.stop()
        if self._operation is not None:
            self._operation.cancel()
            self._operation.wait()
            self._operation = None
        if self._check is not None:
            self._check.wait()
            self._check = None


def offer_restore(exc, parent=None) -> bool:
    """The window's answer to a damaged desk (services/backup.DamagedDesk): the explanation,
    and when a good backup exists a button to restore it (the damaged file is kept first).
    True when the backup was restored."""
    from PySide6.QtWidgets import QMessageBox

    from villagedesk.core.errors import UserError
    from villagedesk.ui.common import plain_message_box, translate

    good = getattr(exc, "backup", None)
    box = plain_message_box(parent, exc.text(), icon=QMessageBox.Icon.Critical, buttons=QMessageBox.StandardButton.NoButton)
    restore = box.addButton(translate("BackupRunner", "恢复这份备份"), QMessageBox.ButtonRole.AcceptRole) if good else None
    box.addButton(translate("BackupRunner", "关闭"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if restore is None or box.clickedButton() is not restore:
        return False
    # off the UI thread: keeping the damaged file first may copy a large database
    answer: dict = {}
    job = run_op(parent, lambda _progress: backup.restore(exc.data_dir, Path(good["file"])), progress=parent is not None,
                 label=translate("BackupRunner", "正在恢复备份"), on_success=lambda info: answer.update(ok=info),
                 on_failure=lambda failed: answer.update(failed=failed))
    wait_for_answer(job)
    failed = answer.get("failed")
    if failed is not None:
        if not isinstance(failed, UserError):
            log.error("restore failed", exc_info=(type(failed), failed, failed.__traceback__))
        plain_message_box(parent, failed.text() if isinstance(failed, UserError) else str(failed),
                          icon=QMessageBox.Icon.Critical).exec()
        return False
    plain_message_box(parent, translate(
        "BackupRunner", "已恢复备份（台账 {entries} 条），原数据文件已另存在 backups/ 中。请重新打开村务桌面。").format(entries=good["entries"]),
        icon=QMessageBox.Icon.Information).exec()
    return True
