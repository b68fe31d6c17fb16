"""Start the window: the Qt application, its fonts and language, the desk, the main window.

`run()` is what `villagedesk` (or `villagedesk gui`) calls. Start-up stays light: Qt and
the services are imported here, the pages load their data after the window is shown.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from villagedesk.ui import common

APP_NAME = "村务桌面"  # the application's name for Qt (settings, logs); the window shows it translated
BASE_POINT_SIZE = 11.0
# A system CJK sans reads best on screen; the bundled serif makes sure Chinese renders on
# any PC (a bare Linux box, a stripped-down Windows image) and covers every standard character.
UI_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC")
BUNDLED_FAMILY = "VillageDesk Serif SC"

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT = 0, 1, 2

STYLE_SHEET = """
QMainWindow, QStackedWidget, QWidget#page { background: #ffffff; }
QListWidget#navigation { background: #f3f4f6; border: none; border-right: 1px solid #dadce0; outline: 0; }
QListWidget#navigation::item { padding-left: 14px; color: #202124; border-left: 3px solid transparent; }
QListWidget#navigation::item:hover { background: #eaecef; }
QListWidget#navigation::item:selected { background: #e1e4e8; color: #000000; border-left: 3px solid #5f6368; }
QPushButton#primary { background: #3c4a57; color: #ffffff; border: 1px solid #2d3842; border-radius: 4px; padding: 5px 22px; }
QPushButton#primary:hover { background: #4a5a69; }
QPushButton#primary:pressed { background: #2d3842; }
QPushButton#primary:disabled { background: #b9c0c7; border-color: #b9c0c7; }
QStatusBar { background: #f3f4f6; border-top: 1px solid #dadce0; color: #3c4043; }
QStatusBar::item { border: none; }
QStatusBar QLabel { padding: 2px 8px; }
QHeaderView::section { padding: 3px 8px; background: #f3f4f6; border: none; border-right: 1px solid #dadce0; border-bottom: 1px solid #dadce0; }
QLabel#demoMarker { color: #3c4043; border: 1px solid #9aa0a6; border-radius: 3px; padding: 0px 6px; margin: 2px 8px; background: #ffffff; }
QLabel#fieldError { color: #8c4a00; }
QLabel#pageError { color: #8c4a00; }
QTableWidget::item { padding: 0px 6px; }
QTextBrowser, QPlainTextEdit, QListView, QTableWidget { border: 1px solid #dadce0; }
"""

_bundled_family: str | None = None
_translators: list[QTranslator] = []


def register_bundled_font() -> str | None:
    """Add the bundled TTF to Qt's font database (once); its family name, or None if missing."""
    global _bundled_family
    if _bundled_family is None:
        from villagedesk.resources import MissingResource, font_path

        try:
            path = font_path()
        except MissingResource:  # the window still opens with the system's fonts; printing says what is missing
            path = None
        font_id = QFontDatabase.addApplicationFont(str(path)) if path and path.exists() else -1
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            common.log.error("the bundled font could not be loaded: %s", path)
            return None
        _bundled_family = families[0]
    return _bundled_family


def app_font(scale: float = 1.0) -> QFont:
    bundled = register_bundled_font() or BUNDLED_FAMILY
    families = [f for f in UI_FAMILIES if QFontDatabase.hasFamily(f)] + [bundled]
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(round(BASE_POINT_SIZE * float(scale or 1.0), 2))
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def apply_font_scale(scale: float) -> None:
    """Change the font of the whole application at once (the 设置 page's 字体大小)."""
    app = QApplication.instance()
    app.setFont(app_font(scale))
    # Widgets polished by the style sheet keep the font they had; repolishing them all
    # makes the new size reach every widget that is already on screen.
    app.setStyleSheet(app.styleSheet())
    # Qt sends ApplicationFontChange only while the event loop runs; tell the labels that
    # scale with the font ourselves, so the change is the same before exec() and in tests.
    # (walked window by window: wrapping every widget of allWidgets(), some of them mid-way
    # through deletion, crashed PySide6 once in a test run)
    for top in app.topLevelWidgets():
        labels = top.findChildren(common.ScaledLabel)
        if isinstance(top, common.ScaledLabel):
            labels.append(top)
        for label in labels:
            label.follow_app_font()


def install_translations(language: str | None) -> bool:
    """Show the window in `language` (a key of services.settings.LANGUAGES); call it before the
    windows are built. Chinese is the source language and needs no file of ours, only Qt's own
    texts (OK, Copy, Paste…) in Chinese when Qt ships them. `None` removes every translation.
    False when the translation file is missing: the window then stays in Chinese."""
    app = QCoreApplication.instance()
    for translator in _translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    _translators.clear()
    if language == "en":
        from villagedesk.resources import resource

        translator = QTranslator(app)
        path = resource("i18n", "villagedesk_en.qm")
        if not translator.load(str(path)):
            common.log.error("the English translation could not be loaded: %s", path)
            return False
        app.installTranslator(translator)
        _translators.append(translator)
    elif language is not None:
        translator = QTranslator(app)
        qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", qt_translations):
            app.installTranslator(translator)
            _translators.append(translator)
    return True


def calm_palette(palette: QPalette) -> QPalette:
    """White and grey: selections in grey with black text instead of the style's blue."""
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor("#d9dee4"))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#000000"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f8f9"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#f3f4f6"))
    return palette


def configure_application(app: QApplication, font_scale: float = 1.0) -> None:
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("VillageDesk")
    app.setFont(app_font(font_scale))
    app.setPalette(calm_palette(app.palette()))
    app.setStyleSheet(STYLE_SHEET)


def setup_logging() -> Path | None:
    """Unexpected errors go to the private, rotated log file (villagedesk/error_log.py)
    whose path the error message names."""
    from villagedesk import error_log

    path = error_log.setup()
    common.LOG_FILE = path
    return path


def _excepthook(exc_type, exc, tb):
    """Last resort for an exception outside a guarded slot: log it, say so, keep running."""
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    common.log.error("unhandled exception", exc_info=(exc_type, exc, tb))
    try:
        common.show_message(QApplication.activeWindow(), common.internal_error_text(exc))
    except Exception:
        pass


def build_main_window(session):
    """The main window for an open desk; tests call this without running the event loop."""
    from villagedesk.ui.main_window import MainWindow

    return MainWindow(common.DeskContext(session))


def open_desk(data_dir, demo: bool):
    from villagedesk.services import desk
    from villagedesk.services.session import Session, needs_upgrade, resolve_data_dir

    folder = resolve_data_dir(data_dir, demo=demo)
    if needs_upgrade(folder):
        # an older data file is upgraded (backed up first) off the UI thread, with a note on
        # screen: on a very large ledger this takes a while, once
        from villagedesk.ui.long_work import desk_op, wait_for_answer

        failed: list[BaseException] = []
        wait_for_answer(desk_op(None, folder, lambda session: session.db and None, on_failure=failed.append,
                                label=common.translate("App", "正在升级数据文件（只需一次，请稍候）…")))
        if failed:
            raise failed[0]
    session = Session(folder)
    if demo and session.desk() is None:
        # the demo desk is written off the UI thread too (ui/long_work), the start waiting for it
        from villagedesk.ui.long_work import desk_op, wait_for_answer

        failed: list[BaseException] = []
        wait_for_answer(desk_op(None, session.data_dir, desk.init_demo, progress=False, on_failure=failed.append))
        if failed:
            raise failed[0]
    return session


def refresh_embedded_catalogues(window) -> None:
    """After an upgrade the program may ship a newer national baseline: bring it in off the
    UI thread once the window is up (never over a newer catalogue the county imported)."""
    from villagedesk.services import catalogue

    context = window.context
    desk = context.session.desk()
    demo = bool(desk and desk.demo)
    from villagedesk.ui.long_work import desk_op

    def done(reports):
        if any(r.get("outcome") == "install" for r in reports):
            context.notify("catalogues")

    window._embedded_refresh = desk_op(  # the window waits for it before its session closes
        window, context.data_dir, lambda session: catalogue.install_embedded(session, demo=demo), progress=False,
        on_success=done, on_failure=lambda exc: common.log.warning("embedded catalogues not refreshed: %s", exc))


def run(data_dir: str | Path | None = None, demo: bool = False) -> int:
    """Open the window on the desk in `data_dir` (or the default one); the exit code."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_logging()
    from villagedesk.core.errors import UserError

    session = window = None
    # the last resort for an exception outside a guarded slot, from the first-run form on
    previous_hook, sys.excepthook = sys.excepthook, _excepthook
    # an unexpected error, guarded slot or not, shows the crash dialog with a report to save
    from villagedesk.ui import crash_dialog

    crash_dialog.install()
    try:
        try:
            configure_application(app)
            session = open_desk(data_dir, demo)
            from villagedesk.services import settings

            install_translations(settings.get_settings(session)["language"])
            if session.desk() is None:
                from villagedesk.ui.setup_wizard import SetupWizard  # step by step; 修改 later is SetupDialog

                SetupWizard(session).exec()
                if session.desk() is None:  # the clerk closed the form: nothing to show
                    return EXIT_OK
            scale = settings.get_settings(session)["font_scale"]
            if scale != 1.0:
                apply_font_scale(scale)
            window = build_main_window(session)
        except UserError as exc:
            from villagedesk.ui.backup_runner import offer_restore  # issue #13: offers the newest good backup

            offer_restore(exc)
            return exc.exit_code
        except Exception as exc:
            common.log.error("the window could not start", exc_info=True)
            common.plain_message_box(None, common.internal_error_text(exc), icon=QMessageBox.Icon.Critical).exec()
            return EXIT_FAIL
        try:
            window.show()
            refresh_embedded_catalogues(window)
            if os.environ.get("VILLAGEDESK_EXIT_AFTER_SHOW"):
                # tests/bench: report when the first frame is painted, then leave
                from PySide6.QtCore import QTimer

                def report():
                    print(f"window-shown {time.time():.4f}", flush=True)
                    app.quit()

                QTimer.singleShot(0, report)
            return int(app.exec())
        finally:
            sys.excepthook = previous_hook
    finally:
        crash_dialog.uninstall()
        sys.excepthook = previous_hook
        if window is not None:
            window.shutdown()
        if session is not None:
            session.close()
