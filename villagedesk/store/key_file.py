"""The desk's private signing key, in its own file beside the ledger, never in the database.

`<data folder>/keys/desk-<key id>.key`, a short text file:

    villagedesk-private-key/1
    protection: dpapi            (Windows) | file-permissions (elsewhere)
    key_id: 0123456789abcdef
    data: <Base64>

On Windows the 32 key bytes are sealed with DPAPI (CryptProtectData, user scope): only the
same Windows account on the same PC opens them, so a copied data folder or backup carries no
usable key. Elsewhere there is no OS keystore we can rely on offline (no keyring daemon on a
plain Linux PC), so the file holds the raw key and is protected only by its mode (0600 in a
0700 folder, files.private_dir): any process of the same user, and root, can read it.
The file is written once (temp file, fsync, rename) and never changed; the database keeps the
public key, which `load` checks the file against.
"""

from __future__ import annotations

import base64
import binascii
import os
import sys
from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.files import create_private, private_dir

HEADER = "villagedesk-private-key/1"
FOLDER = "keys"


def key_path(data_dir: Path, key_id_hex: str) -> Path:
    return Path(data_dir) / FOLDER / f"desk-{key_id_hex}.key"


def relative_name(key_id_hex: str) -> str:
    return f"{FOLDER}/desk-{key_id_hex}.key"


def save(data_dir: Path, key_id_hex: str, raw_private: bytes) -> Path:
    """Write the key file once; an identical file already there (a migration run again after
    a crash) is kept, a different one is refused."""
    path = key_path(data_dir, key_id_hex)
    private_dir(path.parent)
    if path.exists():
        if _read_raw(path, key_id_hex) != raw_private:
            raise UserError(f"密钥文件 {path.name} 已存在且内容不同，没有覆盖它：请联系技术支持", where=str(path))
        return path
    protection, sealed = ("dpapi", _dpapi(raw_private, protect=True)) if sys.platform == "win32" else (
        "file-permissions", raw_private)
    text = f"{HEADER}\nprotection: {protection}\nkey_id: {key_id_hex}\ndata: {base64.b64encode(sealed).decode()}\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = create_private(tmp, exclusive=False)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("ascii"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise
    _fsync_dir(path.parent)
    return path


# the key last read, by its file's identity: issuing reads the key once per certificate, and a
# replaced or rewritten file (another inode, size or time) is read again
_LOADED: dict[tuple, bytes] = {}


def load(data_dir: Path, key_id_hex: str) -> bytes:
    path = key_path(data_dir, key_id_hex)
    try:
        st = path.stat()
    except OSError:
        raise UserError(f"找不到本机签名密钥文件 keys/{path.name}：数据文件夹可能不完整。"
                        "请从备份恢复整个数据文件夹，或用 key revoke 停用这把密钥后重新生成", where=str(path)) from None
    identity = (str(path), key_id_hex, st.st_ino, st.st_size, st.st_mtime_ns)
    raw = _LOADED.get(identity)
    if raw is None:
        raw = _read_raw(path, key_id_hex)
        _LOADED.clear()
        _LOADED[identity] = raw
    return raw


def _read_raw(path: Path, key_id_hex: str) -> bytes:
    try:
        head, *rest = path.read_text(encoding="ascii").splitlines()
        lines = dict(line.split(": ", 1) for line in rest if ": " in line)
        sealed = base64.b64decode(lines.get("data", ""), validate=True)
    except (OSError, UnicodeDecodeError, ValueError, binascii.Error):
        raise UserError("签名密钥文件无法读取或已损坏", where=str(path)) from None
    if head != HEADER or lines.get("key_id") != key_id_hex:
        raise UserError("签名密钥文件不是这把密钥的", where=str(path))
    if lines.get("protection") == "dpapi":
        if sys.platform != "win32":
            raise UserError("签名密钥文件由 Windows 加密保护，只能在原来那台电脑的同一账户下使用", where=str(path))
        return _dpapi(sealed, protect=False)
    return sealed


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(str(folder), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _dpapi(data: bytes, *, protect: bool) -> bytes:
    """CryptProtectData / CryptUnprotectData (crypt32.dll), user scope, no UI."""
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    crypt32, kernel32 = ctypes.windll.crypt32, ctypes.windll.kernel32  # type: ignore[attr-defined]
    buffer = ctypes.create_string_buffer(data, len(data))
    blob_in, blob_out = Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), Blob()
    ui_forbidden = 0x1
    if protect:
        ok = crypt32.CryptProtectData(ctypes.byref(blob_in), "VillageDesk signing key", None, None, None,
                                      ui_forbidden, ctypes.byref(blob_out))
    else:
        ok = crypt32.CryptUnprotectData(ctypes.byref(blob_in), None, None, None, None, ui_forbidden,
                                        ctypes.byref(blob_out))
    if not ok:
        raise UserError("Windows 无法解开签名密钥（DPAPI）：需在生成密钥的电脑和同一 Windows 账户下使用")
    try:
        return ctypes.string_at(blob_out.pbData, blob_out.cbData)
    finally:
        kernel32.LocalFree(blob_out.pbData)
