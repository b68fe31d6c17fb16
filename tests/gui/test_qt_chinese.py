"""Qt's own dialogs (buttons, the print preview's toolbar, the colour and file dialogs) speak
Chinese: the window loads the qtbase_zh_CN.qm that PySide6 ships when the language is Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo
from PySide6.QtWidgets import QDialogButtonBox, QToolBar


@pytest.fixture
def chinese_qt(gui_app):
    from villagedesk.ui.app import install_translations

    assert install_translations("zh_CN")
    yield
    install_translations(None)


def test_pyside_ships_the_chinese_qt_translation():
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert (folder / "qtbase_zh_CN.qm").is_file()


def test_standard_buttons_are_chinese(chinese_qt):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
    texts = {b.text().replace("&", "").split("(")[0] for b in box.buttons()}
    assert {"确定", "取消", "保存", "关闭"} <= texts, texts


def test_the_print_preview_toolbar_is_chinese(chinese_qt, window, qtbot, gui_session, tmp_path):
    from villagedesk.services import certificates
    from villagedesk.ui.printing import print_pdf_with_preview

    result = certificates.issue(gui_session, item_code="533103-BL-01",
                                values={"subject_name": "张三", "subject_id": "11010519491231002X", "purpose": "办理居住证",
                                        "address": "风平村3组12号", "residence_type": "租住", "since": "2019-03"},
                                materials=["申请人居民身份证"], handler="李文书", out=tmp_path / "c.pdf")
    dialog = print_pdf_with_preview(window, Path(result["pdf"]))
    qtbot.waitUntil(dialog.isVisible)
    toolbar = dialog.findChild(QToolBar)
    tips = [a.toolTip() or a.text() for a in toolbar.actions() if not a.isSeparator() and (a.toolTip() or a.text())]
    assert tips
    english = [t for t in tips if t.isascii()]
    assert not english, english
    assert any("打印" in t for t in tips) and any("缩放" in t or "放大" in t for t in tips), tips
    dialog.reject()


def test_without_chinese_qt_the_toolbar_would_be_english(gui_app, window, qtbot, gui_session, tmp_path):
    """The test above is not vacuous: without the translation Qt says Print."""
    from villagedesk.services import certificates
    from villagedesk.ui.app import install_translations
    from villagedesk.ui.printing import print_pdf_with_preview

    install_translations(None)
    result = certificates.issue(gui_session, item_code="533103-BL-01",
                                values={"subject_name": "张三", "subject_id": "11010519491231002X", "purpose": "办理居住证",
                                        "address": "风平村3组12号", "residence_type": "租住", "since": "2019-03"},
                                materials=["申请人居民身份证"], handler="李文书", out=tmp_path / "c.pdf")
    dialog = print_pdf_with_preview(window, Path(result["pdf"]))
    qtbot.waitUntil(dialog.isVisible)
    tips = [a.toolTip() or a.text() for a in dialog.findChild(QToolBar).actions()]
    assert "Print" in tips
    dialog.reject()
