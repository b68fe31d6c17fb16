"""The desk's own signing key and the public keys of the offices it trusts.

The private key is kept as raw bytes in the desk database, deliberately: that file is the
office's record (ledger, numbers, keys belong together and are backed up together), the
PC is offline, and protecting the file is the PC's job (a Windows account, a locked
office). An encrypted key with a password would be lost with the password, and every
certificate after it would carry a new key. A later issue may move the key to the OS
keystore (Windows DPAPI); the table keeps a row per key, so that stays a migration.
Keys are never deleted: certificates and ledger entries signed with them must stay
checkable. The private key never leaves this module except as a `sign` function.
"""

from __future__ import annotations

import base64
import binascii
import re
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlite_utils
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from villagedesk.core.errors import Problem, UserError
from villagedesk.core.payload import ALG_NAMES, ED25519, key_id_for
from villagedesk.core.text import control_chars
from villagedesk.store.db import write

KEY_FORMAT = "villagedesk-key/1"
_ALG_IDS = {name: alg for alg, name in ALG_NAMES.items()}
_HEX_ID = re.compile(r"[0-9a-f]{16}")
_OFFICE_CODE = re.compile(r"[0-9]{12}")
_TRUSTED_COLUMNS = "key_id, alg, public_key, office_code, office_name, own, created_at, added_at, source, revoked_at, revoked_reason"


@dataclass(frozen=True)
class Signer:
    """Signs with the desk's active key; hand `key_id`, `sign` and `alg` to payload.seal."""

    key_id: bytes
    alg: int
    public_key: bytes
    _private: Ed25519PrivateKey = field(repr=False, compare=False)

    @property
    def key_id_hex(self) -> str:
        return self.key_id.hex()

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)


@dataclass(frozen=True)
class TrustedKey:
    key_id: bytes
    alg: int  # core.payload algorithm id (ED25519 = 1)
    public_key: bytes
    office_code: str
    office_name: str
    own: bool  # this desk's own key
    created_at: str  # when the issuing desk made it, as its export file says
    added_at: str  # when this desk added it
    source: str  # where it came from (file name, "本机生成")
    revoked_at: str | None
    revoked_reason: str

    @property
    def key_id_hex(self) -> str:
        return self.key_id.hex()

    @property
    def alg_name(self) -> str:
        return ALG_NAMES.get(self.alg, str(self.alg))

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def to_dict(self) -> dict:
        return {
            "key_id": self.key_id_hex,
            "alg": self.alg_name,
            "public_key": base64.b64encode(self.public_key).decode("ascii"),
            "office_code": self.office_code,
            "office_name": self.office_name,
            "own": self.own,
            "created_at": self.created_at,
            "added_at": self.added_at,
            "source": self.source,
            "revoked_at": self.revoked_at,
            "revoked_reason": self.revoked_reason,
        }


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@contextmanager
def _write_lock(db: sqlite_utils.Database):
    """write(db), or the caller's transaction when it already holds one (a service that
    signs inside its ledger transaction must not be made to nest BEGIN)."""
    with (nullcontext(db) if db.conn.in_transaction else write(db)):
        yield db


def _check_office(office_code: str, office_name: str) -> None:
    if not isinstance(office_code, str) or not _OFFICE_CODE.fullmatch(office_code):
        raise UserError(f"“{office_code}”不是 12 位数字的区划代码", where="办公室区划代码")
    if not isinstance(office_name, str) or not office_name.strip():
        raise UserError("办公室名称不能为空", where="办公室名称")


def _active_own(db: sqlite_utils.Database):
    return db.execute(
        "SELECT s.key_id, s.private_key, t.office_code, t.office_name FROM signing_keys s "
        "LEFT JOIN trusted_keys t ON t.key_id = s.key_id WHERE s.retired_at IS NULL"
    ).fetchone()


def own_signer(db: sqlite_utils.Database, *, office_code: str, office_name: str) -> Signer:
    """The desk's active Ed25519 key, made on first use. Two processes asking at once end
    with one key: the check is repeated under the write lock, and a unique index backs it."""
    _check_office(office_code, office_name)
    row = _active_own(db)
    if row is None or (row[2], row[3]) != (office_code, office_name):
        with _write_lock(db):
            row = _active_own(db)
            if row is None:
                row = _create_own_key(db, office_code, office_name)
            elif (row[2], row[3]) != (office_code, office_name):
                # the desk was renamed (or given its proper code): exports name the office as it is now
                db.execute("UPDATE trusted_keys SET office_code = ?, office_name = ? WHERE key_id = ? AND own = 1",
                           [office_code, office_name, row[0]])
    private = Ed25519PrivateKey.from_private_bytes(bytes(row[1]))
    return Signer(bytes.fromhex(row[0]), ED25519, _raw_public(private), private)


def _create_own_key(db: sqlite_utils.Database, office_code: str, office_name: str):
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = _raw_public(private)
    key_id = key_id_for(public).hex()
    now = _now()
    db.execute("INSERT INTO signing_keys (key_id, alg, private_key, public_key, created_at) VALUES (?, 'Ed25519', ?, ?, ?)",
               [key_id, raw_private, public, now])
    db.execute(f"INSERT INTO trusted_keys ({_TRUSTED_COLUMNS}) VALUES (?, 'Ed25519', ?, ?, ?, 1, ?, ?, '本机生成', NULL, '')",
               [key_id, public, office_code, office_name, now, now])
    return (key_id, raw_private, office_code, office_name)


def _trusted(row) -> TrustedKey:
    return TrustedKey(bytes.fromhex(row[0]), _ALG_IDS.get(row[1], 0), bytes(row[2]), row[3], row[4], bool(row[5]),
                      row[6], row[7], row[8], row[9], row[10])


def find_key(db: sqlite_utils.Database, key_id: bytes) -> TrustedKey | None:
    """The trusted key with this id, revoked ones included (the caller decides what a
    revocation means for a certificate signed before it)."""
    row = db.execute(f"SELECT {_TRUSTED_COLUMNS} FROM trusted_keys WHERE key_id = ?", [bytes(key_id).hex()]).fetchone()
    return _trusted(row) if row else None


def list_keys(db: sqlite_utils.Database) -> list[TrustedKey]:
    """Own key(s) first, then valid keys by office, revoked ones last."""
    rows = db.execute(
        f"SELECT {_TRUSTED_COLUMNS} FROM trusted_keys ORDER BY own DESC, revoked_at IS NOT NULL, office_code, added_at, key_id"
    ).fetchall()
    return [_trusted(r) for r in rows]


def export_public_key(db: sqlite_utils.Database) -> dict:
    """The desk's active public key as the JSON another desk imports with trust_key."""
    row = db.execute(
        "SELECT s.key_id, s.public_key, s.created_at, t.office_code, t.office_name FROM signing_keys s "
        "JOIN trusted_keys t ON t.key_id = s.key_id WHERE s.retired_at IS NULL"
    ).fetchone()
    if row is None:
        raise UserError("本机还没有签名密钥：出具第一份证明时会自动生成")
    return {
        "format": KEY_FORMAT,
        "office_code": row[3],
        "office_name": row[4],
        "alg": "Ed25519",
        "key_id": row[0],
        "public_key": base64.b64encode(bytes(row[1])).decode("ascii"),
        "created_at": row[2],
    }


def trust_key(db: sqlite_utils.Database, data: dict, *, source: str) -> TrustedKey:
    """Add another office's public key (an export_public_key dict). The same key again is
    a no-op; another key under an id already known is refused, and so is a revoked key."""
    key = _parse_key_data(data)
    with _write_lock(db):
        existing = find_key(db, key["key_id"])
        if existing is not None:
            if existing.public_key != key["public_key"]:
                raise UserError(f"密钥编号 {existing.key_id_hex} 已属于{existing.office_name}（{existing.office_code}），"
                                "这个文件里的公钥却不同：可能是伪造的，已拒绝", where="key_id")
            if existing.revoked:
                raise UserError(f"这把密钥已于 {existing.revoked_at[:10]} 停用（{existing.revoked_reason}），不能重新信任",
                                where="key_id")
            return existing
        db.execute(f"INSERT INTO trusted_keys ({_TRUSTED_COLUMNS}) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, NULL, '')",
                   [key["key_id"].hex(), "Ed25519", key["public_key"], key["office_code"], key["office_name"],
                    key["created_at"], _now(), str(source or "")[:500]])
        return find_key(db, key["key_id"])


def _parse_key_data(data: dict) -> dict:
    if not isinstance(data, dict):
        raise UserError("不是村务桌面的公钥文件（内容应是一个 JSON 对象）")
    if data.get("format") != KEY_FORMAT:
        raise UserError(f"不是村务桌面的公钥文件（format 应为 {KEY_FORMAT}）", where="format")
    problems: list[Problem] = []

    def bad(where: str, message: str) -> None:
        problems.append(Problem("error", message, where))

    def text(name: str, limit: int) -> str:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            bad(name, "缺少或为空")
            return ""
        if len(value) > limit or control_chars(value):
            bad(name, f"过长（超过 {limit} 个字符）或含有控制字符")
        return value.strip()

    office_code = text("office_code", 12)
    if office_code and not _OFFICE_CODE.fullmatch(office_code):
        bad("office_code", f"“{office_code}”不是 12 位数字的区划代码")
    office_name = text("office_name", 100)
    alg = data.get("alg")
    if alg != "Ed25519":
        bad("alg", "本程序暂不支持 SM2 签名密钥" if alg == "SM2" else f"签名算法“{alg}”不认识（应为 Ed25519）")
    public_key = b""
    raw_text = data.get("public_key")
    try:
        public_key = base64.b64decode(raw_text if isinstance(raw_text, str) else "", validate=True)
        Ed25519PublicKey.from_public_bytes(public_key)
    except (binascii.Error, ValueError):
        bad("public_key", "不是有效的 Ed25519 公钥（应为 32 字节的 Base64）")
        public_key = b""
    key_id_text = str(data.get("key_id") or "").strip().lower()
    if not _HEX_ID.fullmatch(key_id_text):
        bad("key_id", "应为 16 位十六进制数字")
    elif public_key and key_id_for(public_key).hex() != key_id_text:
        bad("key_id", "与公钥不符：文件被改动过或抄错了")
    created_at = data.get("created_at", "")
    if not isinstance(created_at, str) or len(created_at) > 40:
        bad("created_at", "不是日期时间")
        created_at = ""
    if problems:
        raise UserError("公钥文件有误，没有导入", problems=problems)
    return {"key_id": key_id_for(public_key), "public_key": public_key, "office_code": office_code,
            "office_name": office_name, "created_at": created_at}


def revoke_key(db: sqlite_utils.Database, key_id_hex: str, reason: str) -> TrustedKey:
    """Stop trusting a key from now on (it stays listed, with the reason). Revoking the
    desk's own key retires it too: the next certificate is signed with a new key."""
    key_id_text = str(key_id_hex or "").strip().lower()
    if not _HEX_ID.fullmatch(key_id_text):
        raise UserError(f"“{key_id_hex}”不是密钥编号（16 位十六进制数字）", where="密钥编号")
    reason = str(reason or "").strip()
    if not reason or control_chars(reason) or len(reason) > 500:
        raise UserError("请写明停用原因（500 字以内，不含控制字符）", where="停用原因")
    with _write_lock(db):
        key = find_key(db, bytes.fromhex(key_id_text))
        if key is None:
            raise UserError(f"本机没有编号为 {key_id_text} 的密钥", where="密钥编号")
        if key.revoked:
            raise UserError(f"这把密钥已于 {key.revoked_at[:10]} 停用（{key.revoked_reason}）", where="密钥编号")
        now = _now()
        db.execute("UPDATE trusted_keys SET revoked_at = ?, revoked_reason = ? WHERE key_id = ?", [now, reason, key_id_text])
        if key.own:
            db.execute("UPDATE signing_keys SET retired_at = ? WHERE key_id = ? AND retired_at IS NULL", [now, key_id_text])
        return find_key(db, key.key_id)
