"""GUI tests: one offscreen QApplication for the run (pytest-qt's qapp, as Picard's tests
share one), a demo desk built once and copied per test, and the window on top of it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

# As app.run() does: 150 % stays 150 %, not rounded to 200 %. Must precede the QApplication.
QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)



ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
WINDOW_SIZE = (1200, 760)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def gui_app(qapp):
    from villagedesk.ui.app import configure_application

    configure_application(qapp)
    return qapp


# the demo desk of tests/conftest.py, under the names the GUI tests use
@pytest.fixture
def gui_demo_dir(demo_dir) -> Path:
    return demo_dir


@pytest.fixture
def gui_session(demo_session):
    return demo_session


@pytest.fixture
def window(gui_app, qtbot, gui_session):
    from villagedesk.ui.app import apply_font_scale, build_main_window

    win = build_main_window(gui_session)
    qtbot.addWidget(win)
    win.resize(*WINDOW_SIZE)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown()
    apply_font_scale(1.0)


@pytest.fixture
def catalogue_page(window, qtbot):
    page = window.open_page("catalogue")
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    return page


def save_screenshot(widget, name: str) -> Path:
    """Write docs/screenshots/<name>.png from what the widget paints (offscreen or not)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    image = widget.grab().toImage()
    assert not image.isNull()
    ratio = image.devicePixelRatio() or 1
    assert (round(image.width() / ratio), round(image.height() / ratio)) == WINDOW_SIZE
    assert image.save(str(path), "PNG"), path
    return path


@pytest.fixture
def screenshot():
    return save_screenshot


@pytest.fixture
def issue_page(window, qtbot):
    """The 出具证明 page of the demo window, its search results shown, no print preview."""
    page = window.open_page("issue", focus=True)
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    yield page
    if page.operation is not None:
        page.operation.wait()
