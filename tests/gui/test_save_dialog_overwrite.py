"""Issue #9 item 1 in the window: a save dialog has already asked before replacing a file, so
the window replaces a file of ours; a file of another type is still never replaced."""

from villagedesk.ui import long_work

FOREIGN = b"SQLite format 3\x00 a database under another name"


def idle(qtbot):
    qtbot.waitUntil(lambda: not long_work.running(), timeout=20000)


def test_the_template_replaces_its_own_file_but_not_a_foreign_one(window, qtbot, tmp_path):
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.catalogue_table.rowCount() > 0)
    target = tmp_path / "模板.xlsx"
    page.export_template(target)
    idle(qtbot)
    page.export_template(target)  # the dialog asked "replace?" and the clerk said yes
    idle(qtbot)
    assert target.read_bytes().startswith(b"PK") and "已写出模板" in page.import_status.text()
    foreign = tmp_path / "台账备份.xlsx"
    foreign.write_bytes(FOREIGN)
    page.export_template(foreign)  # the refusal is shown
    idle(qtbot)
    assert foreign.read_bytes() == FOREIGN and page.error_label.text()


def test_the_catalogue_print_replaces_its_own_pdf(catalogue_page, qtbot, tmp_path):
    page = catalogue_page
    page.setProperty("no_open", True)
    target = tmp_path / "目录.pdf"
    assert page.print_catalogue(str(target))
    idle(qtbot)
    assert page.print_catalogue(str(target))
    idle(qtbot)
    assert target.read_bytes().startswith(b"%PDF") and page.last_file.endswith("目录.pdf")
    foreign = tmp_path / "别人的.pdf"
    foreign.write_bytes(FOREIGN)
    page.last_file = ""
    assert page.print_catalogue(str(foreign))
    idle(qtbot)
    assert foreign.read_bytes() == FOREIGN and page.last_file == "" and page.error_label.text()
