"""The window on a copied database (issue #11 item 1): the status bar says so, the 重新登记本机
dialog opens by itself, asks for a reason and for the old PC to have stopped, and re-enrols."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from tests.sync.conftest import issue  # noqa: E402
from villagedesk.services import desk_identity  # noqa: E402
from villagedesk.services.session import Session  # noqa: E402
from villagedesk.store import desk_seat  # noqa: E402


@pytest.fixture
def copied(village, tmp_path, monkeypatch):
    issue(village, tmp_path, 2)
    village.close()
    target = tmp_path / "copy"
    shutil.copytree(village.data_dir, target)
    monkeypatch.setenv(desk_seat.ENV, "second-pc-gui")
    with Session(target) as session:
        yield session


def _window(qtbot, session):
    from villagedesk.ui.app import build_main_window

    win = build_main_window(session)
    qtbot.addWidget(win)
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_a_copied_desk_is_named_in_the_status_bar_and_re_enrols_from_the_dialog(qapp, qtbot, copied):
    from PySide6.QtWidgets import QApplication, QMessageBox

    win = _window(qtbot, copied)
    try:
        assert "另一台电脑" in win.status_text()
        qtbot.waitUntil(lambda: win.reenrol_dialog is not None and win.reenrol_dialog.isVisible())
        dialog = win.reenrol_dialog
        assert not dialog.ok_button.isEnabled()  # not before the clerk says the old PC stopped
        dialog.reason.setEditText("")
        dialog.old_pc_stopped.setChecked(True)
        assert not dialog.ok_button.isEnabled()  # nor without a reason
        dialog.reason.setEditText("更换电脑")
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        assert boxes and "新密钥指纹" in boxes[-1].text()
        for box in boxes:
            box.close()
        assert desk_identity.status(copied)["state"] == "seated"
        qtbot.waitUntil(lambda: win.moved_button.isHidden())
        assert "另一台电脑" not in win.status_text()
    finally:
        win.shutdown()


def test_a_desk_on_its_own_pc_shows_no_re_enrolment(qapp, qtbot, village):
    win = _window(qtbot, village)
    try:
        assert win.moved_button.isHidden() and win.reenrol_dialog is None
    finally:
        win.shutdown()
