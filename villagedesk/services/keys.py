"""Keys as the clerk handles them: look at a key file's fingerprint before trusting it,
trust, revoke, list, export. The CLI and the window both call these and never the key
store itself; the store does the checks that must hold under the write lock
(store/key_store.py).

Trusting is a two-step act on purpose: `inspect_key_file` shows who the file claims to be and
the fingerprint in short groups, which the clerk reads back to the other office on the phone;
only then `trust_key_file`. A key for this desk's own office is refused; a second key for an
office already trusted needs an explicit, warned `second_key`.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from villagedesk.core.ed25519_checks import is_weak_public_key
from villagedesk.core.errors import UserError
from villagedesk.core.key_fingerprint import fingerprint
from villagedesk.services.session import Session
from villagedesk.store import key_store

MAX_KEY_FILE = 64 * 1024
SECOND_KEY_WARNING = ("一个单位通常只有一把签名密钥。{office} 已有受信任的密钥（指纹 {existing}），"
                      "第二把可能是伪造的：请先打电话向该单位核对新密钥的指纹，确认无误再继续。")
WEAK_KEY_TEXT = "签名密钥是无效的弱公钥（小阶点）：用它任何人都能伪造签名，此证明不可采信。请在密钥列表中撤销这把密钥。"


def read_key_file(path: Path | str) -> dict:
    """The JSON of a public key file, with plain Chinese errors for anything else."""
    from villagedesk.files import read_user_json

    return read_user_json(path, what="公钥文件", max_bytes=MAX_KEY_FILE)


def inspect_key_file(session: Session, path: Path | str) -> dict:
    """What trusting this file would do, changing nothing: who it claims to be, its
    fingerprint, whether the key is known already, and the office's keys already trusted."""
    desk = session.require_desk()
    key = key_store.parse_key_data(read_key_file(path))
    existing = key_store.find_key(session.db, key["key_id"])
    others = [k for k in key_store.office_keys(session.db, key["office_code"]) if k.key_id != key["key_id"]]
    own_office = key["office_code"] == desk.region_code and not (existing is not None and existing.own)
    return {"file": str(path), "office_code": key["office_code"], "office_name": key["office_name"],
            "key_id": key["key_id"].hex(), "fingerprint": fingerprint(key["public_key"]),
            "created_at": key["created_at"], "already_trusted": existing is not None, "own_office": own_office,
            "second_key": bool(others) and existing is None,
            "existing": [{"key_id": k.key_id_hex, "fingerprint": k.fingerprint, "office_name": k.office_name} for k in others],
            "warning": SECOND_KEY_WARNING.format(office=f"{key['office_name']}（{key['office_code']}）",
                                                 existing="、".join(k.fingerprint for k in others)) if others and existing is None else ""}


def trust_key_file(session: Session, path: Path | str, *, second_key: bool = False,
                   confirmed_fingerprint: str | None = None) -> dict:
    """Trust the key in the file. `confirmed_fingerprint`: the fingerprint the clerk read back
    on the phone (from `inspect_key_file`); a file whose key changed since is refused, so what
    is trusted is exactly what was checked."""
    desk = session.require_desk()
    data = read_key_file(path)
    if confirmed_fingerprint is not None:
        shown = key_store.parse_key_data(data)
        if fingerprint(shown["public_key"]) != confirmed_fingerprint:
            raise UserError("公钥文件在核对指纹之后被改动过，没有信任它：请重新核对指纹", where=str(path))
    key = key_store.trust_key(session.db, data, source=Path(path).name,
                              own_office_code=desk.region_code, second_key=second_key)
    return key.to_dict()


def revoke(session: Session, key_id: str, reason: str, *, effective_on: str | None = None) -> dict:
    session.require_desk()
    key = key_store.revoke_key(session.db, key_id, reason, effective_on=effective_on or None)
    return {**key.to_dict(), "revocations": key_store.revocations(session.db, key.key_id_hex)}


def list_keys(session: Session) -> list[dict]:
    history: dict[str, list] = {}
    for r in key_store.revocations(session.db):
        history.setdefault(r["key_id"], []).append(r)
    return [{**k.to_dict(), "revocations": history.get(k.key_id_hex, [])} for k in key_store.list_keys(session.db)]


def export_data(session: Session) -> dict:
    """This desk's public key as the file carries it, plus its fingerprint (made on first use)."""
    desk = session.require_desk()
    key_store.own_signer(session.db, office_code=desk.region_code, office_name=desk.name)
    data = key_store.export_public_key(session.db)
    return {**data, "fingerprint": fingerprint(base64.b64decode(data["public_key"]))}


def export_file(session: Session, path: Path | str, *, overwrite: bool = False) -> dict:
    """Write this desk's public key file (.json) for the township or county to trust:
    {"file", the key's fields, "fingerprint"}. The file holds everything but the fingerprint,
    which the other office reads back on the phone. Never inside the data folder's own files,
    an existing file only with `overwrite` (issue #9 item 1)."""
    from villagedesk.files import atomic_write, check_output

    path = check_output(Path(path), suffix=".json", data_dir=session.data_dir, overwrite=overwrite)
    data = export_data(session)
    text = json.dumps({k: v for k, v in data.items() if k != "fingerprint"}, ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, lambda fh: fh.write(text.encode("utf-8")))
    return {"file": str(path), **data}


def refusal_for(key) -> str | None:
    """Why a certificate signed with this trusted key can never be valid (a weak key)."""
    return WEAK_KEY_TEXT if is_weak_public_key(key.public_key) else None


def revocation_verdict(key, issued_on: str) -> tuple[bool, str]:
    """(still valid, what to say) for a certificate of `issued_on` signed with `key`.
    Signed on or after the revocation date: not valid. Before: valid, with a note that the
    key was later revoked (the date in the payload is the signer's word: if the key was
    stolen, a thief can back-date; the note says to check with the issuing office)."""
    if not key.revoked_at:
        return True, ""
    when, why = key.revoked_at[:10], key.revoked_reason or "未写明"
    if issued_on >= when:
        return False, f"签名密钥已被撤销（{when}，原因：{why}）：{key.office_name} 的这把密钥自该日起不再可信，之后签发的证明不可采信。"
    return True, f"（注意：这把签名密钥后来已于 {when} 被撤销，原因：{why}。此证明签发于撤销之前，如有疑问请向签发单位核实。）"
