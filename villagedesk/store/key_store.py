"""The desk's own signing key and the public keys of the offices it trusts.

Since schema v6 the private key is not in the database: it lives in its own file in the data
folder (store/key_file.py: DPAPI-sealed on Windows, a 0600 file elsewhere), so the ledger
file, its WAL and its backups can be copied without handing out the key. The database keeps
the public key and checks the file against it. No password: a forgotten password would lose
the key and split the office's certificates between two keys.
Keys are never deleted: certificates and ledger entries signed with them must stay
checkable; a revocation is a record with its date and reason (key_revocations).
The private key never leaves this module except as a `sign` function.
"""

from __future__ import annotations

import base64
import binascii
import re
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import sqlite_utils
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from villagedesk.core.ed25519_checks import is_weak_public_key
from villagedesk.core.errors import Problem, UserError
from villagedesk.core.key_fingerprint import fingerprint
from villagedesk.core.payload import ALG_NAMES, ED25519, key_id_for
from villagedesk.core.text import control_chars
from villagedesk.store import desk_seat, key_file
from villagedesk.store.db import write

KEY_FORMAT = "villagedesk-key/1"
_ALG_IDS = {name: alg for alg, name in ALG_NAMES.items()}
_HEX_ID = re.compile(r"[0-9a-f]{16}")
_OFFICE_CODE = re.compile(r"[0-9]{12}")
_TRUSTED_COLUMNS = "key_id, alg, public_key, office_code, office_name, own, created_at, added_at, source, revoked_at, revoked_reason"
# schema v9: how the key came to be trusted, its validity and the desk that holds it
_V9_COLUMNS = "via, valid_from, valid_until, desk_id"
_READ_COLUMNS = f"{_TRUSTED_COLUMNS}, {_V9_COLUMNS}"
VIA_NAMES = {"own": "本机", "hand": "手工", "trust-list": "信任清单"}


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
    revoked_at: str | None  # from when it is no longer trusted (a date, or the moment it was revoked)
    revoked_reason: str
    via: str = "hand"  # own | hand (trusted from a key file) | trust-list (the county's signed list)
    valid_from: str | None = None  # YYYY-MM-DD: certificates dated earlier are not valid (None: no bound)
    valid_until: str | None = None  # YYYY-MM-DD: the last valid day (None: no end)
    desk_id: str = ""  # the desk holding the key, when known (a trust list or an enrolment says)

    @property
    def via_name(self) -> str:
        return VIA_NAMES.get(self.via, self.via)

    def outside_validity(self, day: str) -> str | None:
        """Why a certificate dated `day` (YYYY-MM-DD) falls outside the key's validity, or None."""
        if self.valid_from and day < self.valid_from:
            return f"早于这把密钥的有效期起始日 {self.valid_from}"
        if self.valid_until and day > self.valid_until:
            return f"晚于这把密钥的有效期截止日 {self.valid_until}"
        return None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

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
            "fingerprint": self.fingerprint,
            "via": self.via,
            "via_name": self.via_name,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "desk_id": self.desk_id,
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
        "SELECT s.key_id, s.public_key, t.office_code, t.office_name FROM signing_keys s "
        "LEFT JOIN trusted_keys t ON t.key_id = s.key_id WHERE s.retired_at IS NULL"
    ).fetchone()


def data_dir_of(db: sqlite_utils.Database) -> Path:
    """The data folder: the folder of the main database file (the key files live beside it)."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    if not path:
        raise UserError("内存中的数据库没有数据文件夹，无法保存签名密钥")
    return Path(path).parent


def own_signer(db: sqlite_utils.Database, *, office_code: str, office_name: str) -> Signer:
    """The desk's active Ed25519 key, made on first use. Two processes asking at once end
    with one key: the check is repeated under the write lock, and a unique index backs it.
    The key stays with its office: a renamed office keeps it, another region code is refused
    (services/desk.py makes a new key when a desk with an empty ledger changes office)."""
    _check_office(office_code, office_name)
    desk_seat.require_here(db)
    row = _active_own(db)
    if row is None or (row[2], row[3]) != (office_code, office_name):
        with _write_lock(db):
            row = _active_own(db)
            if row is None:
                row = _create_own_key(db, office_code, office_name)
            elif row[2] != office_code:
                raise UserError(f"本机签名密钥属于办公室 {row[2]}，不能用于 {office_code}：另一个办公室请使用新的数据文件夹（--data-dir）",
                                where="办公室区划代码")
            elif row[3] != office_name:
                # the desk was renamed: exports name the office as it is now
                db.execute("UPDATE trusted_keys SET office_name = ? WHERE key_id = ? AND own = 1", [office_name, row[0]])
    private = Ed25519PrivateKey.from_private_bytes(key_file.load(data_dir_of(db), row[0]))
    if _raw_public(private) != bytes(row[1]):
        raise UserError(f"签名密钥文件 keys/desk-{row[0]}.key 与本机登记的公钥不符：可能被替换过，已停止签名")
    return Signer(bytes.fromhex(row[0]), ED25519, bytes(row[1]), private)


def _create_own_key(db: sqlite_utils.Database, office_code: str, office_name: str):
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = _raw_public(private)
    key_id = key_id_for(public).hex()
    now = _now()
    key_file.save(data_dir_of(db), key_id, raw_private)  # the file first: a row never names a missing file
    db.execute("INSERT INTO signing_keys (key_id, alg, public_key, key_file, created_at) VALUES (?, 'Ed25519', ?, ?, ?)",
               [key_id, public, key_file.relative_name(key_id), now])
    db.execute(f"INSERT INTO trusted_keys ({_TRUSTED_COLUMNS}, via, desk_id) "
               "VALUES (?, 'Ed25519', ?, ?, ?, 1, ?, ?, '本机生成', NULL, '', 'own', COALESCE((SELECT desk_id FROM desk WHERE id = 1), ''))",
               [key_id, public, office_code, office_name, now, now])
    return (key_id, public, office_code, office_name)


def retire_own(db: sqlite_utils.Database) -> str | None:
    """Stop signing with the desk's active key (kept, and still trusted for what it signed):
    the next own_signer makes a new one. Returns the retired key id. In the caller's transaction."""
    row = _active_own(db)
    if row is None:
        return None
    db.execute("UPDATE signing_keys SET retired_at = ? WHERE key_id = ? AND retired_at IS NULL", [_now(), row[0]])
    return str(row[0])


def active_own_office(db: sqlite_utils.Database) -> str | None:
    """The office code the desk's active key belongs to (None: no key yet)."""
    row = _active_own(db)
    return row[2] if row else None


def _trusted(row) -> TrustedKey:
    return TrustedKey(bytes.fromhex(row[0]), _ALG_IDS.get(row[1], 0), bytes(row[2]), row[3], row[4], bool(row[5]),
                      row[6], row[7], row[8], row[9], row[10], row[11], row[12], row[13], row[14] or "")


def _found(key: TrustedKey | None) -> TrustedKey:
    """A key just written in this transaction, read back (it is there: the write succeeded)."""
    assert key is not None
    return key


def find_key(db: sqlite_utils.Database, key_id: bytes) -> TrustedKey | None:
    """The trusted key with this id, revoked ones included (the caller decides what a
    revocation means for a certificate signed before it)."""
    row = db.execute(f"SELECT {_READ_COLUMNS} FROM trusted_keys WHERE key_id = ?", [bytes(key_id).hex()]).fetchone()
    return _trusted(row) if row else None


def find_key_hex(db: sqlite_utils.Database, key_id_hex: object) -> TrustedKey | None:
    """find_key for a key id as text (a ledger entry's, a bundle's): None when it is not 16
    lowercase hex digits, as for a key this desk does not know."""
    if not isinstance(key_id_hex, str) or not _HEX_ID.fullmatch(key_id_hex):
        return None
    return find_key(db, bytes.fromhex(key_id_hex))


def list_keys(db: sqlite_utils.Database) -> list[TrustedKey]:
    """Own key(s) first, then valid keys by office, revoked ones last."""
    rows = db.execute(
        f"SELECT {_READ_COLUMNS} FROM trusted_keys ORDER BY own DESC, revoked_at IS NOT NULL, office_code, added_at, key_id"
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


def office_keys(db: sqlite_utils.Database, office_code: str) -> list[TrustedKey]:
    """The keys trusted (not revoked) for an office other than this desk."""
    return [k for k in list_keys(db) if k.office_code == office_code and not k.own and not k.revoked]


def trust_key(db: sqlite_utils.Database, data: dict, *, source: str, own_office_code: str | None = None,
              second_key: bool = False) -> TrustedKey:
    """Add another office's public key (an export_public_key dict). The same key again is
    a no-op; another key under an id already known is refused, and so is a revoked key.
    A key claiming this desk's own office (`own_office_code`) is refused: a fake desk set up
    with our region code would otherwise mint certificates that verify here. A second key
    for an office already trusted needs `second_key` (an office normally has one key)."""
    key = parse_key_data(data)
    with _write_lock(db):
        existing = find_key(db, key["key_id"])
        if existing is not None:
            if existing.public_key != key["public_key"]:
                raise UserError(f"密钥编号 {existing.key_id_hex} 已属于{existing.office_name}（{existing.office_code}），"
                                "这个文件里的公钥却不同：可能是伪造的，已拒绝", where="key_id")
            if existing.revoked:
                raise UserError(f"这把密钥已于 {(existing.revoked_at or '')[:10]} 停用（{existing.revoked_reason}），不能重新信任",
                                where="key_id")
            return existing
        if own_office_code and key["office_code"] == own_office_code:
            raise UserError(f"这把公钥声称属于本机自己的办公室（{own_office_code}），已拒绝：本机的证明只用本机自己的密钥签名，"
                            "同一区划代码的另一把密钥很可能是伪造的", where="office_code")
        others = office_keys(db, key["office_code"])
        if others and not second_key:
            raise UserError(f"已信任{others[0].office_name}（{key['office_code']}）的密钥 {others[0].fingerprint}。"
                            "一个单位通常只有一把密钥，第二把可能是伪造的：请先电话核实，确认后加 --second-key 再导入",
                            where="office_code")
        db.execute(f"INSERT INTO trusted_keys ({_TRUSTED_COLUMNS}, via) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, NULL, '', 'hand')",
                   [key["key_id"].hex(), "Ed25519", key["public_key"], key["office_code"], key["office_name"],
                    key["created_at"], _now(), str(source or "")[:500]])
        return _found(find_key(db, key["key_id"]))


def parse_key_data(data: dict) -> dict:
    """A key file's content checked: office, algorithm, a public key that is a real point
    (small-order keys refused: anyone could sign for them), and an id that matches it."""
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
    if public_key and is_weak_public_key(public_key):
        bad("public_key", "是无效的弱公钥（小阶点）：用它任何人都能伪造签名，已拒绝")
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


def revoke_key(db: sqlite_utils.Database, key_id_hex: str, reason: str, *, effective_on: date | str | None = None) -> TrustedKey:
    """Stop trusting a key from `effective_on` (default: now); it stays listed, with the date
    and reason, and the revocation is a record of its own (key_revocations). A mistaken
    trust is undone the same way, dated back to when it was added. Revoking the desk's own
    key retires it too: the next certificate is signed with a new key."""
    key_id_text = str(key_id_hex or "").strip().lower()
    if not _HEX_ID.fullmatch(key_id_text):
        raise UserError(f"“{key_id_hex}”不是密钥编号（16 位十六进制数字）", where="密钥编号")
    reason = str(reason or "").strip()
    if not reason or control_chars(reason) or len(reason) > 500:
        raise UserError("请写明停用原因（500 字以内，不含控制字符）", where="停用原因")
    now = _now()
    if effective_on in (None, ""):
        revoked_at = now
    else:
        try:
            day = effective_on if isinstance(effective_on, date) else date.fromisoformat(str(effective_on).strip())
        except ValueError:
            raise UserError(f"“{effective_on}”不是日期（应为 YYYY-MM-DD）", where="撤销日期") from None
        if day > date.fromisoformat(now[:10]):
            raise UserError("撤销日期不能晚于今天", where="撤销日期")
        revoked_at = day.isoformat()
    with _write_lock(db):
        key = find_key(db, bytes.fromhex(key_id_text))
        if key is None:
            raise UserError(f"本机没有编号为 {key_id_text} 的密钥", where="密钥编号")
        if key.revoked:
            raise UserError(f"这把密钥已于 {(key.revoked_at or '')[:10]} 停用（{key.revoked_reason}）", where="密钥编号")
        db.execute("UPDATE trusted_keys SET revoked_at = ?, revoked_reason = ? WHERE key_id = ?",
                   [revoked_at, reason, key_id_text])
        db.execute("INSERT INTO key_revocations (key_id, effective_on, reason, recorded_at) VALUES (?, ?, ?, ?)",
                   [key_id_text, revoked_at[:10], reason, now])
        if key.own:
            db.execute("UPDATE signing_keys SET retired_at = ? WHERE key_id = ? AND retired_at IS NULL", [now, key_id_text])
        return _found(find_key(db, key.key_id))


def revocations(db: sqlite_utils.Database, key_id_hex: str | None = None) -> list[dict]:
    """The revocation records, oldest first (all, or one key's)."""
    sql = "SELECT key_id, effective_on, reason, recorded_at FROM key_revocations"
    rows = db.execute(sql + (" WHERE key_id = ?" if key_id_hex else "") + " ORDER BY id",
                      [key_id_hex] if key_id_hex else []).fetchall()
    return [{"key_id": r[0], "effective_on": r[1], "reason": r[2], "recorded_at": r[3]} for r in rows]
