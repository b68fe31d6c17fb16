"""The dialog for an unexpected error: what happened, in Chinese, and a button that saves a
report (core/crash_report.py, ID numbers and names masked) the clerk can send.

Why a dialog of its own rather than a message box: the clerk needs something to hand to
whoever maintains the desk, and a traceback in a message box is both unreadable and
unmasked. The dialog is shown without modality (unlike the other dialogs, which use
`open()`): the window behind it stays usable at once, and the clerk can finish the work in
hand and save the report afterwards; as a child of the window it stays on top of it. While
one is showing, further errors are only logged (an error in a paint event would otherwise
stack up dialogs without end).

`install()` makes it the answer to every unexpected error: as sys.excepthook (exceptions
Qt hands to Python from an unguarded slot or virtual method) and as the hook
ui/common.report_error calls for a guarded slot.
"""

from __future__ import annotations

import platform
import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QThread
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from villagedesk.core import crash_report
from villagedesk.ui import common

_open_dialog: CrashDialog | None = None
_previous_hook = None


def _known_names() -> list[str]:
    """Names the window currently shows in fields meant for people (applicant, handler…):
    masked in the report wherever they appear, even without a label before them."""
    names: list[str] = []
    app = QApplication.instance()
    if app is None:
        return names
    for top in app.topLevelWidgets():
        for edit in top.findChildren(QLineEdit):
            key = (edit.objectName() or "").lower()
            if any(word in key for word in ("applicant", "name", "handler", "holder")):
                text = edit.text().strip()
                if 2 <= len(text) <= 20:
                    names.append(text)
    return names


def report_text(exc: BaseException, *, where: str = "", names=()) -> str:
    """The report for `exc` on this PC now (the pure part is core.crash_report.build_report)."""
    import PySide6
    from PySide6.QtCore import qVersion

    from villagedesk import __version__, error_log

    return crash_report.build_report(
        exc, version=__version__, platform=platform.platform(), python=sys.version.split()[0],
        qt=f"{qVersion()}（PySide6 {PySide6.__version__}）",
        log_lines=error_log.read_log_tail(error_log.log_path()), when=datetime.now(),
        names=list(names) + _known_names(), where=where)


class CrashDialog(QDialog):
    """Says that something went wrong, that the window can still be used, and offers the report."""

    def __init__(self, exc: BaseException, parent: QWidget | None = None, where: str = ""):
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(common.app_title())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report = report_text(exc, where=where)
        self.saved_path: Path | None = None
        layout = QVBoxLayout(self)
        head = QLabel(self.tr("程序出现了意外问题，刚才的操作可能没有完成。"))
        head.setObjectName("crashHead")
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        layout.addWidget(head)
        self.what = QLabel(self.tr("问题：{summary}").format(summary=crash_report.summary(exc, _known_names())))
        self.what.setObjectName("crashSummary")
        self.what.setWordWrap(True)
        self.what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.what)
        advice = QLabel(self.tr("窗口可以继续使用；已保存的数据不受影响。请点“保存错误报告…”，把报告文件发给维护人员"
                                "（报告中的身份证号码和姓名已隐去）。"))
        advice.setWordWrap(True)
        layout.addWidget(advice)
        self.status = QLabel("")
        self.status.setObjectName("crashStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("保存错误报告…"))
        self.save_button.setObjectName("primary")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.choose_file)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
        common.plain_text_labels(self)  # names, paths and messages shown as they are (ui/common.py)

    def default_path(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        return Path(folder) / crash_report.default_file_name(datetime.now())

    @common.guarded
    def choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存错误报告"), str(self.default_path()),
                                              self.tr("文本文件 (*.txt)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> Path | None:
        """Write the report (UTF-8 with BOM, CRLF: Notepad on an old Windows opens it right)."""
        if path.suffix.lower() != ".txt":
            path = path.with_name(path.name + ".txt")
        try:
            with open(path, "w", encoding="utf-8-sig", newline="\r\n") as handle:
                handle.write(self.report)
        except OSError as exc:
            common.log.warning("the error report could not be saved: %s", exc)
            self.status.setText(self.tr("报告未能保存：{reason}。请换一个文件夹（如桌面）再试。").format(
                reason=exc.strerror or type(exc).__name__))
            return None
        self.saved_path = path
        self.status.setText(self.tr("报告已保存到 {path}").format(path=path))
        return path

    def show_error(self, text: str) -> None:  # report_error's target when saving goes wrong
        self.status.setText(text)


def show_crash(owner: object, exc: BaseException) -> CrashDialog | None:
    """Open the dialog for `exc` over the window `owner` belongs to (the error is already
    logged); None when one is already showing."""
    global _open_dialog
    if _open_dialog is not None:
        try:
            if _open_dialog.isVisible():
                return None
        except RuntimeError:  # its C++ side was deleted when it closed
            pass
        _open_dialog = None
    parent = owner.window() if isinstance(owner, QWidget) else QApplication.activeWindow()
    dialog = CrashDialog(exc, parent, where=type(owner).__name__ if owner is not None else "")
    dialog.finished.connect(_forget)
    _open_dialog = dialog
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.show()
    dialog.raise_()
    return dialog


def _forget(*_args) -> None:
    global _open_dialog
    _open_dialog = None


def excepthook(exc_type, exc, tb):
    """sys.excepthook while the window runs: log the error, show the dialog, keep running."""
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    common.log.error("unhandled exception", exc_info=(exc_type, exc, tb))
    if exc is None:
        exc = exc_type()
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return  # raised in a worker thread: widgets belong to the GUI thread; it is logged
    try:
        show_crash(None, exc)
    except Exception:  # the dialog itself failed: the error is logged, keep the window alive
        common.log.exception("could not show the crash dialog")


def install() -> None:
    """Route unexpected errors to the dialog (undo with `uninstall`)."""
    global _previous_hook
    if sys.excepthook is not excepthook:
        _previous_hook = sys.excepthook
        sys.excepthook = excepthook
    common.ON_UNEXPECTED = show_crash


def uninstall() -> None:
    global _previous_hook
    if sys.excepthook is excepthook:
        sys.excepthook = _previous_hook or sys.__excepthook__
    _previous_hook = None
    if getattr(common, "ON_UNEXPECTED", None) is show_crash:
        common.ON_UNEXPECTED = None
