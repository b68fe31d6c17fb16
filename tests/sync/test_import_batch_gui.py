"""数据同步 page, 导入同步包 tab: a whole folder of bundles at once (services/sync_batch.py) —
the button, the preview table (文件, 来自, 内容, 新增, 状态/原因), one 确认导入全部, the summary,
the record refreshed; and the page fits at 1366×768 with the font at 150 %. Real desks and bundles."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from tests.sync.conftest import issue, key_print  # noqa: E402
from tests.sync.test_import_batch import DEMO, _entries, _export_from, villages  # noqa: E402,F401
from tests.sync.test_sync_page_gui import _fits, _page, _settle, _window, app, screen  # noqa: E402,F401


def _folder(desks, township, tmp_path) -> Path:
    """Two trusted villages' continuing exports, a damaged file and one that needs a phone check."""
    work = tmp_path / "written"
    work.mkdir()
    stick = tmp_path / "usb"
    stick.mkdir()
    for code in (DEMO, "533103105203"):
        v = desks[code]
        issue(v, tmp_path, 1)
        first = _export_from(v, work)
        sync_import(township, first)
        for start in (2, 4):
            issue(v, tmp_path, 2)
            shutil.copy(_export_from(v, work, start=start, kinds=["ledger"]), stick / _name(code, start))
    (stick / "broken.vdbundle").write_bytes(b"PK\x03\x04 not a bundle")
    stranger = desks["533103105205"]
    issue(stranger, tmp_path, 1)
    shutil.copy(_export_from(stranger, work, kinds=["ledger"]), stick / "stranger.vdbundle")
    return stick


def _name(code: str, start: int) -> str:
    """As the export names them (core/bundle_format.bundle_file_name)."""
    return f"VD-{code}-up-20261205-09{start:02d}00.vdbundle"


def sync_import(township, path):
    from villagedesk.services import sync

    sync.import_bundle(township, path, trust_fingerprint=key_print(path))


def _table(page) -> str:
    return page.preview_view.toPlainText()


def test_a_folder_is_previewed_as_a_table_confirmed_once_and_summarised(
        qapp, qtbot, villages, township, tmp_path, monkeypatch):  # noqa: F811
    from PySide6.QtWidgets import QFileDialog

    stick = _folder(villages, township, tmp_path)
    page = _page(qtbot, township)
    assert page.batch_button.text() == "导入文件夹中的全部包…" and page.confirm_all_button.isHidden()
    page.set_folder(stick)
    asked = {}

    def pick(parent, title, start):
        asked["start"] = start
        return str(stick)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(pick))
    page.choose_batch_folder()
    _settle(qtbot, page)
    assert asked["start"] == str(stick)  # opens at the stick chosen above
    assert page.confirm_button.isHidden() and not page.confirm_all_button.isHidden()
    assert page.confirm_all_button.isEnabled()
    shown = _table(page)
    for head in ("文件", "来自", "内容", "新增", "状态/原因"):
        assert head in shown
    assert "broken\n" in shown and "不能导入" in shown and "需核对指纹" in shown and "将导入" in shown
    assert "芒市风平镇风平村民委员会" in shown and "sync import" not in shown
    assert "请核对预览" in page.status.text()
    before = _entries(township, DEMO)
    page.confirm_import_all()
    _settle(qtbot, page)
    r = page.last_batch
    assert r is not None and r["totals"]["added"] == 8 and r["totals"]["refused"] == 1 and r["totals"]["check"] == 1
    assert _entries(township, DEMO) == before + 4
    shown = _table(page)
    assert "导入完成" in shown and "新增台账 8 条" in shown and "未导入 1 个" in shown
    assert "导入完成" in page.status.text() and not page.confirm_all_button.isEnabled()
    page.confirm_import_all()  # the batch is done: nothing is imported twice by a second click
    assert "请先预览" in page.last_error
    _settle(qtbot, page)
    assert "broken.vdbundle" in page.log_view.toPlainText()  # 同步记录 refreshed
    # a single file afterwards: the one-file confirmation comes back
    page.open_bundle(stick / _name(DEMO, 2))
    _settle(qtbot, page)
    assert page.confirm_all_button.isHidden() and not page.confirm_button.isHidden()


def test_several_chosen_files_are_a_batch_and_an_empty_folder_says_so(
        qapp, qtbot, villages, township, tmp_path, monkeypatch):  # noqa: F811
    from PySide6.QtWidgets import QFileDialog

    stick = _folder(villages, township, tmp_path)
    page = _page(qtbot, township)
    chosen = [str(stick / _name(DEMO, 4)), str(stick / _name(DEMO, 2))]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (chosen, "")))
    page.choose_file()
    _settle(qtbot, page)
    assert page.batch_preview is not None and [Path(p).name for p in page.batch_paths] == [
        _name(DEMO, 2), _name(DEMO, 4)]  # the continuation after what it continues
    page.confirm_import_all()
    _settle(qtbot, page)
    assert page.last_batch["totals"]["added"] == 4
    empty = tmp_path / "empty"
    empty.mkdir()
    page.open_batch(empty)
    _settle(qtbot, page)
    assert "没有同步包" in page.last_error and not page.confirm_all_button.isEnabled()


def test_a_batch_cancelled_before_its_first_file_imports_nothing(qapp, qtbot, villages, township, tmp_path):  # noqa: F811
    """(Cancel between files, with the summary of what went in: tests/sync/test_import_batch.py.)"""
    stick = _folder(villages, township, tmp_path)
    page = _page(qtbot, township)
    page.open_batch(stick)
    _settle(qtbot, page)
    before = _entries(township, DEMO)
    job = page.confirm_import_all()
    job.cancel()
    _settle(qtbot, page)
    if page.last_batch is None:  # the runner heard it before the first file
        assert "已取消" in page.status.text() and page.confirm_all_button.isEnabled()
        assert _entries(township, DEMO) == before
    else:  # the worker had begun: it stops at the next file and says so
        assert page.last_batch["cancelled"] and "已取消" in page.status.text()


def test_the_batch_preview_fits_at_1366x768_with_the_font_at_150(app, qtbot, villages, township, tmp_path, screen):  # noqa: F811
    from villagedesk.ui.app import apply_font_scale

    stick = _folder(villages, township, tmp_path)
    try:
        win = _window(qtbot, township, screen)
        page = win.open_page("sync")
        _settle(qtbot, page)
        page.tabs.setCurrentIndex(1)
        problems = [f"start: {p}" for p in _fits(win, page, qtbot)]
        page.open_batch(stick)
        _settle(qtbot, page)
        problems += [f"batch preview: {p}" for p in _fits(win, page, qtbot)]
        if screen[2] == 1.5:
            win.grab().save(str(Path(os.environ.get("VD_SHOTS", "/tmp")) / "sync-batch-preview-1366x768@150.png"))
            bar = page.preview_view.verticalScrollBar()
            bar.setValue(bar.maximum())  # the refused and the phone-check rows, last
            win.grab().save(str(Path(os.environ.get("VD_SHOTS", "/tmp")) / "sync-batch-preview-end-1366x768@150.png"))
        page.confirm_import_all()
        _settle(qtbot, page)
        problems += [f"batch summary: {p}" for p in _fits(win, page, qtbot)]
        if screen[2] == 1.5:
            win.grab().save(str(Path(os.environ.get("VD_SHOTS", "/tmp")) / "sync-batch-summary-1366x768@150.png"))
        win.shutdown()
    finally:
        apply_font_scale(1.0)
    assert not problems, "\n".join(problems)
