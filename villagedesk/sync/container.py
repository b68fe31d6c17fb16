"""The bundle file: a zip written atomically and read back with every limit checked.

Why a zip: one file, any tool can list it, deflate is in every Python. Why so careful: a
bundle comes off a USB stick that may have been pulled out mid-write, or from someone who
wants a township to swallow something else. So a read never trusts the archive's own
directory: the names must be the manifest's, each member unpacks at most to the size the
signed manifest declares (a zip bomb stops there), and its SHA-256 must be the manifest's.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from villagedesk import files
from villagedesk.core import bundle_format as fmt
from villagedesk.core.errors import UserError

_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, KeyError, struct.error,
               RuntimeError, OverflowError, UnicodeDecodeError, IndexError)


@dataclass(frozen=True)
class Bundle:
    """A bundle read and checked: its manifest, members (name → bytes), the file's SHA-256."""

    manifest: fmt.Manifest
    members: dict[str, bytes]
    sha256: str
    size: int
    data: bytes  # the whole file, kept when a bundle is held until the gap before it fills


_LEVEL = 4  # deflate level of every member but the signature (see pack)


def pack(manifest: dict, members: Mapping[str, bytes], sign: Callable[[bytes], bytes]) -> bytes:
    """The bundle's bytes: members listed in the manifest with hash and size, the manifest
    signed. Deflate level 4: 3 % bigger than level 6 in two thirds of the time (100,000
    ledger entries: 139 bytes an entry instead of 135, budget 150; 0.5 s instead of 0.8)."""
    manifest = dict(manifest, members=[
        {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in members.items()])
    body = fmt.manifest_bytes(manifest)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_info(fmt.MANIFEST), body, compresslevel=_LEVEL)  # a ZipInfo ignores the archive's level
        zf.writestr(_info(fmt.SIGNATURE, stored=True), sign(body))
        for name, data in members.items():
            zf.writestr(_info(name), data, compresslevel=_LEVEL)
    return out.getvalue()


def _info(name: str, *, stored: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # no clock in the bytes
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def write(folder: Path, name: str, data: bytes) -> Path:
    """Write a bundle into a folder (a USB stick): free space checked first, then temp name →
    flush → fsync → rename (files.atomic_write), so a pulled stick leaves no half bundle under
    the real name. Never writes over an existing file: the name gets -2, -3 …"""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError("目标文件夹不存在（U 盘是否已插好？）", where=str(folder))
    if len(data) > fmt.FAT32_MAX:
        raise UserError("同步包超过 4 GB，FAT32 格式的 U 盘存不下", where=str(folder))
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise UserError(f"读不到这个位置的剩余空间：{exc.strerror or exc}", where=str(folder)) from None
    if free < len(data) + 64 * 1024:
        raise UserError(f"U 盘（或文件夹）剩余空间不足：同步包需要 {_mb(len(data))}，只剩 {_mb(free)}。"
                        "请腾出空间后重试", where=str(folder))
    path = folder / name
    stem, n = path.stem, 2
    while os.path.lexists(path):
        path = folder / f"{stem}-{n}{fmt.SUFFIX}"
        n += 1
    files.atomic_write(path, lambda fh: fh.write(data))
    return path


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def read_file(path: Path) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > fmt.MAX_TOTAL:
            raise fmt.bundle_error("文件过大，不是村务桌面的同步包")
        with open(path, "rb") as fh:
            return fh.read(fmt.MAX_TOTAL + 1)
    except FileNotFoundError:
        raise UserError("找不到这个文件（U 盘是否已拔出？）", where=str(path)) from None
    except IsADirectoryError:
        raise UserError("这是一个文件夹，请选择同步包文件（.vdbundle）", where=str(path)) from None
    except OSError as exc:
        raise UserError(f"读不出这个文件（U 盘是否已拔出？）：{exc.strerror or exc}", where=str(path)) from None


def read(data: bytes) -> Bundle:
    """Open and check a bundle's bytes: the archive, the names, the manifest and its
    signature by the key it names, then every member's size and hash. Who that key belongs
    to, and whether it is trusted, is the caller's question (services/sync.py)."""
    sha = hashlib.sha256(data).hexdigest()
    if len(data) < 22:
        raise fmt.bundle_error("文件不完整（可能拔出 U 盘时还没写完）")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise fmt.bundle_error("文件不完整或已损坏（可能拔出 U 盘时还没写完，或被改动过）") from None
    with zf:
        try:
            infos = zf.infolist()
        except _ZIP_ERRORS:
            raise fmt.bundle_error("文件已损坏") from None
        names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            if name in names:
                raise fmt.bundle_error(f"包内有重名文件「{name[:60]}」")
            if name not in (fmt.MANIFEST, fmt.SIGNATURE) and not fmt.MEMBER_NAME.fullmatch(name):
                raise fmt.bundle_error(f"包内有不允许的文件名「{name[:60]}」（可能是恶意构造的包）")
            names[name] = info
        if fmt.MANIFEST not in names or fmt.SIGNATURE not in names:
            raise fmt.bundle_error("缺少清单或签名，不是完整的村务桌面同步包")
        manifest_bytes = _member(zf, names[fmt.MANIFEST], fmt.MAX_MANIFEST)
        signature = _member(zf, names[fmt.SIGNATURE], 64)
        try:
            manifest = fmt.parse_manifest(manifest_bytes)
        except (TypeError, AttributeError):  # a section part, member or source of the wrong JSON type
            raise fmt.bundle_error("清单（manifest）的格式不对：文件已损坏或被改动") from None
        try:
            Ed25519PublicKey.from_public_bytes(manifest.public_key).verify(signature, manifest_bytes)
        except (InvalidSignature, ValueError):
            raise fmt.bundle_error("签名无效：清单在写出后被改动，或不是这把密钥签的") from None
        extra = set(names) - set(manifest.members) - {fmt.MANIFEST, fmt.SIGNATURE}
        missing = set(manifest.members) - set(names)
        if extra or missing:
            which = sorted(extra or missing)[0]
            raise fmt.bundle_error(f"包内文件与清单不符（{'多出' if extra else '缺少'}「{which}」）")
        members: dict[str, bytes] = {}
        for name, declared in manifest.members.items():
            body = _member(zf, names[name], declared["size"])
            if len(body) != declared["size"] or hashlib.sha256(body).hexdigest() != declared["sha256"]:
                raise fmt.bundle_error(f"「{name}」的内容与清单不符：文件已损坏或被改动")
            members[name] = body
    return Bundle(manifest=manifest, members=members, sha256=sha, size=len(data), data=data)


def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, never more than `limit` (+1 to see that it is more): the archive's
    own size fields can lie, so the reading itself stops."""
    if info.file_size > limit:
        raise fmt.bundle_error(f"「{info.filename}」解开后比清单写的大：内容与清单不符（被改动过，或是压缩炸弹）")
    if info.file_size > 1024 * 1024 and info.file_size > fmt.MAX_RATIO * max(1, info.compress_size):
        raise fmt.bundle_error(f"「{info.filename}」的压缩比异常（可能是压缩炸弹）")
    try:
        with zf.open(info) as fh:
            body = fh.read(limit + 1)
    except _ZIP_ERRORS:
        raise fmt.bundle_error(f"「{info.filename}」已损坏（可能拔出 U 盘时还没写完，或被改动过）") from None
    if len(body) > limit:
        raise fmt.bundle_error(f"「{info.filename}」解开后比清单写的大：内容与清单不符（被改动过，或是压缩炸弹）")
    return body
