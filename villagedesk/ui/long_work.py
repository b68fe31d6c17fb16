"""The one way the window runs long work: off the UI thread, with busy state, progress,
cancel, and the result or the error handed back on the UI thread.

Why one runner (issue #10 item 4): five pages each had their own thread plumbing, each with
its own way to forget to re-enable a button or to drop an error, and some writes (void,
printing the catalogue, settings) ran on the UI thread and froze the window on a slow disk.
In the spirit of Anki's `CollectionOp`/`QueryOp` (qt/aqt/operations/): a page says *what*
to do and what to do with the answer; the runner does the rest, the same way every time.

    run_op(page, lambda progress: …, on_success=page.done, busy=[button], label="正在导出台账")
    desk_op(page, data_dir, lambda session, progress: service(session, …), on_success=…)

- `work(progress)` runs on a worker thread (a QThreadPool of our own). It must not touch
  widgets. `desk_op` opens a Session of its own there: SQLite connections belong to the
  thread that opened them, so the page's session is never used off the UI thread.
- `progress(done, total, text)` reports how far it is (a service's `progress(stage,
  fraction)` works as well) and raises `core.errors.Cancelled` once the clerk pressed 取消;
  the UI thread hears it in the progress dialog, the `status` line and `on_progress`.
- The busy state (the `busy` widgets disabled, a busy cursor over the parent, "正在…" in
  `status`) is set at once and always cleared — after success, failure and cancel alike —
  *before* the callbacks run, so a callback may start the next piece of work.
- The answer comes back by a queued Qt signal: `on_success(result)` on the UI thread.
  A failure goes to `on_failure(exc)` if given, else to `common.report_error`: a UserError
  (and a machine fault, core.errors.system_error) shows its Chinese text, anything else is
  logged and shown as the app shows any unexpected error. A cancel goes to `on_cancel`, else
  its text to `status` (else the failure path). Nothing is dropped silently, nothing reaches Qt.
- A callback whose parent widget was destroyed meanwhile is not called (logged instead).
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from villagedesk.core.errors import Cancelled, UserError
from villagedesk.ui.common import log, plain_text_labels, report_error, translate

try:  # whether a widget's C++ side still exists
    from shiboken6 import isValid as _alive
except ImportError:  # pragma: no cover - shiboken6 ships with PySide6
    def _alive(obj) -> bool:
        return obj is not None

PROGRESS_DELAY_MS = 500  # quicker work (a certificate: ~10 ms) never flashes a dialog
PROGRESS_EVERY_S = 0.05  # progress reports reach the UI thread at most 20 times a second
PROGRESS_STEPS = 1000  # the dialog's range when the work reports fractions

_POOL: QThreadPool | None = None
_RUNNING: set[LongWork] = set()  # kept alive until their answer has been delivered


def pool() -> QThreadPool:
    """The runner's own threads: waiting for them at closing never waits for Qt's others."""
    global _POOL
    if _POOL is None:
        from PySide6.QtCore import QCoreApplication

        # owned by the application, so it goes with it and never outlives Qt at exit
        _POOL = QThreadPool(QCoreApplication.instance())
        _POOL.setMaxThreadCount(4)
        _POOL.setExpiryTimeout(30_000)
    return _POOL


class Progress:
    """What the work calls to say how far it is; raises `Cancelled` once the clerk cancelled.

    Both conventions of the services are understood: `progress(done, total, text)` and
    `progress(stage, fraction)` (services/catalogue.import_catalogue, services/backup)."""

    def __init__(self, job: LongWork):
        self._job = job
        self._last = 0.0
        self._text = ""

    @property
    def cancelled(self) -> bool:
        return self._job.cancelled

    def check(self) -> None:
        """Raise `Cancelled` if the clerk cancelled (call it between steps)."""
        if self._job.cancelled:
            raise Cancelled()

    def __call__(self, done: Any = 0, total: Any = None, text: str = "") -> None:
        self.check()
        if isinstance(done, str):  # (stage, fraction)
            text, fraction = done, float(total or 0.0)
            done, total = round(fraction * PROGRESS_STEPS), PROGRESS_STEPS
        now = time.monotonic()
        final = total is not None and done is not None and done >= total
        if not final and text == self._text and now - self._last < PROGRESS_EVERY_S:
            return  # a new stage is always told; steps within one at most 20 times a second
        self._last, self._text = now, text
        self._job._report(float(done or 0), float(total) if total else 0.0, str(text or ""))


class _Runnable(QRunnable):
    def __init__(self, job: LongWork):
        super().__init__()
        self.setAutoDelete(True)
        self._job = job

    def run(self) -> None:
        self._job._execute()


class LongWork(QObject):
    """One piece of long work in flight: the handle `run_op` returns.

    `cancel()` asks the work to stop (at its next progress call); `is_running()` is true until
    the answer was delivered; `wait()` blocks until the work function has returned (closing
    the window, tests) — the answer is still delivered by the event loop afterwards."""

    _progressed = Signal(float, float, str)
    _ended = Signal(bool, object)
    finished = Signal()  # after the busy state was cleared and the callback ran

    def __init__(self, parent: QWidget | None, work: Callable[[Progress], Any], *, on_success=None,
                 on_failure=None, on_cancel=None, on_progress=None, progress: bool = True,
                 cancellable: bool = False, busy: Iterable[QWidget] = (), label: str = "", status=None):
        super().__init__()  # no Qt parent: it must outlive a page closed while it runs
        self.parent_widget = parent
        self.work = work
        self.label = label
        self.cancellable = cancellable
        self._on_success, self._on_failure, self._on_cancel = on_success, on_failure, on_cancel
        self._on_progress_callback = on_progress
        self._show_progress = progress
        self._busy = [w for w in busy if w is not None]
        self._status = status
        self.cancelled = False
        self.worker_thread: int | None = None  # threading.get_ident() of the worker (tests)
        self._returned = threading.Event()
        self._delivered = False
        self._was_enabled: list[tuple[QWidget, bool]] = []
        self._cursor_set = False
        self.dialog: QProgressDialog | None = None
        self._last_progress: tuple[float, float, str] = (0.0, 0.0, "")
        self._dialog_timer: QTimer | None = None
        self._progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # ---- on the UI thread ---------------------------------------------------------------

    def start(self) -> LongWork:
        self._set_busy()
        _RUNNING.add(self)
        pool().start(_Runnable(self))
        return self

    def cancel(self) -> None:
        self.cancelled = True

    def is_running(self) -> bool:
        return not self._delivered

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the work function has returned; False on timeout."""
        return self._returned.wait(None if timeout_ms < 0 else timeout_ms / 1000)

    def _set_busy(self) -> None:
        for widget in self._busy:
            if _alive(widget):
                self._was_enabled.append((widget, widget.isEnabled()))
                widget.setEnabled(False)
        parent = self.parent_widget
        if isinstance(parent, QWidget) and _alive(parent):
            count = int(parent.property("_long_work_count") or 0)
            if count == 0:
                parent.setCursor(Qt.CursorShape.BusyCursor)  # the window stays usable: not a wait cursor
            parent.setProperty("_long_work_count", count + 1)
            self._cursor_set = True
        if self.label:
            self._tell(translate("LongWork", "{what}…").format(what=self.label))
        if self._show_progress and isinstance(parent, QWidget) and _alive(parent):
            self._dialog_timer = QTimer()
            self._dialog_timer.setSingleShot(True)
            self._dialog_timer.timeout.connect(self._open_dialog)
            self._dialog_timer.start(PROGRESS_DELAY_MS)

    def _clear_busy(self) -> None:
        if self._dialog_timer is not None:
            self._dialog_timer.stop()
            self._dialog_timer = None
        if self.dialog is not None:
            try:
                if _alive(self.dialog):
                    if self.cancellable:
                        self.dialog.canceled.disconnect(self.cancel)
                    self.dialog.close()
                    self.dialog.deleteLater()
            except (RuntimeError, TypeError):
                pass
            self.dialog = None
        for widget, enabled in self._was_enabled:
            if _alive(widget):
                widget.setEnabled(enabled)
        self._was_enabled = []
        parent = self.parent_widget
        if self._cursor_set and isinstance(parent, QWidget) and _alive(parent):
            count = max(int(parent.property("_long_work_count") or 1) - 1, 0)
            parent.setProperty("_long_work_count", count)
            if count == 0:
                parent.unsetCursor()
        self._cursor_set = False

    def _open_dialog(self) -> None:
        """The progress dialog, once the work has taken longer than a glance."""
        parent = self.parent_widget
        if self._delivered or not (isinstance(parent, QWidget) and _alive(parent)):
            return
        try:
            dialog = QProgressDialog(self.label or translate("LongWork", "正在处理…"),
                                     translate("LongWork", "取消") if self.cancellable else "", 0, 0, parent)
            dialog.setObjectName("longWorkProgress")
            plain_text_labels(dialog)  # its label may name a file or an office
            if not self.cancellable:
                dialog.setCancelButton(None)
            dialog.setWindowTitle(translate("Common", "村务桌面"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if self.cancellable:  # closing the dialog of work that cannot stop only hides it
                dialog.canceled.connect(self.cancel)
            self.dialog = dialog
            dialog.open()
            done, total, text = self._last_progress
            if total > 0 or text:
                self._on_progress(done, total, text, replay=True)
        except Exception:  # a dialog that cannot open must not stop the work
            log.exception("could not show the progress dialog")

    def _on_progress(self, done: float, total: float, text: str, replay: bool = False) -> None:
        self._last_progress = (done, total, text or self._last_progress[2])
        try:
            if self._on_progress_callback is not None and not replay:
                self._on_progress_callback(done, total, text)
            if text:
                shown = text if not self.label or text == self.label else translate(
                    "LongWork", "{what}：{step}").format(what=self.label, step=text)
                self._tell(shown + "…")
            dialog = self.dialog
            if dialog is None or not _alive(dialog):
                return
            if dialog.wasCanceled():
                if self.cancellable:
                    self.cancel()
                return
            if text:
                dialog.setLabelText(shown)
            if total > 0:
                dialog.setMaximum(PROGRESS_STEPS)
                dialog.setValue(min(int(done / total * PROGRESS_STEPS), PROGRESS_STEPS))
        except Exception:  # progress is a courtesy: never let it fail the work
            log.exception("could not show progress")

    def _tell(self, text: str) -> None:
        status = self._status
        if status is None:
            return
        try:
            if isinstance(status, QLabel):
                if _alive(status):
                    status.setText(text)
            else:
                status(text)
        except Exception:
            log.exception("could not show a status line")

    def _deliver(self, ok: bool, value: object) -> None:
        """The answer, on the UI thread: busy state cleared first, then the callback."""
        self._delivered = True
        _RUNNING.discard(self)
        try:
            self._clear_busy()
        except Exception:
            log.exception("could not clear the busy state")
        parent = self.parent_widget
        if parent is not None and not _alive(parent):
            if not ok and not isinstance(value, UserError):
                log.error("background work failed after its page was closed",
                          exc_info=(type(value), value, getattr(value, "__traceback__", None)))
            else:
                log.info("the answer of %r arrived after its page was closed", self.label)
            self._finish()
            return
        try:
            if ok:
                if self.label:
                    self._tell("")
                if self._on_success is not None:
                    self._on_success(value)
            elif isinstance(value, Cancelled):
                if self._on_cancel is not None:
                    self._on_cancel(value)
                elif self._status is not None:
                    self._tell(value.text())
                elif self._on_failure is not None:
                    self._on_failure(value)
                else:
                    report_error(parent, value)
            else:
                if self.label:
                    self._tell(translate("LongWork", "{what}未完成").format(what=self.label))
                if self._on_failure is not None:
                    self._on_failure(value)
                else:
                    report_error(parent, value)
        except Exception as exc:  # a callback is a slot: nothing may reach Qt
            report_error(parent, exc)
        self._finish()

    def _finish(self) -> None:
        try:
            self.finished.emit()
        except RuntimeError:
            pass
        self.deleteLater()

    # ---- on the worker thread -----------------------------------------------------------

    def _report(self, done: float, total: float, text: str) -> None:
        self._progressed.emit(done, total, text)

    def _execute(self) -> None:
        self.worker_thread = threading.get_ident()
        try:
            if self.cancelled:
                raise Cancelled()
            result = self.work(Progress(self))
        except BaseException as exc:  # delivered to the UI thread and shown there
            ok, value = False, exc
            if not isinstance(exc, Exception):  # SystemExit, KeyboardInterrupt: keep the class, show as a fault
                value = RuntimeError(f"{type(exc).__name__}: {exc}")
        else:
            ok, value = True, result
        finally:
            self._returned.set()
        try:
            self._ended.emit(ok, value)
        except RuntimeError:  # the interpreter is shutting down
            pass


def run_op(parent: QWidget | None, work: Callable[[Progress], Any], *, on_success: Callable[[Any], Any] | None = None,
           on_failure: Callable[[BaseException], Any] | None = None, on_cancel: Callable[[Cancelled], Any] | None = None,
           on_progress: Callable[[float, float, str], Any] | None = None, progress: bool = True,
           cancellable: bool = False, busy: Iterable[QWidget] = (), label: str = "",
           status: Callable[[str], Any] | QLabel | None = None) -> LongWork:
    """Run `work(progress)` off the UI thread; see the module's docstring. Returns the handle."""
    return LongWork(parent, work, on_success=on_success, on_failure=on_failure, on_cancel=on_cancel,
                    on_progress=on_progress, progress=progress, cancellable=cancellable, busy=busy, label=label,
                    status=status).start()


def desk_op(parent: QWidget | None, data_dir: Path, work: Callable[..., Any], **options) -> LongWork:
    """`run_op` for work on the desk: `work(session, progress)` gets a Session of its own,
    opened and closed on the worker thread (`work(session)` is accepted too)."""
    from villagedesk.services.session import Session

    data_dir = Path(data_dir)
    wants_progress = _takes_two(work)

    def in_session(progress: Progress):
        with Session(data_dir) as session:
            return work(session, progress) if wants_progress else work(session)

    return run_op(parent, in_session, **options)


def _takes_two(fn) -> bool:
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return True
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return True
    # required positional parameters only: a service's optional second parameter is not `progress`
    return sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
               and p.default is p.empty) >= 2


def belongs_to(job: LongWork, window: QWidget) -> bool:
    """Whether `job` was started from a widget of `window` (still open)."""
    parent = job.parent_widget
    try:
        return isinstance(parent, QWidget) and _alive(parent) and parent.window() is window
    except RuntimeError:
        return False


def running() -> list[LongWork]:
    """The work not yet answered (closing the window waits for it)."""
    return list(_RUNNING)


def wait_all(timeout_ms: int = -1, *, cancel: bool = False) -> bool:
    """Block until every running work function has returned (optionally asking each to stop)."""
    jobs = running()
    if cancel:
        for job in jobs:
            if job.cancellable:
                job.cancel()
    deadline = None if timeout_ms < 0 else time.monotonic() + timeout_ms / 1000
    for job in jobs:
        left = -1 if deadline is None else max(int((deadline - time.monotonic()) * 1000), 0)
        if not job.wait(left):
            return False
    # the runnables themselves finished too (they still deliver the answer after `work` returns)
    left = -1 if deadline is None else max(int((deadline - time.monotonic()) * 1000), 0)
    return pool().waitForDone(left)


def wait_for_answer(job: LongWork, timeout_ms: int = -1) -> bool:
    """Run the event loop until `job`'s answer was delivered (a modal step before the window
    exists, such as restoring a backup at start-up). False on timeout."""
    from PySide6.QtCore import QEventLoop

    if not job.is_running():
        return True
    loop = QEventLoop()
    job.finished.connect(loop.quit)
    if timeout_ms >= 0:
        QTimer.singleShot(timeout_ms, loop.quit)
    if job.is_running():
        loop.exec()
    return not job.is_running()
