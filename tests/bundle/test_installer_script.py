"""installer/villagedesk.iss (compiled only on Windows): the promises it makes are in the text —
same version as the program, upgrade in place, an uninstaller that keeps the data."""

from __future__ import annotations

import re
from pathlib import Path

from villagedesk import __version__
from villagedesk.store.location import APP_NAME, PORTABLE_MARKER

ISS = Path(__file__).resolve().parents[2] / "installer" / "villagedesk.iss"


def _text() -> str:
    return ISS.read_text(encoding="utf-8")


def _section(name: str) -> str:
    match = re.search(rf"^\[{name}\]\n(.*?)(?=^\[|\Z)", _text(), re.S | re.M)
    return match.group(1) if match else ""


def test_version_is_the_programs():
    assert re.search(r'^#define AppVersion "([^"]+)"', _text(), re.M).group(1) == __version__


def test_upgrade_in_place_keeps_one_app_id_and_replaces_old_libraries():
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", _text(), re.M)
    assert "UsePreviousAppDir=yes" in _text() and "CloseApplications=yes" in _text()
    assert '{app}\\_internal' in _section("InstallDelete")


def test_uninstaller_keeps_the_data():
    assert not re.search(r"^\[UninstallDelete\]", _text(), re.M)
    assert "{localappdata}" not in _text().lower() and "{userappdata}" not in _text().lower()
    assert f"{APP_NAME}" in _text()
    files = _section("Files")
    assert r"..\dist\VillageDesk\*" in files and "data\\*" in files and PORTABLE_MARKER in files  # never shipped


def test_start_menu_entries():
    icons = _section("Icons")
    assert "{group}\\村务桌面" in icons and "{uninstallexe}" in icons
