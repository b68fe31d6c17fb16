"""Where the files a desk prints are kept: fixed Chinese folder and file names under the data
folder, whatever the window's language, so an office's printouts never split across two folders."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from villagedesk.files import private_dir, safe_file_name

FOLDERS = {"certificates": "证明", "ledger": "台账", "signs": "牌子"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def output_file(data_dir: Path, folder: str, stem: str, *, suffix: str = ".pdf", stamp: bool = True) -> Path:
    """data_dir/<folder>/<stem>-<YYYYmmdd-HHMMSS>.pdf, a name every Windows file system
    accepts (files.safe_file_name: characters Windows refuses, CON/NUL…, length)."""
    name = _UNSAFE.sub("_", stem).strip(" .") or "文件"
    name = name[:80]
    if stamp:
        name += "-" + datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(data_dir) / FOLDERS[folder]
    if Path(data_dir).is_dir():
        private_dir(target)  # certificates and ledger prints carry ID numbers: 0700 (files.private_dir)
    return target / safe_file_name(name, suffix)
