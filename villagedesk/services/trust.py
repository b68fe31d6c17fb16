"""Keys and trust between offices (issue #11 item 4): a desk's key enrols with the county,
the county signs a trust list of every office's keys, the list travels down, and each desk
pins the county key once, after the officer read its fingerprint over the phone.

The sync import and export (services/sync.py) call these functions; the CLI (`key
enrolments`, `key trust-list …`) and the window's key panel call them too. Nothing here reads
or writes a file: records are dicts that a bundle (or a JSON file the CLI reads) carries.

Why a pin and not "the first list wins": a list is only as good as the key that signed it,
and the first USB stick could come from anyone. The officer confirms the county key's
fingerprint once (as `key trust` does for one office's key); later lists must be signed by
that key, with a rising serial, inside their validity — or they are refused, changing nothing.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import date, timedelta

from villagedesk.core import trust_list as tl
from villagedesk.core.errors import UserError
from villagedesk.services.session import Session
from villagedesk.store import key_store, trust_store
from villagedesk.store.transaction import write

ENROLMENT_FORMAT = "villagedesk-enrolment"
ENROLMENT_VERSION = 1
MAX_TRUST_LIST_FILE = 32 * 1024 * 1024
LEVEL_NAMES = {"village": "村", "township": "乡镇", "county": "县"}
STATUS_NAMES = {"pending": "待审核", "listed": "已列入清单", "refused": "已拒绝"}
_HEX_ID = re.compile(r"[0-9a-f]{16}")


def today() -> date:
    """Today, in one place (tests move it to check expiry)."""
    return date.today()


def _level_of(code: str) -> str:
    from villagedesk.services.desk import level_of_region_code

    return level_of_region_code(code)


def _own_signer(session: Session):
    desk = session.require_desk()
    return key_store.own_signer(session.db, office_code=desk.region_code, office_name=desk.name)


def _own_key_ids(session: Session) -> set[str]:
    return {k.key_id_hex for k in key_store.list_keys(session.db) if k.own}


# -- enrolment: a desk's key sent up --------------------------------------------------------

def enrolment_record(session: Session) -> dict:
    """What a village or township desk sends up so the county can list its key (the sync
    engineer puts it in a bundle signed by this same key)."""
    desk = session.require_desk()
    signer = _own_signer(session)
    exported = key_store.export_public_key(session.db)
    return {"format": ENROLMENT_FORMAT, "version": ENROLMENT_VERSION, "key_id": signer.key_id_hex, "alg": "Ed25519",
            "public_key": base64.b64encode(signer.public_key).decode("ascii"), "office_code": desk.region_code,
            "office_name": desk.name, "level": desk.level, "desk_id": desk.desk_id, "created_at": exported["created_at"]}


def _parse_enrolment(record) -> dict:
    """An enrolment record checked like a key file (store/key_store.parse_key_data)."""
    if not isinstance(record, dict):
        raise UserError("不是村务桌面的密钥登记记录（应是一个 JSON 对象）")
    if record.get("format", ENROLMENT_FORMAT) != ENROLMENT_FORMAT:
        raise UserError(f"不是村务桌面的密钥登记记录（format 应为 {ENROLMENT_FORMAT}）", where="format")
    version = record.get("version", ENROLMENT_VERSION)
    if isinstance(version, int) and not isinstance(version, bool) and version > ENROLMENT_VERSION:
        raise UserError(f"密钥登记记录是较新的格式（第 {version} 版）：请先升级村务桌面", where="version")
    key = key_store.parse_key_data({**{k: record.get(k) for k in ("office_code", "office_name", "alg", "key_id",
                                                                   "public_key", "created_at")},
                                    "created_at": record.get("created_at") or "", "format": key_store.KEY_FORMAT})
    desk_id = record.get("desk_id", "")
    if not isinstance(desk_id, str) or len(desk_id) > 64 or any(ord(c) < 32 for c in desk_id):
        raise UserError("密钥登记记录中的电脑编号（desk_id）有误", where="desk_id")
    return {**key, "desk_id": desk_id.strip()}


def receive_enrolment(session: Session, record: dict, *, bundle_sha256: str) -> dict:
    """Keep a desk's key sent up in a bundle as pending, on a township or county desk (the
    township passes it on; the county decides). The same key again adds nothing; another key
    for a desk id already known stays beside it, flagged in its note (a new key, or a copied
    database: the county officer asks before listing it)."""
    desk = session.require_desk()
    if desk.level not in ("township", "county"):
        raise UserError("村级桌面不接收其他单位的密钥登记：请交乡镇或县级桌面导入")
    key = _parse_enrolment(record)
    code = key["office_code"]
    span = 6 if desk.level == "county" else 9
    if code[:span] != desk.region_code[:span]:
        raise UserError(f"{key['office_name']}（{code}）不在本{LEVEL_NAMES[desk.level]}辖区内，没有登记它的密钥",
                        where="office_code")
    key_id = key["key_id"].hex()
    notes = []
    if key["desk_id"]:
        others = [e for e in trust_store.enrolments(session.db) if e["desk_id"] == key["desk_id"] and e["key_id"] != key_id]
        if others:
            notes.append(f"注意：同一台电脑（{key['desk_id'][:8]}…）已登记过另一把密钥 {others[0]['key_id']}：可能更换了密钥，"
                         "也可能数据被复制到了另一台电脑，请电话核实后再列入")
    if code == desk.region_code and key_id not in _own_key_ids(session):
        notes.append("注意：这把密钥声称属于本单位自己的区划代码，请核实")
    with write(session.db):
        known = key_store.find_key(session.db, key["key_id"])
        if known is not None and known.public_key != key["public_key"]:
            raise UserError(f"密钥编号 {key_id} 已属于{known.office_name}，登记记录中的公钥却不同：已拒绝", where="key_id")
        found, new = trust_store.add_enrolment(
            session.db, key_id=key_id, public_key=key["public_key"], office_code=code, office_name=key["office_name"],
            desk_id=key["desk_id"], created_at=key["created_at"], bundle_sha256=str(bundle_sha256 or "")[:64],
            note="；".join(notes))
    return {"key_id": key_id, "office_code": code, "status": found["status"], "new": new,
            "flagged": bool(found["note"].startswith("注意")), "note": found["note"]}


def _enrolment_view(e: dict) -> dict:
    from villagedesk.core.key_fingerprint import fingerprint

    return {"format": ENROLMENT_FORMAT, "version": ENROLMENT_VERSION, "key_id": e["key_id"], "alg": e["alg"],
            "public_key": base64.b64encode(e["public_key"]).decode("ascii"), "office_code": e["office_code"],
            "office_name": e["office_name"], "level": _level_of(e["office_code"]), "desk_id": e["desk_id"],
            "created_at": e["created_at"], "received_at": e["received_at"], "bundle_sha256": e["bundle_sha256"],
            "status": e["status"], "status_name": STATUS_NAMES.get(e["status"], e["status"]), "note": e["note"],
            "flagged": e["note"].startswith("注意"), "fingerprint": fingerprint(e["public_key"])}


def enrolments(session: Session, status: str | None = None) -> list[dict]:
    """The enrolments this desk holds (all, or of one status), each also a record that
    `receive_enrolment` takes (a township passes pending ones up)."""
    session.require_desk()
    if status is not None and status not in STATUS_NAMES:
        raise UserError(f"状态“{status}”不认识（应为 pending、listed 或 refused）", where="status")
    return [_enrolment_view(e) for e in trust_store.enrolments(session.db, status)]


def decide_enrolment(session: Session, key_id: str, *, accept: bool, note: str = "") -> dict:
    """List a pending key in the next trust list, or refuse it (county desk only). A refused
    key may still be listed later; a listed key is taken out with `key revoke`, never here."""
    desk = session.require_desk()
    if desk.level != "county":
        raise UserError("只有县级桌面审核密钥登记")
    key_id = str(key_id or "").strip().lower()
    if not _HEX_ID.fullmatch(key_id):
        raise UserError(f"“{key_id}”不是密钥编号（16 位十六进制数字）", where="密钥编号")
    note = str(note or "").strip()
    if len(note) > 500 or any(ord(c) < 32 for c in note):
        raise UserError("备注过长（500 字以内）或含有控制字符", where="备注")
    found = trust_store.enrolment(session.db, key_id)
    if found is None:
        raise UserError(f"本机没有编号为 {key_id} 的密钥登记", where="密钥编号")
    if found["status"] == "listed":
        if accept:
            return _enrolment_view(found)
        raise UserError("这把密钥已列入信任清单：要停用它，请用“撤销密钥”（记录日期和原因）", where="密钥编号")
    if found["status"] == "refused" and not accept:
        return _enrolment_view(found)
    return _enrolment_view(trust_store.decide_enrolment(session.db, key_id, "listed" if accept else "refused", note))


# -- publishing (county) -----------------------------------------------------------------------

def _entry_of_key(key, desk) -> tl.Entry:
    level = desk.level if key.own else _level_of(key.office_code)
    reason = (key.revoked_reason or "未写明").removeprefix("县级信任清单：")
    return tl.Entry(key.office_code, key.office_name, level, key.key_id_hex, key.public_key,
                    desk.desk_id if key.own else key.desk_id, key.valid_from, key.valid_until,
                    key.revoked_at[:10] if key.revoked_at else None, reason if key.revoked_at else "")


def publish_trust_list(session: Session, *, valid_days: int = 365, serial: int | None = None) -> dict:
    """Sign and keep a new trust list (county desk only): the county's own keys, every key
    it trusts (by hand or from its earlier lists, revoked ones with their revocation) and
    the enrolments it accepted. Returns the record, ready to be put in a bundle; the county
    desk applies it to itself at once (its own list is pinned to its own key). `serial`: only
    for a county desk set up anew (a new key): continue above the serial the desks hold."""
    desk = session.require_desk()
    if desk.level != "county":
        raise UserError("只有县级桌面发布信任清单")
    if isinstance(valid_days, bool) or not isinstance(valid_days, int) or not 1 <= valid_days <= 3660:
        raise UserError("有效天数应为 1 到 3660 之间的整数", where="--days")
    if serial is not None and (isinstance(serial, bool) or not isinstance(serial, int) or not 1 <= serial < 2**53):
        raise UserError("版本号应为正整数", where="--serial")
    signer = _own_signer(session)
    entries: dict[str, tl.Entry] = {}
    for key in key_store.list_keys(session.db):
        if key.own and key.office_code != desk.region_code:
            continue
        entries[key.key_id_hex] = _entry_of_key(key, desk)
    for e in trust_store.enrolments(session.db, "listed"):
        if e["key_id"] not in entries:
            entries[e["key_id"]] = tl.Entry(e["office_code"], e["office_name"], _level_of(e["office_code"]), e["key_id"],
                                            e["public_key"], e["desk_id"])
        elif not entries[e["key_id"]].desk_id and e["desk_id"]:
            old = entries[e["key_id"]]
            entries[e["key_id"]] = tl.Entry(old.office_code, old.office_name, old.level, old.key_id, old.public_key,
                                            e["desk_id"], old.valid_from, old.valid_until, old.revoked_on, old.revoked_reason)
    from datetime import UTC, datetime

    issued_at = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    with write(session.db):
        next_serial = trust_store.next_serial(session.db, desk.region_code)
        if serial is not None and serial < next_serial:
            raise UserError(f"版本号 {serial} 不大于本机已发布的第 {next_serial - 1} 版", where="--serial")
        doc = tl.TrustList(desk.region_code, desk.name, serial or next_serial, issued_at,
                           (date.fromisoformat(issued_at[:10]) + timedelta(days=valid_days)).isoformat(),
                           signer.key_id_hex, tuple(entries.values()))
        record = tl.sign(doc, signer.sign)
        checked = tl.verify_record(record)  # what goes out is what any desk will parse
        trust_store.pin(session.db, county_code=desk.region_code, county_name=desk.name, key_id=signer.key_id_hex,
                        public_key=signer.public_key, fingerprint=tl.fingerprint_groups(signer.public_key),
                        confirmed_by="本机（县级桌面）")
        trust_store.apply_list(session.db, checked, body=tl.canonical_bytes(record["list"]).decode("utf-8"),
                               signature=record["signature"], source="本机发布", own_key_ids=_own_key_ids(session))
    return record


def _record_of(row: dict) -> dict:
    return {"format": tl.FORMAT, "version": tl.VERSION, "list": json.loads(row["body"]), "signature": row["signature"]}


def current_trust_list(session: Session) -> dict | None:
    """The newest list this desk accepted or published, as it was signed (a township passes
    the county's list down unchanged)."""
    session.require_desk()
    pinned = trust_store.pins(session.db)
    row = trust_store.latest_list(session.db, pinned[0]["county_code"] if pinned else None)
    return _record_of(row) if row else None


# -- receiving (township, village) -------------------------------------------------------------

def _checked(session: Session, record: dict) -> tuple[tl.TrustList, dict | None]:
    """The list verified against itself, against this desk's county and its pin."""
    desk = session.require_desk()
    trust_list = tl.verify_record(record)
    if desk.region_code[:6] != trust_list.county_code[:6]:
        raise UserError(f"这份信任清单来自{trust_list.county_name}（{trust_list.county_code}），本机属于其他县，没有采用",
                        where="county_code")
    pinned = trust_store.pins(session.db)
    pin = pinned[0] if pinned else None
    if pin is not None and (pin["county_code"] != trust_list.county_code or pin["key_id"] != trust_list.signer_key_id):
        raise UserError(f"这份信任清单的签名密钥（指纹 {trust_list.signer.fingerprint}）不是本机固定的县级密钥"
                        f"（指纹 {pin['fingerprint']}）：可能是伪造的，已拒绝。如县里确实更换了密钥，请电话核对新指纹后重新固定",
                        where="signer_key_id")
    if trust_list.expired(today()):
        raise UserError(f"这份信任清单已于 {trust_list.valid_until} 过期（第 {trust_list.serial} 版）：请向县里取得新的清单",
                        where="valid_until")
    return trust_list, pin


def _outcome(session: Session, trust_list: tl.TrustList, record: dict) -> tuple[str, dict | None]:
    current = trust_store.latest_list(session.db, trust_list.county_code)
    if current is None or trust_list.serial > current["serial"]:
        return "apply", current
    if trust_list.serial < current["serial"]:
        return "older", current
    same = trust_store.stored_list(session.db, trust_list.county_code, trust_list.serial)
    if same is not None and same["key_id"] != trust_list.signer_key_id:
        return "older", current  # a re-pinned county key must continue above the serials held here
    if same is None or same["body"] != tl.canonical_bytes(record["list"]).decode("utf-8"):
        raise UserError(f"这份信任清单与本机已有的第 {trust_list.serial} 版内容不同：同一版本号不应有两份清单，已拒绝",
                        where="serial")
    return "unchanged", current


def preview_trust_list(session: Session, record: dict) -> dict:
    """What applying the list would change, changing nothing. Refused (UserError) when the
    signature is bad, the list expired, or it is signed by another key than the pinned one;
    an older serial is outcome "older" (apply refuses it)."""
    trust_list, pin = _checked(session, record)
    outcome, current = _outcome(session, trust_list, record)
    old = tl.parse_list(json.loads(current["body"])) if current else None
    changes = tl.diff(old, trust_list) if outcome == "apply" else {"added": [], "revoked": [], "changed": []}
    return {"county_code": trust_list.county_code, "county_name": trust_list.county_name, "serial": trust_list.serial,
            "current_serial": current["serial"] if current else None, "pinned": pin is not None,
            "fingerprint": trust_list.signer.fingerprint, "needs_pin": pin is None, **changes, "outcome": outcome,
            "issued_at": trust_list.issued_at, "valid_until": trust_list.valid_until, "entries": len(trust_list.entries),
            "signer_key_id": trust_list.signer_key_id}


def pin_county(session: Session, *, record: dict, confirmed_fingerprint: str, confirmed_by: str = "",
               replace: bool = False) -> dict:
    """Pin the key that signed this list as this desk's county key, once the officer typed
    the fingerprint groups read to them over the phone. A different county key than the one
    pinned is refused unless `replace` (the county changed its key: a new phone check)."""
    desk = session.require_desk()
    trust_list = tl.verify_record(record)
    signer = trust_list.signer
    if desk.region_code[:6] != trust_list.county_code[:6]:
        raise UserError(f"这份信任清单来自{trust_list.county_name}（{trust_list.county_code}），本机属于其他县，不能固定它的密钥",
                        where="county_code")
    if desk.level == "county" and signer.key_id not in _own_key_ids(session):
        raise UserError("县级桌面的信任清单由本机自己签发，不固定其他密钥")
    if not tl.same_fingerprint(confirmed_fingerprint, signer.public_key):
        raise UserError("输入的指纹与清单签名密钥的指纹不一致：请与县里再次电话核对，没有固定", where="指纹")
    confirmed_by = str(confirmed_by or "").strip()
    if len(confirmed_by) > 50 or any(ord(c) < 32 for c in confirmed_by):
        raise UserError("核对人过长（50 字以内）或含有控制字符", where="核对人")
    existing = trust_store.pins(session.db)
    if existing and (existing[0]["key_id"], existing[0]["county_code"]) == (signer.key_id, trust_list.county_code):
        return _pin_view(existing[0], new=False)
    if existing and not replace:
        raise UserError(f"本机已固定{existing[0]['county_name']}的县级密钥（指纹 {existing[0]['fingerprint']}）。"
                        "更换县级密钥须先电话核对新指纹，确认后选择“重新固定”", where="指纹")
    pinned = trust_store.pin(session.db, county_code=trust_list.county_code, county_name=trust_list.county_name,
                             key_id=signer.key_id, public_key=signer.public_key, fingerprint=signer.fingerprint,
                             confirmed_by=confirmed_by)
    return _pin_view(pinned, new=True)


def _pin_view(pin: dict, *, new: bool) -> dict:
    return {"county_code": pin["county_code"], "county_name": pin["county_name"], "key_id": pin["key_id"],
            "fingerprint": pin["fingerprint"], "pinned_at": pin["pinned_at"], "confirmed_by": pin["confirmed_by"],
            "new": new}


def apply_trust_list(session: Session, record: dict, *, source: str) -> dict:
    """Apply a pinned county's list to this desk's trusted keys, inside one write (a savepoint
    inside the sync import's transaction). The same list again adds nothing; an older serial is
    refused. Returns the counts."""
    trust_list, pin = _checked(session, record)
    if pin is None:
        raise UserError(f"本机还没有固定县级密钥：请先电话核对{trust_list.county_name}的密钥指纹 "
                        f"{trust_list.signer.fingerprint}，再固定并采用清单", where="指纹")
    with write(session.db):
        outcome, current = _outcome(session, trust_list, record)
        if outcome == "older":
            raise UserError(f"这份信任清单是第 {trust_list.serial} 版，本机已有更新的第 {current['serial'] if current else 0} 版："
                            "旧清单不能替换新清单", where="serial")
        counts = {"added": 0, "updated": 0, "revoked": 0, "unlisted": 0, "unchanged": len(trust_list.entries)}
        if outcome == "apply":
            counts = trust_store.apply_list(session.db, trust_list, body=tl.canonical_bytes(record["list"]).decode("utf-8"),
                                            signature=record["signature"], source=str(source or "")[:200],
                                            own_key_ids=_own_key_ids(session))
    return {"county_code": trust_list.county_code, "county_name": trust_list.county_name, "serial": trust_list.serial,
            "outcome": outcome, **counts}


# -- what the rest of the desk asks ------------------------------------------------------------

def read_trust_list_file(path) -> dict:
    """A trust-list JSON file given by hand (`key trust-list pin|apply FILE`)."""
    from villagedesk.files import read_user_json

    return read_user_json(path, what="信任清单文件", max_bytes=MAX_TRUST_LIST_FILE)


def check_export_path(session: Session, path, *, overwrite: bool = False):
    """The file `export_trust_list` would write, checked before anything is published (a bad
    path refuses `publish --out` before a new serial is signed)."""
    from pathlib import Path

    from villagedesk.files import check_output

    return check_output(Path(path), suffix=".json", data_dir=session.data_dir, overwrite=overwrite)


def export_trust_list(session: Session, path, *, overwrite: bool = False) -> dict:
    """Write the current list as it was signed to a .json file (handed over by hand when no
    bundle carries it); {"file", "serial"}. Same output rules as every file we write."""
    from pathlib import Path

    from villagedesk.files import atomic_write, check_output

    record = current_trust_list(session)
    if record is None:
        raise UserError("本机还没有信任清单")
    target = check_output(Path(path), suffix=".json", data_dir=session.data_dir, overwrite=overwrite)
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    atomic_write(target, lambda fh: fh.write(text.encode("utf-8")))
    return {"file": str(target), "serial": record["list"]["serial"]}


def status(session: Session) -> dict:
    """For `key trust-list show` and the window: the pinned county key and the current list."""
    desk = session.require_desk()
    pinned = trust_store.pins(session.db)
    pin = _pin_view(pinned[0], new=False) if pinned else None
    row = trust_store.latest_list(session.db, pin["county_code"] if pin else None)
    current = None
    if row is not None:
        doc = tl.parse_list(json.loads(row["body"]))
        current = {"county_code": doc.county_code, "county_name": doc.county_name, "serial": doc.serial,
                   "issued_at": doc.issued_at, "valid_until": doc.valid_until, "imported_at": row["imported_at"],
                   "entries": len(doc.entries), "revoked": sum(1 for e in doc.entries if e.revoked_on),
                   "expired": doc.expired(today()), "signer_key_id": doc.signer_key_id}
    return {"level": desk.level, "pin": pin, "current": current,
            "pending_enrolments": len(trust_store.enrolments(session.db, "pending"))
            if desk.level in ("township", "county") else 0}


def trust_serial(session: Session) -> int | None:
    row = trust_store.latest_list(session.db)
    return row["serial"] if row else None


def trust_text(key, serial: int | None) -> str:
    """How the desk came to trust this key, in the words the verify answer shows."""
    if key.via == "own":
        return "本机密钥"
    if key.via == "trust-list":
        return f"经县级信任清单认可（第 {serial} 版）" if serial else "经县级信任清单认可"
    return "本机手工信任"


def bundle_signer(session: Session, key_id_hex: str, *, on: str) -> dict | None:
    """The key that may have signed a bundle created on `on` (YYYY-MM-DD…), or None when this
    desk does not know it. `revoked` is True when the key was revoked on or before that day —
    or the day lies outside the key's validity (`reason` says which): the import refuses it."""
    key = key_store.find_key_hex(session.db, str(key_id_hex or "").strip().lower())
    if key is None:
        return None
    day = str(on or "")[:10]
    revoked, reason = False, ""
    if key.revoked_at and day >= key.revoked_at[:10]:
        revoked, reason = True, f"密钥已于 {key.revoked_at[:10]} 撤销（{key.revoked_reason or '未写明'}）"
    elif (outside := key.outside_validity(day)) is not None:
        revoked, reason = True, f"数据包日期 {day} {outside}"
    return {"key_id": key.key_id_hex, "office_code": key.office_code, "office_name": key.office_name,
            "desk_id": key.desk_id, "public_key": key.public_key, "via": key.via, "revoked": revoked, "reason": reason,
            "valid_from": key.valid_from, "valid_until": key.valid_until, "fingerprint": key.fingerprint}


__all__ = ["apply_trust_list", "bundle_signer", "current_trust_list", "decide_enrolment", "enrolment_record",
           "enrolments", "pin_county", "preview_trust_list", "publish_trust_list", "receive_enrolment",
           "read_trust_list_file", "status", "trust_text"]
