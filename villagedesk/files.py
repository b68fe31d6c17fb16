"""Every file VillageDesk writes goes through here: where it may go, and how it is written.

Why one module: `key export <data folder>/desk.sqlite3` once replaced the ledger and the key
with a public-key file (issue #9 item 1). Every writer — certificates, ledger and catalogue
sheets, sign sheets, exported keys and templates — therefore asks `check_output` first:

* the file name ends with the suffix the content has (.pdf, .xlsx, .csv, .json);
* it is not a folder, its folder exists and can be written to;
* it is not inside a data folder (a folder holding desk.sqlite3) except in the printout
  folders 证明/ 台账/ 牌子/ — never the database, its -wal/-shm, backups/, keys/, 表单/ (the
  office's own forms, an input) or the private temp folder;
* an existing file is replaced only when asked (`overwrite`: the CLI's --overwrite, or the
  window's save dialog, which asks first) and only when it already is a file of that type,
  so even --overwrite never replaces a database, a key or a document.

Signed artefacts are drawn in a private temp folder inside the data folder (`private_temp`)
and published (`publish`) only after the ledger transaction committed; leftovers of a
process that died are removed when a desk is next opened (`clear_leftovers`).

Everything the desk writes is private to the user (`private_dir`, `private_file`,
`create_private`): folders 0700, files 0600 — the database and its -wal/-shm, backups, the
key file, certificates, receipts, ledger exports carry full ID numbers. On Windows the mode
bits mean little; there the data folder sits in the user's profile (platformdirs), whose ACL
already admits only that user, SYSTEM and administrators, and the key file is additionally
sealed with DPAPI (store/key_file.py). Tightening an existing path is best effort: a folder
on a FAT USB stick or a share cannot take modes, and refusing to work there would help nobody.

This is the one home of file writing, below the store and render layers: it imports only
the standard library and core.errors — never Qt, the store, render or the services.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.core.userjson import parse_user_json, size_text

DATA_MARKER = "desk.sqlite3"  # = store.db.DB_FILENAME: a folder holding it is a data folder
PRINTOUT_FOLDERS = ("证明", "台账", "牌子")  # = services.outputs.FOLDERS: the only places written to inside it
PRIVATE_TEMP = ".tmp"  # <data folder>/.tmp/, 0700: drawn-but-unpublished files
STALE_SECONDS = 6 * 3600  # a temp file this old belongs to no transaction, whoever's pid it carries
KIND_NAMES = {".pdf": "PDF", ".xlsx": "Excel 工作簿（.xlsx）", ".csv": "CSV 表格", ".json": "JSON", ".txt": "文本（.txt）"}
_PID_NAME = re.compile(r"^(?:\.vd-)?(\d+)-")


# ---- where a file may be written ---------------------------------------------------------

def check_output(path, *, suffix: str | tuple[str, ...], data_dir=None, overwrite: bool = False) -> Path:
    """`path` if a file of this type may be written there; else a UserError saying what to do.
    Call it before anything is changed (before a ledger transaction takes a number)."""
    path = Path(path)
    suffixes = (suffix,) if isinstance(suffix, str) else tuple(suffix)
    if str(path).strip() == "":
        raise UserError("请写上输出文件名", where="文件名")
    if path.is_dir():
        raise UserError(f"这是一个文件夹，请写上文件名（如 {path / ('文件' + suffixes[0])}）", where=str(path))
    if path.suffix.lower() not in suffixes:
        raise UserError(f"输出文件名应以 {' 或 '.join(suffixes)} 结尾", where=str(path))
    parent = path.parent
    if not parent.exists():
        raise UserError("目标文件夹不存在（U 盘是否已插好？）", where=str(parent))
    if not parent.is_dir():
        raise UserError("无法在此处写文件：目标位置不是文件夹", where=str(parent))
    refuse_data_folder(path, data_dir)
    if not os.access(parent, os.W_OK):
        raise UserError("无法在此处写文件：没有写入权限或是只读位置，请另选文件夹", where=str(parent))
    if os.path.lexists(path):
        if not overwrite:
            raise UserError(f"文件「{path.name}」已存在：请换一个文件名，或加 --overwrite 覆盖它", where=str(path))
        refuse_foreign(path)
    return path


def refuse_data_folder(path: Path, data_dir=None) -> None:
    """Refuse a path inside a data folder (the given one, or any folder above holding
    desk.sqlite3) unless it lies in one of its printout folders."""
    real = Path(os.path.realpath(path))
    folders = [Path(os.path.realpath(data_dir))] if data_dir is not None else []
    folders += [p for p in real.parents if (p / DATA_MARKER).exists()]
    for folder in folders:
        rel = _inside(real, folder)
        if rel is None:
            continue
        if len(rel) < 2 or rel[0] not in PRINTOUT_FOLDERS:
            raise UserError(f"不能写在数据文件夹「{folder}」中（那里是台账数据库、备份和密钥）：请另选位置，"
                            f"或保存到数据文件夹的 {'、'.join(p + '/' for p in PRINTOUT_FOLDERS)} 文件夹",
                            where=str(path))


def _inside(real: Path, folder: Path) -> tuple[str, ...] | None:
    a, b = os.path.normcase(str(real)), os.path.normcase(str(folder)).rstrip("\\/")
    if not a.startswith(b + os.sep):
        return None
    return Path(str(real)[len(b) + 1:]).parts


def refuse_foreign(path: Path) -> None:
    """An existing file is replaced only when it is a regular file of the type its name says
    (an empty file too): a database or a key renamed .pdf is never written over."""
    suffix = path.suffix.lower()
    name = KIND_NAMES.get(suffix, suffix)
    if path.is_symlink() or not path.is_file():
        raise UserError(f"「{path.name}」不是普通文件，不会覆盖它：请换一个文件名", where=str(path))
    if not looks_like(path, suffix):
        raise UserError(f"「{path.name}」已存在，但不是{name}文件，不会覆盖它：请换一个文件名", where=str(path))


def looks_like(path: Path, suffix: str) -> bool:
    """Whether the file's first bytes are what a file with this suffix holds."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    if not head:
        return True
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if suffix == ".xlsx":
        return head.startswith(b"PK\x03\x04")
    if b"\x00" in head:
        return False
    if suffix == ".json":
        return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
    if suffix in (".csv", ".txt"):  # .txt: the township's editable 工作完成情况 (services/township.py)
        import codecs

        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError:
            return False
        return not head.startswith(b"SQLite format 3")
    return False


# ---- file names every Windows file system accepts ----------------------------------------

# Characters Windows refuses in a name (and / everywhere), control characters included.
UNSAFE_NAME_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
# Device names Windows reserves in any folder, with or without an extension ("NUL.pdf",
# "com1.txt", "LPT¹"): a file so named cannot be opened, or writes to the device.
_RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])(?:\.|$)", re.IGNORECASE)
MAX_NAME_UNITS = 255  # NTFS and FAT32 (VFAT long names): 255 UTF-16 code units a name
FAT32_MAX_FILE = 4 * 2**30 - 1  # the largest file a FAT32 stick holds


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def safe_file_name(stem: str, suffix: str = "", *, replacement: str = "_", fallback: str = "文件",
                   max_units: int = MAX_NAME_UNITS) -> str:
    """`stem + suffix` made into a name Windows, NTFS and a FAT32 stick all accept, for a
    name built from data (a certificate number, a sign's name, an applicant's name).

    Characters Windows refuses become `replacement`; leading/trailing spaces and trailing dots
    go (Windows drops them silently, so two names would meet); a reserved device name (CON,
    NUL, COM1, LPT1…, also as "con.pdf") gets `replacement` appended; the stem is cut so the
    whole name stays within `max_units` UTF-16 code units (not characters: a character
    outside the BMP, such as a rare surname in CJK Extension B, takes two), never in the
    middle of a surrogate pair."""
    suffix = UNSAFE_NAME_CHARS.sub("", suffix or "")
    name = UNSAFE_NAME_CHARS.sub(replacement, stem or "").strip(" .")
    if not name:
        name = fallback
    if _RESERVED.match(name) or _RESERVED.match(name + suffix):
        name += replacement
    budget = max_units - _utf16_units(suffix)
    if _utf16_units(name) > budget:
        out, used = [], 0
        for ch in name:
            width = 2 if ord(ch) > 0xFFFF else 1
            if used + width > budget:
                break
            out.append(ch)
            used += width
        name = "".join(out).rstrip(" .") or fallback[:max(budget, 1)]
    return name + suffix


# ---- writing -----------------------------------------------------------------------------

def atomic_write(path: Path, write) -> None:
    """temp file → flush → fsync → replace, so a crash never leaves half a file. An existing
    file of another type, or one inside a data folder's own files, is never replaced."""
    path = Path(path)
    if not path.parent.exists():
        raise UserError("目标文件夹不存在", where=str(path.parent))
    if path.is_dir():
        raise UserError("这是一个文件夹，请写上文件名", where=str(path))
    if path.parent.name != PRIVATE_TEMP:
        refuse_data_folder(path)
        if os.path.lexists(path):
            refuse_foreign(path)
    try:  # the pid in the name: `clear_leftovers` removes only a dead process's temp files
        fd, tmp = tempfile.mkstemp(prefix=f".vd-{os.getpid()}-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:  # read-only USB stick, no permission, a folder that is not one
        raise UserError(f"无法在此处写文件：{exc.strerror or exc}", where=str(path.parent)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)  # private (issue 9): exports, certificates and receipts carry full ID numbers
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # disk full, stick pulled out, file open in Excel (Windows)
            raise UserError(f"文件没有写成：{exc.strerror or exc}", where=str(path)) from None
        raise


# ---- private folders and files -----------------------------------------------------------

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path | str) -> Path:
    """Create the folder as 0700, and any missing parents too (only folders made here: an
    existing parent the user chose is left as it is); tighten the folder if it exists."""
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        _chmod(folder, DIR_MODE)
    _chmod(path, DIR_MODE)
    return path


def private_file(path: Path | str) -> Path:
    """Tighten an existing file to 0600 (a new one: open it with `create_private`)."""
    path = Path(path)
    if path.exists():
        _chmod(path, FILE_MODE)
    return path


def create_private(path: Path | str, *, exclusive: bool = True) -> int:
    """os.open of a new file as 0600, whatever the umask; returns the descriptor."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC) | getattr(os, "O_BINARY", 0)
    fd = os.open(str(path), flags, FILE_MODE)
    if os.name != "nt":
        os.fchmod(fd, FILE_MODE)
    return fd


def _chmod(path: Path, mode: int) -> None:
    if os.name == "nt":
        return
    try:
        if (path.stat().st_mode & 0o777) != mode:
            os.chmod(path, mode)
    except OSError:
        pass  # not ours, or a file system without modes: see the module docstring


# ---- the private temp folder and publishing after COMMIT ---------------------------------

def private_temp_dir(data_dir) -> Path:
    """<data folder>/.tmp/, created 0700: only this user may read what is drawn there."""
    folder = Path(data_dir) / PRIVATE_TEMP
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(folder, DIR_MODE)
    except OSError as exc:
        raise UserError(f"无法在数据文件夹中建立临时文件夹：{exc.strerror or exc}", where=str(folder)) from None
    return folder


def private_temp(data_dir, name: str) -> Path:
    """Where a file to be published as `name` is drawn: the private folder, named with this
    process's pid (so a later start knows whether its writer is still alive)."""
    return private_temp_dir(data_dir) / f"{os.getpid()}-{uuid.uuid4().hex[:12]}{Path(name).suffix}"


def write_temp(temp: Path, data: bytes) -> None:
    """Write a drawn file into its private temp name (`private_temp`), flushed to disk: the name
    is new and unique and the folder private, so no temp-then-rename is needed here; `publish`
    renames it into place after the COMMIT. A failure removes what was written."""
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    except OSError as exc:
        raise UserError(f"无法写临时文件：{exc.strerror or exc}", where=str(temp)) from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        discard(temp)
        raise UserError(f"文件没有写成：{exc.strerror or exc}", where=str(temp)) from None
    os.close(fd)


def publish(temp: Path, dest: Path) -> None:
    """Move a drawn file into place — call only after the ledger transaction committed.
    Same drive: one rename. Another drive (a USB stick): copy beside the destination under a
    hidden name, fsync, rename; the temp file is removed either way. OSError is the caller's."""
    try:
        os.replace(temp, dest)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    part = dest.with_name(f".vd-{os.getpid()}-{uuid.uuid4().hex[:8]}-{dest.name}.part")
    _clear_dead_parts(dest.parent)
    try:
        with open(temp, "rb") as src, open(part, "wb") as out:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(part, FILE_MODE)  # private, as atomic_write
        os.replace(part, dest)
    finally:
        for leftover in (part, temp):
            try:
                leftover.unlink()
            except OSError:
                pass


_PART = re.compile(r"^\.vd-(\d+)-[0-9a-f]{8}-.+\.part$")


def _clear_dead_parts(folder: Path) -> None:
    """Half-copied files that a killed process left beside its destination on another drive
    (a USB stick): removed when the next file is published there; a live process's are kept."""
    try:
        names = [p for p in folder.iterdir() if p.name.startswith(".vd-") and p.name.endswith(".part")]
    except OSError:
        return
    for path in names:
        match = _PART.match(path.name)
        if match is not None and not pid_alive(int(match.group(1))):
            try:
                path.unlink()
            except OSError:
                pass


def discard(temp: Path | None) -> None:
    if temp is not None:
        try:
            Path(temp).unlink()
        except OSError:
            pass


def clear_leftovers(data_dir) -> list[Path]:
    """Remove what dead processes left in the private folder (a certificate drawn for a
    transaction that never committed), and the old-style `.NAME.pdf.PID.part` files earlier
    versions left beside certificates in 证明/. A live process's files are kept. Never raises:
    a read-only data folder must still open."""
    removed: list[Path] = []
    data_dir = Path(data_dir)
    candidates = []
    folder = data_dir / PRIVATE_TEMP
    try:
        candidates += [(p, _PID_NAME.match(p.name)) for p in folder.iterdir()] if folder.is_dir() else []
        certs = data_dir / PRINTOUT_FOLDERS[0]
        if certs.is_dir():
            old = re.compile(r"^\..+\.(\d+)\.part$")
            # 证明/ and 证明/<year>/ only: opening a desk must stay quick with years of certificates
            candidates += [(p, old.match(p.name)) for pattern in (".*.part", "*/.*.part") for p in certs.glob(pattern)]
    except OSError:
        return removed
    now = time.time()
    for path, match in candidates:
        try:
            stale = now - path.stat().st_mtime >= STALE_SECONDS
            if match is None and not (stale and path.parent.name == PRIVATE_TEMP):
                continue
            if match is not None and pid_alive(int(match.group(1))) and not stale:
                continue
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs now (never signals it: on Windows os.kill would end it)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


# ---------------------------------------------------------------- reading what a user hands in


def read_user_json(path: Path | str, *, what: str = "文件", max_bytes: int = 5 * 1024 * 1024):
    """The JSON document in `path`; UserError (Chinese, naming `what` and the file) when it
    is missing, too large, not UTF-8, not JSON, nested deeper than MAX_DEPTH or holds a
    number Python will not convert."""
    path = Path(path)
    try:
        if path.is_dir():
            raise UserError(f"这是一个文件夹，不是{what}：{path}")
        if not path.is_file():
            raise UserError(f"找不到{what}：{path}")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise UserError(f"无法读取{what}（{exc.strerror or exc}）：{path.name}") from None
    if len(data) > max_bytes:
        raise UserError(f"{what}过大（最多 {size_text(max_bytes)}）：{path.name}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{what}不是 UTF-8 编码的文字文件（是否选错了文件？）：{path.name}") from None
    return parse_user_json(text, what=what, name=path.name)
