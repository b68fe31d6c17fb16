"""Build the one-folder bundle (dist/VillageDesk/) with the pinned PyInstaller.

Why a script and not a bare `pyinstaller` call: CI installs only requirements.lock, and
PyInstaller is needed only to build. This installs the hash-pinned PyInstaller of
installer/build-requirements.lock into a cache folder of its own (`--target`, so the
project's venv is not changed) the first time, then runs it on installer/villagedesk.spec
with the same Python. tests/bundle/test_bundle.py and `installer/dev.sh bundle` call it.

Exit codes: 0 built; 1 the build failed; 3 PyInstaller could not be installed (offline,
no index): the test then skips with that reason instead of failing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "installer" / "build-requirements.lock"
SPEC = ROOT / "installer" / "villagedesk.spec"
EXIT_NO_PYINSTALLER = 3


def pinned_version() -> str:
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.startswith("pyinstaller=="):
            return line.split("==", 1)[1].split()[0]
    raise SystemExit("installer/build-requirements.lock names no pyinstaller")


def default_site() -> Path:
    return Path(os.environ.get("VILLAGEDESK_PYINSTALLER_SITE") or ROOT / "build" / f"pyinstaller-{pinned_version()}")


def ensure_pyinstaller(site: Path) -> bool:
    """The pinned PyInstaller importable from `site`; install it there when it is not (or
    when the lock changed since: the marker holds the lock's text)."""
    marker = site / ".installed"
    lock = LOCK.read_text(encoding="utf-8")
    if marker.is_file() and marker.read_text(encoding="utf-8") == lock:
        return True
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
           "--require-hashes", "--upgrade", "--target", str(site), "-r", str(LOCK)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(f"PyInstaller {pinned_version()} could not be installed:\n{result.stderr[-2000:]}\n")
        return False
    marker.write_text(lock, encoding="utf-8")
    return True


def build(dist: Path, work: Path, site: Path) -> int:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.setdefault("PYINSTALLER_CONFIG_DIR", str(work / "config"))
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    return subprocess.run(cmd, env=env, cwd=ROOT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where dist/VillageDesk/ goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller-work")
    parser.add_argument("--site", type=Path, default=None, help="where the pinned PyInstaller is installed")
    args = parser.parse_args(argv)
    site = args.site or default_site()
    if not ensure_pyinstaller(site):
        return EXIT_NO_PYINSTALLER
    start = time.monotonic()
    code = build(args.dist.resolve(), args.work.resolve(), site)
    print(f"bundle {'built' if code == 0 else 'FAILED'} in {time.monotonic() - start:.0f} s: {args.dist / 'VillageDesk'}")
    return 0 if code == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
