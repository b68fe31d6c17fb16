"""English through Qt's translation system: Chinese is the source and the default, English comes
from resources/i18n/villagedesk_en.qm when the desk's `language` setting is `en`.

Also keeps the translation files honest: every message of the .ts is finished, the .qm is the
.ts compiled, and every text wrapped for translation in villagedesk/ui/ is in the .ts.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QLabel

from villagedesk.services import settings
from villagedesk.services.session import Session

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "villagedesk" / "ui"
I18N = ROOT / "resources" / "i18n"
TS = I18N / "villagedesk_en.ts"
QM = I18N / "villagedesk_en.qm"
REFRESH = "refresh with pyside6-lupdate → translate → pyside6-lrelease (resources/i18n/README.md)"

NAV_EN = ["Issue certificates", "Certificate ledger", "Catalogue search", "Signboard check", "Sync",
          "Verify certificate", "Settings"]
NAV_ZH = ["出具证明", "证明台账", "目录查询", "牌子检查", "数据同步", "证明核验", "设置"]
OFFICE = "芒市风平镇风平村民委员会"
CJK = re.compile(r"[\u3400-\u9fff]")
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def qt_tool(name: str) -> str | None:
    """pyside6-lupdate / pyside6-lrelease beside this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def ui_sources() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def ts_messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {(context.findtext("name"), message.findtext("source")): message
            for context in root.iter("context") for message in context.findall("message")}


# ---- the window in English and in Chinese ---------------------------------------------------


@pytest.fixture
def english(gui_app):
    from villagedesk.ui.app import install_translations

    assert install_translations("en")
    yield
    install_translations(None)


@pytest.fixture
def english_window(english, qtbot, gui_session):
    from villagedesk.ui.app import build_main_window

    settings.set_setting(gui_session, "language", "en")
    win = build_main_window(gui_session)
    qtbot.addWidget(win)
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown()


def test_with_language_en_the_navigation_and_page_headers_are_english(english_window, qtbot):
    win = english_window
    assert win.navigation_labels() == NAV_EN
    assert win.windowTitle() == f"VillageDesk — {OFFICE}"  # the office's name is data: it stays Chinese
    page = win.pages["catalogue"]
    assert page.findChild(QLabel, "pageTitle").text() == "Catalogue search"
    purpose = page.findChild(QLabel, "pagePurpose").text()
    assert purpose.startswith("Look up") and "厅字〔2022〕28号" in purpose  # clauses are cited as written
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Search items", "Admission check", "Version history"]
    assert page.list_filter.itemText(0) == "All lists"
    assert page.list_filter.itemText(3) == "Negative list"
    assert "Catalogues in use:" in win.status_text() and "(village)" in win.status_text()
    for key, title in zip(("issue", "ledger", "catalogue", "signs", "sync", "verify", "settings"), NAV_EN):
        assert win.pages[key].findChild(QLabel, "pageTitle").text() == title
    assert win.pages["sync"].tabs.tabText(0) == "Write a bundle"


def test_in_english_the_catalogue_data_stays_chinese(english_window, qtbot):
    page = english_window.open_page("catalogue")
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    page.search_box.setText("居住")
    page.search_now()
    assert page.count_label.text() == "Items found: 1"
    assert page.select_result("居（租）住证明")
    detail = page.detail.toPlainText()
    assert detail.startswith("居（租）住证明")  # the title is data
    assert "Basis" in detail and "居住证暂行条例" in detail  # the label is translated, the basis is not
    assert "Demo content, not an official rule." in detail and "Required documents" in detail
    page.tabs.setCurrentIndex(1)
    page.request_box.setPlainText("请村委会负责辖区内违章建筑的拆除工作")
    page.check_request()
    assert page.verdict_label.text().startswith("Verdict: 负面清单")  # the service's explanation stays Chinese


def test_the_settings_page_reads_english(english_window, qtbot):
    page = english_window.open_page("settings")
    qtbot.waitUntil(lambda: page.catalogue_table.rowCount() > 0)
    assert page.edit_button.text() == "Edit…"
    assert page.office_fields["level_name"].text() == "village"
    assert page.language.currentData() == "en" and page.language.currentText() == "English"
    assert {row[4] for row in page.catalogue_rows()} == {"Yes", "No"}


def test_the_default_stays_chinese(window, gui_session):
    assert settings.get_settings(gui_session)["language"] == "zh_CN"
    assert window.navigation_labels() == NAV_ZH
    assert window.pages["catalogue"].findChild(QLabel, "pageTitle").text() == "目录查询"
    assert QCoreApplication.translate("Navigation", "目录查询") == "目录查询"


def test_choosing_english_in_settings_saves_it_for_the_next_start(window, qtbot, gui_session):
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.catalogue_table.rowCount() > 0)
    assert [page.language.itemText(i) for i in range(page.language.count())] == ["中文", "English"]
    assert page.language.currentData() == "zh_CN"
    page.language.setCurrentIndex(page.language.findData("en"))  # saved off the UI thread
    qtbot.waitUntil(lambda: "English" in page.language_note.text(), timeout=10000)
    assert settings.get_settings(gui_session)["language"] == "en"
    assert "下次启动" in page.language_note.text()
    assert window.navigation_labels() == NAV_ZH  # this window keeps its language until the next start
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    qtbot.waitUntil(lambda: settings.get_settings(gui_session)["language"] == "zh_CN", timeout=10000)


def test_run_starts_in_the_saved_language(gui_app, gui_demo_dir, monkeypatch):
    from villagedesk.ui.app import install_translations, run

    with Session(gui_demo_dir) as session:
        settings.set_setting(session, "language", "en")
    seen = {}

    def fake_exec(*_args):
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and hasattr(w, "navigation_labels"):
                seen["labels"], seen["title"] = w.navigation_labels(), w.windowTitle()
                w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    try:
        assert run(data_dir=gui_demo_dir) == 0
    finally:
        install_translations(None)
    assert seen == {"labels": NAV_EN, "title": f"VillageDesk — {OFFICE}"}


def test_the_fixed_domain_terms_have_english_names(english, gui_session):
    """Lists, origins, levels and detail labels come from the services in Chinese; the window
    names them in English (their values, the county's data, stay Chinese)."""
    from villagedesk.core.lists import LISTS, ORIGINS
    from villagedesk.core.region import LEVELS
    from villagedesk.services import catalogue
    from villagedesk.ui.common import TERMS, term

    names = [k.name for k in LISTS] + list(ORIGINS.values()) + list(LEVELS.values())
    labels = {d["label"] for item in catalogue.list_items(gui_session) for d in item.get("details", [])}
    assert labels, "the demo catalogue has items with details"
    for name in names + sorted(labels):
        assert name in TERMS, f"「{name}」 is not in ui.common.TERMS"
        assert not CJK.search(term(name)), name


# ---- the translation files ------------------------------------------------------------------


def test_every_message_of_the_ts_is_finished():
    root = ET.parse(TS).getroot()
    assert root.get("sourcelanguage") == "zh_CN" and root.get("language") == "en"
    messages = ts_messages(TS)
    assert len(messages) > 100
    problems = []
    for (context, source), message in messages.items():
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "missing"
        text = (translation.text or "") if translation is not None else ""
        if kind or not text.strip():
            problems.append(f"{context}: {source!r} is {kind or 'empty'}")
        elif PLACEHOLDER.findall(source) and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"{context}: {source!r} and {text!r} differ in their {{placeholders}}")
        elif source.count("\n") != text.count("\n"):
            problems.append(f"{context}: {source!r} and {text!r} differ in line breaks")
    assert not problems, "\n".join(problems) + f"\n{REFRESH}"


def test_the_qm_holds_every_translation_of_the_ts():
    translator = QTranslator()
    assert translator.load(str(QM)), QM
    stale = []
    for (context, source), message in ts_messages(TS).items():
        wanted = message.findtext("translation")
        if translator.translate(context, source) != wanted:
            stale.append(f"{context}: {source!r}")
    assert not stale, "villagedesk_en.qm is older than villagedesk_en.ts: " + "; ".join(stale[:10]) + f"\n{REFRESH}"


def test_the_qm_is_the_ts_compiled(tmp_path):
    lrelease = qt_tool("pyside6-lrelease") or qt_tool("lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    fresh = tmp_path / "villagedesk_en.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(fresh)], check=True, capture_output=True, timeout=120)
    assert fresh.read_bytes() == QM.read_bytes(), f"villagedesk_en.qm is stale: {REFRESH}"


def test_every_text_wrapped_in_ui_is_in_the_ts(tmp_path):
    lupdate = qt_tool("pyside6-lupdate") or qt_tool("lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, *map(str, ui_sources()), "-source-language", "zh_CN", "-target-language", "en",
                    "-locations", "none", "-ts", str(fresh)], check=True, capture_output=True, timeout=120)
    wrapped, committed = set(ts_messages(fresh)), set(ts_messages(TS))
    missing = sorted(wrapped - committed)
    gone = sorted(committed - wrapped)
    assert not missing, f"not in villagedesk_en.ts: {missing[:10]}\n{REFRESH}"
    assert not gone, f"in villagedesk_en.ts but no longer in ui/: {gone[:10]}\n{REFRESH}"


# ---- nothing Chinese escapes the translation ------------------------------------------------

TRANSLATING_CALLS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
# Chinese literals in ui/ that are not text of the window: Qt's application name (an identifier
# for settings and logs) and the office levels, which are shown through term().
NOT_WINDOW_TEXT = {"村务桌面", "村", "乡镇", "县"}


def _untranslated_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    wrapped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in TRANSLATING_CALLS:
                wrapped.update(id(n) for arg in node.args for n in ast.walk(arg))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value)
                and id(node) not in docstrings and id(node) not in wrapped and node.value not in NOT_WINDOW_TEXT):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    return found


def test_every_chinese_text_in_ui_goes_through_translation():
    found = [line for path in ui_sources() for line in _untranslated_literals(path)]
    assert not found, "wrap these in self.tr()/translate()/QT_TRANSLATE_NOOP:\n" + "\n".join(found)
