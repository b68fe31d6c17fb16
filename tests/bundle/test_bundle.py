"""The one-folder bundle, built here with the pinned PyInstaller and smoke-tested.

installer/build_bundle.py installs PyInstaller (installer/build-requirements.lock) into a
cache folder of its own the first time, so CI, which installs only requirements.lock, runs
this too (`installer/dev.sh test`; `-m "not build"` leaves it out). When PyInstaller cannot
be installed (no network, no index) the test skips and says so; a failed build fails.

The figures of issue 13 are printed (pytest -s) and fenced:
* on disk: the Linux bundle carries ICU's data (36 MB) and Debian's libraries that a
  Windows build does not (Windows supplies ICU; Qt's platform plugin there needs no X11/GTK/
  CUPS stack), so the Linux total is fenced at LINUX_MAX_MB and the Windows estimate
  (Linux total minus those files) at the issue's 160 MB;
* the installer: the folder compressed with LZMA at preset 9 (what Inno Setup's lzma2/solid
  does), an estimate from the Linux build, fenced at 60 MB;
* the window: time from starting the executable until the first frame is painted.
"""

from __future__ import annotations

import json
import lzma
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.build, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
LINUX_MAX_MB = 200
WINDOWS_MAX_MB = 160
INSTALLER_MAX_MB = 60
WINDOW_MAX_S = 2.0
EXE = "VillageDesk.exe" if sys.platform == "win32" else "VillageDesk"
ID18 = "11010519491231002X"
# libraries PyInstaller copies from a Linux system that Python for Windows also ships (as DLLs)
SHIPPED_ON_WINDOWS_TOO = ("libpython", "libcrypto", "libssl", "libsqlite3", "libffi", "libz.", "libbz2", "liblzma")
# Python bindings of Qt modules the app does not use (installer/villagedesk.spec QT_UNUSED)
UNWANTED_QT = re.compile(r"^Qt(?:3D|WebEngine|WebView|Quick|Qml|Multimedia|Network|Charts|DataVisualization|Graphs|"
                         r"Bluetooth|Positioning|Location|Sensors|Serial|Sql|Test|Designer|Help|UiTools|Pdf)")


def _mb(n: int) -> float:
    return round(n / 2**20, 1)


def _on_disk(path: Path) -> int:
    """Bytes the folder takes on disk, as du counts them (symlinks not followed)."""
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            st = os.lstat(os.path.join(dirpath, name))
            total += getattr(st, "st_blocks", 0) * 512 or st.st_size
    return total


def _file_bytes(paths) -> int:
    return sum(p.stat().st_size for p in paths if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    start = time.monotonic()
    result = subprocess.run([sys.executable, str(ROOT / "installer" / "build_bundle.py"), "--dist", str(out / "dist"),
                             "--work", str(out / "work")], capture_output=True, text=True, cwd=ROOT)
    if result.returncode == 3:
        pytest.skip("PyInstaller could not be installed here (no package index?): " + result.stderr.strip()[-300:])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    print(f"\nbuild: {time.monotonic() - start:.0f} s")
    folder = out / "dist" / "VillageDesk"
    assert (folder / EXE).is_file()
    (folder / "villagedesk-portable").write_text("", encoding="utf-8")  # data in data/ beside the program
    return folder


def _run(bundle: Path, *args: str, env_extra: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VILLAGEDESK_") and k != "PYTHONPATH"}
    env.update(QT_QPA_PLATFORM="offscreen", VILLAGEDESK_LOG_DIR=str(bundle.parent / "log"))
    env.update(env_extra or {})
    return subprocess.run([str(bundle / EXE), *args], capture_output=True, text=True, env=env, timeout=timeout,
                          cwd=bundle.parent)


def test_bundle_holds_the_data_files_and_no_unused_qt(bundle):
    internal = bundle / "_internal"
    for part in ("resources/fonts", "resources/catalogues", "resources/rules", "resources/regions",
                 "resources/i18n/villagedesk_en.qm", "forms"):
        assert (internal / part).exists(), part
    assert list((internal / "resources" / "fonts").glob("*.ttf"))
    bindings = sorted(p.name for p in (internal / "PySide6").iterdir() if p.name.startswith("Qt") and p.is_file())
    assert {"QtCore.abi3.so", "QtGui.abi3.so", "QtWidgets.abi3.so", "QtPrintSupport.abi3.so"} <= set(bindings) \
        or sys.platform == "win32"
    assert not [b for b in bindings if UNWANTED_QT.match(b)], bindings
    qt_libs = [p.name for p in internal.rglob("*") if "WebEngine" in p.name or "Qt6Quick" in p.name or "Qt6Qml" in p.name]
    assert not qt_libs, qt_libs


def test_portable_bundle_issues_and_verifies_a_certificate_and_opens_the_window(bundle, tmp_path):
    result = _run(bundle, "init", "--demo")
    assert result.returncode == 0, result.stderr
    assert (bundle / "data" / "demo" / "desk.sqlite3").is_file()  # portable mode: beside the program
    result = _run(bundle, "settings", "set", "handler", "张丽", "--demo")
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "证明.pdf"
    result = _run(bundle, "cert", "issue", "--demo", "--item", "533103-BL-01", "--applicant", "王芳",
                  "--id-number", ID18, "--purpose", "子女入学", "--field", "address=风平镇风平村三组12号",
                  "--field", "residence_type=租住", "--field", "since=2019-03", "--out", str(pdf), "--json")
    assert result.returncode == 0, result.stderr
    issued = json.loads(result.stdout)
    assert issued["number"] == "风平村证〔2026〕1号" or issued["number"].startswith("风平村证〔")
    result = _run(bundle, "verify", "--demo", "--pdf", str(pdf), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["valid"] and verdict["fields"]["number"] == issued["number"] and verdict["page_compared"]

    times = []
    for _ in range(3):
        start = time.time()
        result = _run(bundle, "--demo", env_extra={"VILLAGEDESK_EXIT_AFTER_SHOW": "1"}, timeout=60)
        assert result.returncode == 0, result.stderr
        shown = re.search(r"window-shown (\d+\.\d+)", result.stdout)
        assert shown, result.stdout + result.stderr
        times.append(float(shown.group(1)) - start)
    print(f"\nbundled window shown after {', '.join(f'{t:.2f}' for t in times)} s (first run first)")
    assert min(times) <= WINDOW_MAX_S, times
    assert times[0] <= 2 * WINDOW_MAX_S, times  # the cold start, with room for a busy CI machine


def test_bundle_size_and_installer_estimate(bundle, tmp_path):
    for leftover in ("data", "villagedesk-portable"):  # what the smoke test may have added
        target = bundle / leftover
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    internal = bundle / "_internal"
    disk = _on_disk(bundle)
    icu = _file_bytes(internal.rglob("libicu*"))
    linux_only = _file_bytes(p for p in internal.glob("lib*.so*")
                             if not any(p.name.startswith(keep) for keep in SHIPPED_ON_WINDOWS_TOO))
    windows_estimate = disk - icu - linux_only
    archive = tmp_path / "bundle.tar.xz"
    start = time.monotonic()
    with lzma.open(archive, "wb", preset=9) as raw, tarfile.open(fileobj=raw, mode="w") as tar:
        tar.add(bundle, arcname="VillageDesk")
    compressed = archive.stat().st_size
    print(f"\nbundle on disk {_mb(disk)} MB (Linux), of which ICU {_mb(icu)} MB and Linux system libraries "
          f"{_mb(linux_only)} MB; Windows estimate {_mb(windows_estimate)} MB; "
          f"installer estimate (LZMA preset 9 of the Linux folder, {time.monotonic() - start:.0f} s) {_mb(compressed)} MB")
    assert disk <= LINUX_MAX_MB * 2**20
    assert windows_estimate <= WINDOWS_MAX_MB * 2**20
    assert compressed <= INSTALLER_MAX_MB * 2**20
