"""USB sync: export a signed bundle for another office, preview and import one (issue #11).

Why it is built this way (DESIGN.md "Sync"; docs/formats/bundle.md):
- One writer per stream: a village's ledger is written only by its own desk, so an import
  appends and verifies, never merges. Records that arrive twice add nothing; the same
  record with other content is a conflict, kept beside the stored one and flagged.
- Nothing changes until everything is checked: the archive and its limits, the manifest's
  signature, format version and addressee, who the signing key is (trusted, not revoked),
  every member's hash, every section's chain and the signatures at its checkpoints. Then
  one transaction applies it all, or nothing (`store.transaction.write` nests).
- A section that continues a chain this desk does not hold up to its start is held (the
  whole bundle kept in the database) and applied when the gap fills.
- Export reads back what it wrote and checks it before it says done.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from villagedesk import resources
from villagedesk.core import bundle_format as fmt
from villagedesk.core import ledger as rules
from villagedesk.core.errors import UserError
from villagedesk.core.text import control_chars
from villagedesk.core.key_fingerprint import fingerprint
from villagedesk.services import keys as key_service
from villagedesk.services.session import Session
from villagedesk.store import handover_store, key_store, ledger_store, sync_store
from villagedesk.store.transaction import write
from villagedesk.sync import container, ledger_section

Progress = Callable[[str, float], None]
LEVEL_NAMES = {"village": "村", "township": "乡镇", "county": "县"}
_RECORD_TABLES = {  # kind → (table, uid column, office column)
    "refused": ("refused_requests", "record_uid", "region_code"),
    "audits": ("sign_audits", "audit_uid", "region_code"),
}


def _now() -> str:
    # to the microsecond: two bundles a desk writes within one second are still told apart in
    # order (an older one imported after a newer one is not a chain cut short, `_cut_short`)
    return datetime.now(UTC).astimezone().isoformat(timespec="microseconds")


def _tell(progress: Progress | None, stage: str, fraction: float) -> None:
    if progress is not None:
        progress(stage, fraction)


# ================================================================ export


def default_kinds(level: str, *, down: bool = False) -> tuple[str, ...]:
    """What a desk sends by default: a village sends up; a county sends down; a township
    sends up unless asked to send down to its villages."""
    if level == "county" or down:
        return ("catalogue", "trust-list", "acks")
    return ("ledger", "refused", "audits", "enrolment")


def default_addressee(desk, *, down: bool = False) -> str:
    if desk.level == "county" or down:
        return desk.region_code
    return fmt.parent_office(desk.region_code, desk.level)


def export_bundle(session: Session, folder: Path | str, *, kinds: list[str] | tuple[str, ...] | None = None,
                  full: bool = False, to_office: str | None = None, down: bool = False,
                  progress: Progress | None = None) -> dict:
    """Write a bundle of what `to_office` (default: the office above, or this desk's own
    region when sending down) has not acknowledged — everything with `full` — into `folder`,
    read it back and check it. Returns what it wrote."""
    desk = session.require_desk()
    db = session.db
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError("目标文件夹不存在（U 盘是否已插好？）", where=str(folder))
    chosen = tuple(kinds) if kinds else default_kinds(desk.level, down=down)
    unknown = [k for k in chosen if k not in fmt.KINDS]
    if unknown:
        raise UserError(f"不认识的内容种类：{'、'.join(unknown)}（可选：{'、'.join(fmt.KINDS)}）", where="--kind")
    addressee = (to_office or "").strip() or default_addressee(desk, down=down)
    if not addressee.isdigit() or len(addressee) != 12:
        raise UserError(f"“{addressee}”不是 12 位数字的区划代码", where="收件单位")
    if addressee == desk.region_code and "ledger" in chosen:
        raise UserError("不能把台账发给本机自己", where="收件单位")
    signer = key_store.own_signer(db, office_code=desk.region_code, office_name=desk.name)
    _tell(progress, "收集记录", 0.0)
    members: dict[str, bytes] = {}
    sections: dict[str, list] = {}
    counts: dict[str, int] = {}
    for kind in chosen:
        part = _EXPORTERS[kind](session, desk, addressee=addressee, full=full, members=members, progress=progress)
        if part:
            sections[kind] = part
            counts[kind] = sum(int(p.get("count", 0)) for p in part)
    if not sections:
        raise UserError("没有可以写出的内容（所选种类在本机都是空的）", where="同步包")
    created = _now()
    manifest: dict[str, Any] = {
        "format": fmt.FORMAT, "version": fmt.VERSION, "bundle_id": str(uuid.uuid4()), "created_at": created,
        "kinds": [k for k in fmt.KINDS if k in sections], "full": bool(full),
        "source": {"office": desk.region_code, "name": desk.name, "short_name": desk.short_name, "level": desk.level,
                   "desk_id": desk.desk_id, "key_id": signer.key_id_hex, "alg": "Ed25519",
                   "public_key": _b64(signer.public_key)},
        "addressee": {"office": addressee, "name": _office_name(db, addressee)},
        "sections": sections, "counts": counts,
    }
    _tell(progress, "压缩并签名", 0.6)
    data = container.pack(manifest, members, signer.sign)
    direction = "down" if all(k in fmt.DOWN_KINDS for k in manifest["kinds"]) else "up"
    name = fmt.bundle_file_name(desk.region_code, direction, datetime.now().strftime("%Y%m%d-%H%M%S"))
    _tell(progress, "写入", 0.7)
    path = container.write(folder, name, data)
    _tell(progress, "读回校验", 0.85)
    try:
        back = container.read(container.read_file(path))
    except UserError as exc:
        _remove_quietly(path)
        raise UserError(f"写出的同步包读回时校验失败，已删除（U 盘可能有问题，请换一个 U 盘重试）：{exc.message}",
                        where=str(path)) from None
    if back.sha256 != hashlib.sha256(data).hexdigest():
        _remove_quietly(path)
        raise UserError("写出的同步包与读回的内容不同，已删除（U 盘可能有问题，请换一个 U 盘重试）", where=str(path))
    summary = {"counts": counts, "heads": [
        {k: p[k] for k in ("office", "desk_id", "from", "to", "head_hash")} for p in sections.get("ledger", [])]}
    sync_store.record_bundle(db, bundle_id=manifest["bundle_id"], direction="out", kind=direction,
                             source_office=desk.region_code, source_desk=desk.desk_id, key_id=signer.key_id_hex,
                             addressee=addressee, created_at=created, fmt=fmt.VERSION, file_name=path.name,
                             sha256=back.sha256, size=back.size, status="written", summary=summary)
    _tell(progress, "完成", 1.0)
    return {"file": str(path), "size": back.size, "sha256": back.sha256, "bundle_id": manifest["bundle_id"],
            "addressee": addressee, "addressee_name": manifest["addressee"]["name"], "kinds": manifest["kinds"],
            "counts": counts, "full": bool(full), "heads": summary["heads"], "verified": True}


def _b64(data: bytes) -> str:
    import base64
    return base64.b64encode(data).decode("ascii")


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _office_name(db, code: str) -> str:
    """The office's name as this desk knows it, else the place from the built-in region codes
    (a village names its township before it ever heard from it: 芒市风平镇)."""
    row = db.execute("SELECT name FROM offices WHERE code = ?", [code]).fetchone()
    if row and row[0]:
        return row[0]
    regions = resources.regions()
    place, names = regions.get(code), list[str]()
    while place is not None and len(names) < 3:
        names.insert(0, place.name)
        place = regions.get(place.parent_code) if place.parent_code else None
    return "".join(names[-2:])


def _export_ledger(session: Session, desk, *, addressee: str, full: bool, members: dict, progress) -> list[dict]:
    """One section per chain this desk holds (a village: its own; a township: its own and
    every village's it passes up), from the first entry the addressee has not acknowledged.
    The last entry always travels: it is the signed chain head."""
    db = session.db
    out = []
    chains = [s for s in ledger_store.streams(db) if s["entries"] and (s["own"] or s["office"] != addressee)]
    for n, s in enumerate(chains, 1):
        stream, count = s["stream"], s["entries"]
        start = 1
        if not full:
            position, acked_hash = sync_store.acked(db, addressee, s["office"], s["desk_id"])
            if 0 < position <= count and ledger_store.hash_at(db, stream, position) == acked_hash:
                start = min(position + 1, count)
        entries = list(ledger_store.walk(db, stream=stream, start=start))
        if any(not entries[i].entry_sig for i in ledger_section.checkpoints(entries)):
            raise UserError(f"{s['office']} 的台账缺少签名，不能写出", where="证明台账")
        doc, payloads = ledger_section.pack(entries)
        member, blob = f"ledger-{n}.json", f"ledger-{n}.bin"
        members[member], members[blob] = doc, payloads
        office = db.execute("SELECT name, short_name, level FROM offices WHERE code = ?", [s["office"]]).fetchone()
        out.append({"member": member, "payloads": blob, "office": s["office"], "desk_id": s["desk_id"],
                    "office_name": office[0] if office else "", "short_name": office[1] if office else "",
                    "level": office[2] if office else "", "from": start, "to": start + len(entries) - 1,
                    "count": len(entries), "prev_hash": entries[0].prev_hash, "head_hash": entries[-1].entry_hash,
                    **_handovers_of(db, stream)})
        _tell(progress, "收集台账", 0.5 * n / len(chains))
    return out


def _handovers_of(db, stream: int) -> dict:
    """The desks that wrote the chain before the one writing it now (a re-enrolment): they
    travel with the chain, so a desk holding it under an earlier desk id continues it."""
    moves = [{k: h[k] for k in _HANDOVER_KEYS} for h in handover_store.of_stream(db, stream)]
    return {"handovers": moves} if moves else {}


_HANDOVER_KEYS = ("position", "from_desk", "to_desk", "prev_hash", "from_key", "to_key", "at")


def _export_records(kind: str) -> Callable[..., list[dict]]:
    table, uid, _office = _RECORD_TABLES[kind]

    def export(session: Session, desk, *, addressee: str, full: bool, members: dict, progress) -> list[dict]:
        """All of them, every time: a few a year, and an import adds only what is new."""
        cur = session.db.execute(f"SELECT * FROM {table} ORDER BY id")
        names = [d[0] for d in cur.description]
        rows = [{k: v for k, v in zip(names, r) if k != "id"} for r in cur.fetchall()]
        if not rows:
            return []
        member = f"{kind}.json"
        members[member] = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return [{"member": member, "count": len(rows)}]
    return export


def _export_acks(session: Session, desk, *, addressee: str, full: bool, members: dict, progress) -> list[dict]:
    """What this desk holds of every chain (so the offices below send only what is new)."""
    rows = [{"kind": "ledger", "office": s["office"], "desk_id": s["desk_id"], "position": s["entries"],
             "entry_hash": s["entry_hash"]} for s in ledger_store.streams(session.db) if not s["own"] and s["entries"]]
    if not rows:
        return []
    members["acks.json"] = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return [{"member": "acks.json", "count": len(rows)}]


def _export_enrolment(session: Session, desk, *, addressee: str, full: bool, members: dict, progress) -> list[dict]:
    """This desk's key, and on a township the keys of its villages still waiting for the
    county, so the county can list them."""
    from villagedesk.services import trust

    records = [trust.enrolment_record(session)]
    records += [{k: e[k] for k in ("format", "version", "key_id", "alg", "public_key", "office_code", "office_name",
                                   "level", "desk_id", "created_at")}
                for e in trust.enrolments(session, "pending") if e["office_code"] != desk.region_code]
    members["enrolment.json"] = json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return [{"member": "enrolment.json", "count": len(records)}]


def _export_trust_list(session: Session, desk, *, addressee: str, full: bool, members: dict, progress) -> list[dict]:
    """The county's newest list, as the county signed it (a township passes it on unchanged)."""
    from villagedesk.services import trust

    record = trust.current_trust_list(session)
    if record is None:
        return []
    members["trust-list.json"] = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return [{"member": "trust-list.json", "count": 1}]


def _export_catalogues(session: Session, desk, *, addressee: str, full: bool, members: dict, progress) -> list[dict]:
    """The county's catalogues installed here (not the national baseline every desk has)."""
    from villagedesk.services import catalogue

    out = []
    codes = [c["jurisdiction_code"] for c in catalogue.list_catalogues(session)]
    for n, code in enumerate(c for c in codes if c.strip("0")):
        name = f"catalogue-{n + 1}.json"
        members[name] = json.dumps(catalogue.catalogue_data(session, code), ensure_ascii=False,
                                   separators=(",", ":")).encode("utf-8")
        out.append({"member": name, "count": 1, "jurisdiction_code": code})
    return out


_EXPORTERS: dict[str, Callable[..., list[dict]]] = {
    "ledger": _export_ledger, "refused": _export_records("refused"), "audits": _export_records("audits"),
    "acks": _export_acks, "enrolment": _export_enrolment, "catalogue": _export_catalogues,
    "trust-list": _export_trust_list,
}


# ================================================================ reading and checking


class _Checked:
    """A bundle read and checked against this desk, before anything is written."""

    def __init__(self, bundle: container.Bundle, file_name: str):
        self.bundle = bundle
        self.manifest = bundle.manifest
        self.file_name = file_name
        self.signer: dict[str, Any] = {}
        self.ledger: list[tuple[dict, list[rules.Entry]]] = []
        self.records: dict[str, list[dict]] = {}
        self.acks: list[dict] = []
        self.enrolments: list[dict] = []
        self.trust_list: dict | None = None
        self.trust_preview: dict | None = None
        self.catalogues: list[tuple[dict, dict]] = []  # (document, preview)
        self.counted: dict[str, int] = {}  # member name → the records it holds, as read (`_check_counts`)

    def count(self, part: dict, rows: list) -> list:
        """The rows a part's member held, counted once as they are read (a member is read by one part)."""
        self.counted[part["member"]] = len(rows)
        return rows


def _open(session: Session, path: Path | str | None = None, *, data: bytes | None = None, file_name: str = "",
          trust_fingerprint: str | None = None, county_fingerprint: str | None = None) -> _Checked:
    desk = session.require_desk()
    if data is None:
        assert path is not None
        data = container.read_file(Path(path))
        file_name = Path(path).name
    bundle = container.read(data)
    m = bundle.manifest
    if m.source_office == desk.region_code and m.desk_id == desk.desk_id:
        raise fmt.bundle_error("这是本机自己写出的同步包")
    if not fmt.addressed_to(m.kinds, m.addressee, desk.region_code):
        raise fmt.bundle_error(f"这个包是发给 {_office_label(session.db, m.addressee)} 的，不是本机"
                               f"（{desk.name}，{desk.region_code}）")
    _check_parts(m)
    _from_above(session, m)
    checked = _Checked(bundle, file_name)
    _read_down(session, checked, county_fingerprint)
    for part in m.section("enrolment"):
        checked.enrolments += checked.count(part, _enrolment_rows(bundle, part))
    for r in checked.enrolments:
        code = r.get("office_code")
        if not isinstance(code, str) or not _inside(m, code):
            raise fmt.bundle_error(f"「密钥登记」里有不属于写包单位管辖的单位（{str(code)[:20]}）：一个单位只能登记自己和下级单位的密钥")
    checked.signer = _bundle_signer(session, checked, trust_fingerprint=trust_fingerprint)
    for part in m.section("ledger"):
        checked.ledger.append((part, checked.count(part, _ledger_entries(bundle, part))))
    _check_chains(m, checked.ledger)
    for kind in _RECORD_TABLES:
        for part in m.section(kind):
            checked.records[kind] = checked.records.get(kind, []) + checked.count(part, _record_rows(bundle, kind, part))
    for kind, rows in checked.records.items():
        office_col = _RECORD_TABLES[kind][2]
        for r in rows:
            if not _inside(m, r[office_col]) or r[office_col] == desk.region_code:
                raise fmt.bundle_error(f"「{fmt.KIND_NAMES[kind]}」里有不属于写包单位管辖的记录（{r[office_col][:20]}）")
    for part in m.section("acks"):
        checked.acks += checked.count(part, _ack_rows(bundle, part))
    _check_counts(checked)
    return checked


def _check_parts(m: fmt.Manifest) -> None:
    """The manifest's sections and its member list describe the same files: every kind it
    names has a section, every part names the files it reads (a ledger part two), no file is
    read by two parts, and no file is signed into the bundle that no part reads."""
    read: set[str] = set()
    for kind in m.kinds:
        parts = m.section(kind)
        if not parts:
            raise fmt.bundle_error(f"清单列出了「{fmt.KIND_NAMES[kind]}」，却没有对应的分节")
        for part in parts:
            names = [part.get(k) for k in ("member", "payloads")[:2 if kind == "ledger" else 1]] if isinstance(
                part, dict) else [None]
            if any(not isinstance(n, str) or n not in m.members for n in names):
                raise fmt.bundle_error(f"清单的「{fmt.KIND_NAMES[kind]}」分节没有写明它的文件，或指向不存在的文件")
            for n in map(str, names):
                if n in read:
                    raise fmt.bundle_error(f"清单中有两个分节读同一个文件「{n}」")
                read.add(n)
    unread = sorted(set(m.members) - read)
    if unread:
        raise fmt.bundle_error(f"包内的「{unread[0]}」签在清单里，却没有分节读它（清单与内容不符）")


def _from_above(session: Session, m: fmt.Manifest) -> None:
    """Catalogues and trust lists come down: from the county, or passed on by the township
    above this desk — never from a village, a neighbour or an office below (the manifest's
    claimed level does not count: the source office's region code, which its trusted key
    vouches for, must contain this desk's)."""
    if not {"catalogue", "trust-list"} & set(m.kinds):
        return
    here = session.require_desk().region_code
    above = m.source_office != here and here.startswith(fmt.region_prefix(m.source_office)) and (
        m.source_office[9:] == "000")
    if not above:
        raise fmt.bundle_error(f"目录和信任清单只能由上级（县里，或转发的乡镇）发来：写包的单位 {m.source_name}"
                               f"（{m.source_office}）不是本机的上级")


def _check_chains(m: fmt.Manifest, ledger: list[tuple[dict, list[rules.Entry]]]) -> None:
    """One part per office's chain; and the source's own chain is the one its desk writes
    (one writer per stream: its own office under another desk id would be a second ledger
    of the same office, numbered from 1 again)."""
    seen: set[str] = set()
    for part, _entries in ledger:
        if part["office"] in seen:
            raise fmt.bundle_error(f"{part['office']} 的台账在包里出现了两次")
        seen.add(part["office"])
        if part["office"] == m.source_office and part["desk_id"] != m.desk_id:
            raise fmt.bundle_error(f"{part['office']} 的台账写明的电脑编号（{part['desk_id'][:12]}…）不是写包电脑的编号"
                                   f"（{m.desk_id[:12]}…）：一个单位的台账只能由写它的那台电脑交来")


def _check_counts(checked: _Checked) -> None:
    """Each part's `count` and the manifest's `counts` are what the members hold."""
    m = checked.manifest
    got: dict[str, int] = {}
    for kind in m.kinds:
        for part in m.section(kind):
            n = 1 if kind in ("trust-list", "catalogue") else checked.counted[part["member"]]
            if "count" in part and part["count"] != n:
                raise fmt.bundle_error(f"「{fmt.KIND_NAMES[kind]}」分节写的记录数（{part['count']!r}）与文件中的条数（{n}）不符")
            got[kind] = got.get(kind, 0) + n
    counts = m.raw.get("counts")
    if not isinstance(counts, dict) or any(counts.get(k) != n for k, n in got.items()) or set(counts) - set(got):
        raise fmt.bundle_error("清单中的记录数（counts）与包内的内容不符")


def _office_label(db, code: str) -> str:
    name = _office_name(db, code)
    return f"{name}（{code}）" if name else code


def _read_down(session: Session, checked: _Checked, county_fingerprint: str | None) -> None:
    """The trust list and catalogues a bundle brings down, checked (read only). The list must
    be signed by the county key this desk pinned — or, the first time, by the key whose
    fingerprint the officer confirmed (`county_fingerprint`)."""
    from villagedesk.services import catalogue, trust

    bundle = checked.bundle
    for part in checked.manifest.section("trust-list"):
        record = _json_member(bundle, part.get("member", ""), "信任清单")
        if not isinstance(record, dict):
            raise fmt.bundle_error("信任清单的格式不对")
        preview = trust.preview_trust_list(session, record)
        if preview["needs_pin"]:
            given = "".join(ch for ch in (county_fingerprint or "").upper() if ch.isalnum())
            if given != preview["fingerprint"].replace("-", ""):
                raise fmt.bundle_error(
                    f"包里有{preview['county_name']}的信任清单，本机还没有固定县级密钥：请电话向县里核对密钥指纹 "
                    f"{preview['fingerprint']}，核对无误后确认导入（sync import --county-fingerprint …）"
                    + ("；输入的指纹不符" if given else "")).with_details(fingerprint=preview["fingerprint"], needs="county")
        checked.trust_list, checked.trust_preview = record, preview
    for part in checked.manifest.section("catalogue"):
        doc = _json_member(bundle, part.get("member", ""), "目录")
        if not isinstance(doc, dict):
            raise fmt.bundle_error("目录的格式不对")
        checked.catalogues.append((doc, catalogue.preview_update(session, doc)))


def _enrolment_rows(bundle: container.Bundle, part: dict) -> list[dict]:
    rows = _json_member(bundle, part.get("member", ""), "密钥登记")
    if not isinstance(rows, list) or any(not isinstance(r, dict) for r in rows):
        raise fmt.bundle_error("密钥登记的格式不对")
    return rows


def _bundle_signer(session: Session, checked: _Checked, *, trust_fingerprint: str | None) -> dict:
    """Whose key signed the bundle, and whether this desk trusts it for that office on the
    day the bundle was written: by the trust list (the one stored, or the one this bundle
    brings, checked against the pinned county key), by hand, or as this desk's own. An unknown
    key is refused unless the officer read its fingerprint over the phone and typed it, or the
    bundle only enrols that key (the county lists it later)."""
    from villagedesk.services import trust

    m = checked.manifest
    print_ = fingerprint(m.public_key)
    known = trust.bundle_signer(session, m.key_id, on=m.created_at)
    if known is None and checked.trust_preview is not None and checked.trust_preview["outcome"] == "apply":
        listed = _listed_in(checked.trust_list, m.key_id)
        if listed is not None and listed.get("office_code") == m.source_office:
            return {"key_id": m.key_id, "fingerprint": print_, "trusted": True, "trust_by_hand": False,
                    "office": m.source_office, "via": "trust-list", "note": "经本包所带的县级信任清单认可"}
    if known is None and set(m.kinds) <= {"enrolment"} and any(
            r.get("key_id") == m.key_id for r in checked.enrolments):
        return {"key_id": m.key_id, "fingerprint": print_, "trusted": False, "trust_by_hand": False,
                "office": m.source_office, "via": "enrolment", "note": "只登记这把密钥，待县级列入信任清单"}
    if known is None:
        given = "".join(ch for ch in (trust_fingerprint or "").upper() if ch.isalnum())
        if not given and any(r.get("key_id") == m.key_id for r in checked.enrolments):
            # a desk's first bundle: its key is enrolled now, the rest waits for the trust list
            return {"key_id": m.key_id, "fingerprint": print_, "trusted": False, "trust_by_hand": False,
                    "office": m.source_office, "via": "enrolment", "waiting": True, "note": KEY_WAIT}
        if given and given == print_.replace("-", ""):
            others = key_store.office_keys(session.db, m.source_office)
            return {"key_id": m.key_id, "fingerprint": print_, "trusted": False, "trust_by_hand": True,
                    "office": m.source_office, "via": "hand",
                    "note": f"本机已信任该单位的另一把密钥（指纹 {others[0].fingerprint}）：这是第二把，多为重新登记的新电脑，"
                            "电话核对无误才可信任" if others else ""}
        hint = "核对指纹无误后可手工信任（sync import --trust-fingerprint …）" if not given else "输入的指纹与这把密钥不符"
        raise fmt.bundle_error(f"签名的密钥（{m.source_name}，{m.source_office}，指纹 {print_}）不在本机的信任清单中："
                               f"请先导入县里的信任清单，或电话向对方核对指纹；{hint}").with_details(fingerprint=print_, needs="key")
    if known["public_key"] != m.public_key:
        raise fmt.bundle_error("签名的密钥与本机信任的同编号密钥不同：可能是伪造的")
    if known["office_code"] != m.source_office:
        raise fmt.bundle_error(f"签名的密钥属于 {known['office_name']}（{known['office_code']}），包却自称来自 {m.source_office}")
    if known["revoked"]:
        raise fmt.bundle_error(f"签名的密钥不可信：{known['reason']}")
    return {"key_id": m.key_id, "fingerprint": print_, "trusted": True, "trust_by_hand": False,
            "office": known["office_code"], "via": known["via"], "note": ""}


KEY_WAIT = ("这把密钥还不在本机的信任清单中：先登记这把密钥（转县里审核），其余内容暂存，县里把它列入信任清单后自动导入；"
            "也可电话核对指纹后手工信任（--trust-fingerprint）")


def _listed_in(record: dict | None, key_id: str) -> dict | None:
    entries = ((record or {}).get("list") or {}).get("entries") or []
    return next((e for e in entries if isinstance(e, dict) and e.get("key_id") == key_id and not e.get("revoked")), None)


def _json_member(bundle: container.Bundle, name: str, label: str) -> Any:
    try:
        return json.loads(bundle.members[name].decode("utf-8"))
    except (KeyError, UnicodeDecodeError, ValueError):
        raise fmt.bundle_error(f"「{label}」不是有效的 JSON") from None


def _ledger_entries(bundle: container.Bundle, part: dict) -> list[rules.Entry]:
    office, desk_id = part.get("office"), part.get("desk_id")
    first, last = part.get("from"), part.get("to")
    prev_hash, head_hash = part.get("prev_hash"), part.get("head_hash")
    if not (isinstance(office, str) and len(office) == 12 and office.isdigit() and isinstance(desk_id, str)
            and 0 < len(desk_id) <= 64 and type(first) is int and type(last) is int and 1 <= first <= last
            and isinstance(prev_hash, str) and len(prev_hash) == 64 and isinstance(head_hash, str)):
        raise fmt.bundle_error("台账分节的说明不对")
    for key in ("office_name", "short_name"):  # shown in the 汇总台账 and every report as the office's name
        name = part.get(key, "")
        if not isinstance(name, str) or len(name) > 100 or control_chars(name):
            raise fmt.bundle_error(f"{office} 的台账分节中的单位名称格式不对（过长或含有控制字符）")
    entries = ledger_section.unpack(bundle.members[part["member"]], bundle.members[part["payloads"]],
                                    first=first, prev_hash=prev_hash)
    ledger_section.check_dates(entries)
    if len(entries) != last - first + 1 or part.get("count", len(entries)) != len(entries):
        raise fmt.bundle_error(f"{office} 的台账分节条数与清单不符")
    if first == 1 and prev_hash != rules.ZERO_HASH:
        raise fmt.bundle_error(f"{office} 的台账从第 1 条开始，前一哈希却不是空")
    if entries[-1].entry_hash != head_hash:
        raise fmt.bundle_error(f"{office} 的台账内容与签名的链头不符：记录被改动过")
    _check_handovers(part)
    return entries


def _check_handovers(part: dict) -> None:
    """A section's handovers (optional): each names two desks and the chain's hash where the
    later one took over, in order, the last handing over to the desk the section names, and
    the new desk's key, which is not the old one (re-enrolling makes a new key: the entry after
    the handover signed by it is what shows the handover, `_handover_shown`)."""
    moves = part.get("handovers", [])
    ok = isinstance(moves, list) and len(moves) <= 64 and all(
        isinstance(h, dict) and type(h.get("position")) is int and 1 <= h["position"] <= part["to"] + 1
        and all(isinstance(h.get(k), str) and 0 < len(h[k]) <= 64 for k in ("from_desk", "to_desk"))
        and h["from_desk"] != h["to_desk"] and isinstance(h.get("prev_hash"), str) and len(h["prev_hash"]) == 64
        and all(isinstance(h.get(k, ""), str) and len(h.get(k, "")) <= 64 for k in ("from_key", "to_key", "at"))
        and h.get("to_key") and h.get("to_key") != h.get("from_key")  # a re-enrolled desk has a new key
        for h in moves)
    if ok and moves:
        ok = (moves[-1]["to_desk"] == part["desk_id"]
              and all(a["to_desk"] == b["from_desk"] and a["position"] <= b["position"] for a, b in zip(moves, moves[1:])))
    if not ok:
        raise fmt.bundle_error(f"{part['office']} 台账的移交记录格式不对")


def _check_entry_signatures(session: Session, office: str, entries: list[rules.Entry], by_hand: Any = None) -> None:
    """The signature at each checkpoint (the last entry of each key's run, and the head) by a
    key this desk trusts for that office (or the bundle's own key, trusted by hand in this
    import): one good signature vouches for every entry before it."""
    for i in ledger_section.checkpoints(entries):
        e = entries[i]
        problem = signature_problem(session, office, e, by_hand)
        if problem:
            raise fmt.bundle_error(f"{office} 的台账{rules.entry_label(e.id, e.number, e.kind)}{problem}")


BAD_SIGNATURE = "签名无效："


def signature_problem(session: Session, office: str, e: rules.Entry, by_hand: Any = None) -> str | None:
    """What is wrong with one entry's signature as a checkpoint of `office`'s chain (None: it
    holds), in words that follow the entry's label; `sync verify` asks the same of every
    signature a stored chain carries."""
    key = key_store.find_key_hex(session.db, e.key_id)
    if key is None and by_hand is not None and e.key_id == by_hand.key_id:
        key = by_hand
    if key is None:
        return f"由本机不认识的密钥（{e.key_id}）签名：请先导入县里的信任清单"
    if key.office_code != office:
        return f"由 {key.office_name}（{key.office_code}）的密钥签名，不属于该单位"
    ok, _note = key_service.revocation_verdict(key, e.issued_on)
    if not ok:
        return f"由已撤销的密钥签名（{(key.revoked_at or '')[:10]}）"
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(bytes.fromhex(e.entry_sig), bytes.fromhex(e.entry_hash))
    except (InvalidSignature, ValueError):
        return f"{BAD_SIGNATURE}记录被改动过"
    return None


MAX_RECORD_TEXT = 1_000_000  # a sign audit's inventory and result are the longest; no desk writes a megabyte


class _HandKey:
    """The bundle's own key while the officer trusts it by hand in this import."""

    def __init__(self, m: fmt.Manifest):
        self.key_id, self.public_key, self.office_code, self.office_name = m.key_id, m.public_key, m.source_office, m.source_name
        self.revoked, self.revoked_at, self.revoked_reason = False, None, ""


def _record_rows(bundle: container.Bundle, kind: str, part: dict) -> list[dict]:
    rows = _json_member(bundle, part.get("member", ""), fmt.KIND_NAMES[kind])
    table, uid, office_col = _RECORD_TABLES[kind]
    if not isinstance(rows, list):
        raise fmt.bundle_error(f"「{fmt.KIND_NAMES[kind]}」的格式不对")
    for r in rows:
        if (not isinstance(r, dict) or not isinstance(r.get(uid), str) or not isinstance(r.get(office_col), str)
                or any(not isinstance(v, (str, int)) or isinstance(v, bool) for v in r.values())):
            raise fmt.bundle_error(f"「{fmt.KIND_NAMES[kind]}」中有格式不对的记录")
        if any(len(v) > MAX_RECORD_TEXT if isinstance(v, str) else not -2 ** 63 <= v < 2 ** 63 for v in r.values()):
            raise fmt.bundle_error(f"「{fmt.KIND_NAMES[kind]}」中的记录（{r[uid][:40]}）有过长的文字或过大的数")
    return rows


def _ack_rows(bundle: container.Bundle, part: dict) -> list[dict]:
    rows = _json_member(bundle, part.get("member", ""), "回执")
    if not isinstance(rows, list) or any(
            not isinstance(r, dict) or not isinstance(r.get("office"), str) or not isinstance(r.get("desk_id"), str)
            or type(r.get("position")) is not int or not isinstance(r.get("entry_hash"), str) for r in rows):
        raise fmt.bundle_error("回执的格式不对")
    return rows


# ================================================================ the plan


def _plan_ledger(session: Session, checked: _Checked) -> list[dict]:
    """For each chain section: new entries, nothing new, held (a gap before it), a fork (the
    same position with other content), or a chain cut short. Read only."""
    db = session.db
    desk = session.require_desk()
    plans = []
    for part, entries in checked.ledger:
        office, desk_id, first, last = part["office"], part["desk_id"], part["from"], part["to"]
        plan: dict[str, Any] = {"office": office, "desk_id": desk_id, "office_name": part.get("office_name", ""),
                                "from": first, "to": last, "new": 0, "outcome": "", "reason": ""}
        plans.append(plan)
        if office == desk.region_code:
            plan.update(outcome="own", reason="本机自己的台账（不导入）")
            continue
        if not _inside(checked.manifest, office):
            raise fmt.bundle_error(f"包里有 {office} 的台账，但写包的单位（{checked.manifest.source_office}）不管辖它")
        stream, adopt, retired_at = _stream_for(db, office, desk_id, part.get("handovers", []))
        if adopt and not _handover_shown(db, stream, part, entries):
            if last >= part["handovers"][-1]["position"]:
                raise fmt.bundle_error(f"{office} 台账的移交记录与台账不符：移交前后的记录不是由移交记录写明的原密钥和新密钥签名"
                                       "（重新登记的电脑会换一把新密钥），不能据此改写这条台账")
            adopt = False
        plan.update(stream=stream, adopt=adopt, handovers=part.get("handovers", []))
        stored, stored_head = ledger_store.stream_head(db, stream) if stream is not None else (0, rules.ZERO_HASH)
        other = _other_desk(db, office, desk_id) if stream is None else None
        if other is not None:
            plan.update(outcome="fork", fork_at=first,
                        reason=f"本机已存有 {office} 由另一台电脑（{other[:8]}…）写的台账，这个包却带来同一单位另一台电脑"
                               f"（{desk_id[:8]}…）从第 {first} 条起的台账，且没有重新登记的移交记录：两台电脑在写同一单位的台账。"
                               "这份台账单独保留并标记，没有并入，请核实")
            continue
        if retired_at is not None and last >= retired_at:
            at = max(first, retired_at)
            plan.update(outcome="fork", fork_at=at,
                        reason=f"{office} 的台账自第 {retired_at} 条起已由重新登记的电脑续写，原来那台电脑却还交来了第 "
                               f"{at}–{last} 条：两台电脑在写同一条台账。两边都保留并标记，请核实原电脑是否仍在出具")
            continue
        if first > stored + 1:
            plan.update(outcome="held", reason=f"本机只有 {office} 台账的前 {stored} 条，这个包从第 {first} 条开始：先暂存，"
                                               f"等中间的包（第 {stored + 1}–{first - 1} 条）导入后自动接上")
            continue
        overlap_end = min(stored, last)
        fork_at = None
        if overlap_end >= first:
            assert stream is not None
            if ledger_store.hash_at(db, stream, overlap_end) != entries[overlap_end - first].entry_hash:
                fork_at = _first_difference(db, stream, entries, first, overlap_end)
        elif first == stored + 1 and part["prev_hash"] != stored_head:
            fork_at = first
        if fork_at is not None:
            plan.update(outcome="fork", fork_at=fork_at,
                        reason=f"{office} 的台账第 {fork_at} 条与本机已存的不同：同一条台账有两个版本（数据库可能被复制到"
                               "另一台电脑后两边都在出具）。两个版本都保留并标记，须查明后由其中一台重新登记")
            continue
        new = entries[overlap_end - first + 1:] if overlap_end >= first else entries
        plan["new"] = len(new)
        plan["entries"] = new
        if not new:
            plan["outcome"] = "nothing-new"
            cut = _cut_short(db, checked.manifest, office, desk_id, last)
            if cut:
                plan.update(outcome="cut", reason=cut)
        else:
            plan["outcome"] = "append"
            if stream is None:  # a chain first held here: keep the re-enrolments its own entries show
                plan["handovers"] = _handovers_in(part, entries)
        if adopt and plan["outcome"] in ("append", "nothing-new"):
            plan["reason"] = (f"{office} 已重新登记为新的桌面（更换电脑或从备份恢复），自第 {plan['handovers'][-1]['position']} "
                              "条起由新电脑接着写这条台账")
    return plans


def _stream_for(db, office: str, desk_id: str, handovers: list[dict]) -> tuple[int | None, bool, int | None]:
    """(stream, adopt, retired_at): the chain this section continues. A desk that re-enrolled
    continues the stream held under an earlier desk's id (adopt: rename it on apply); a desk
    that handed its chain over is matched to it, and from `retired_at` on it writes a fork."""
    stream = ledger_store.stream_of(db, office, desk_id)
    if stream is not None:
        return stream, False, None
    for h in reversed(handovers):
        earlier = ledger_store.stream_of(db, office, h["from_desk"])
        if earlier is not None:
            return earlier, True, None
    moved = handover_store.handed_over(db, office, desk_id)
    if moved is not None:
        return moved[0], False, moved[1]
    return None, False, None


def _other_desk(db, office: str, desk_id: str) -> str | None:
    """The desk id of a chain of `office` held here under another desk (None: none), when a
    section names a desk this desk has never heard of and no handover links them."""
    row = db.execute("SELECT desk_id FROM ledger_streams WHERE office = ? AND desk_id <> ? LIMIT 1",
                     [office, desk_id]).fetchone()
    return row[0] if row else None


def _handover_shown(db, stream: int | None, part: dict, entries: list[rules.Entry]) -> bool:
    """A handover is taken only once the chain shows it: the first entry at or after it is
    signed by the new desk's key (checked, like every checkpoint, against the keys trusted for
    the office), and the entry before it by the old desk's key (so a relay cannot invent a
    re-enrolment that names the office's own key as the "new" one). Until then the entries
    before it still join the old desk's chain, and nothing is renamed on the manifest's word alone."""
    move = part["handovers"][-1]
    first = part["from"]
    at = max(move["position"], first)
    if at > part["to"]:
        return False
    before = move["position"] - 1
    if before < 1:
        return entries[at - first].key_id == move.get("to_key")
    if before >= first:
        return _keys_show(move, entries[before - first].key_id, entries[at - first].key_id)
    row = db.execute("SELECT key_id FROM ledger_entries WHERE id = ?",
                     [ledger_store.row_id(stream, before)]).fetchone() if stream is not None else None
    return row is not None and _keys_show(move, row[0], entries[at - first].key_id)


def _keys_show(move: dict, key_before: str, key_after: str) -> bool:
    """The chain shows a re-enrolment: signed by the old key up to it, by the new key after it."""
    return key_before == move.get("from_key") and key_after == move.get("to_key")


def _inside(m: fmt.Manifest, office: str) -> bool:
    """A desk passes up only its own chain and those of the offices inside its region — read
    from its region code, not from the level the manifest claims (a village's region is itself)."""
    return office == m.source_office or office.startswith(fmt.region_prefix(m.source_office))


def _first_difference(db, stream: int, entries: list[rules.Entry], first: int, last: int) -> int:
    lo, hi = first, last  # the hash at `last` differs; find the first position that does
    while lo < hi:
        mid = (lo + hi) // 2
        if ledger_store.hash_at(db, stream, mid) == entries[mid - first].entry_hash:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _cut_short(db, m: fmt.Manifest, office: str, desk_id: str, last: int) -> str:
    """A desk's own bundle whose chain ends before one it sent earlier: its ledger was cut
    short (restored from an old copy, entries lost) — the township must hear of it."""
    if m.source_office != office or m.desk_id != desk_id:
        return ""
    before = sync_store.last_applied_head(db, office, desk_id)
    if before and fmt.written_at(before[0]) < fmt.written_at(m.created_at) and before[1] > last:
        return (f"{office} 的台账只到第 {last} 条，但它 {before[0][:10]} 交来的包已到第 {before[1]} 条：本地台账可能被截短"
                "或从旧备份恢复，请核实")
    return ""


def _plan_records(session: Session, checked: _Checked) -> dict[str, dict]:
    db = session.db
    out = {}
    for kind, rows in checked.records.items():
        table, uid, office_col = _RECORD_TABLES[kind]
        new, same, conflicts = [], 0, []
        info = db.execute(f"PRAGMA table_info({table})").fetchall()  # cid, name, type, notnull, default, pk
        known = {c[1] for c in info} - {"id"}
        needed = {c[1] for c in info if c[3] and c[4] is None and not c[5]}
        seen: set[str] = set()
        for r in rows:
            if r[uid] in seen:
                raise fmt.bundle_error(f"「{fmt.KIND_NAMES[kind]}」里同一条记录（{r[uid][:40]}）重复出现")
            seen.add(r[uid])
            if set(r) - known or needed - set(r):
                which = sorted(set(r) - known) or sorted(needed - set(r))
                raise fmt.bundle_error(f"「{fmt.KIND_NAMES[kind]}」的记录（{r[uid][:40]}）"
                                       f"{'有本机不认识的字段' if set(r) - known else '缺少字段'}「{which[0][:40]}」")
            cur = db.execute(f"SELECT * FROM {table} WHERE {uid} = ?", [r[uid]])
            row = cur.fetchone()
            if row is None:
                new.append(r)
                continue
            stored = {d[0]: v for d, v in zip(cur.description, row) if d[0] != "id"}
            if _digest(stored) == _digest(r):
                same += 1
            else:
                conflicts.append((r, stored))
        out[kind] = {"new": new, "same": same, "conflicts": conflicts}
    return out


def _digest(row: dict) -> str:
    return hashlib.sha256(rules.canonical_json(row).encode("utf-8")).hexdigest()


# ================================================================ preview and import


def preview_import(session: Session, path: Path | str, *, trust_fingerprint: str | None = None,
                   county_fingerprint: str | None = None) -> dict:
    """What importing the bundle would do, with nothing changed: who sent it, to whom, counts
    per kind, new offices, held chains, conflicts, the trust list and catalogue changes."""
    checked = _open(session, path, trust_fingerprint=trust_fingerprint, county_fingerprint=county_fingerprint)
    return _describe(session, checked, _plan_ledger(session, checked), _plan_records(session, checked))


def _describe(session: Session, checked: _Checked, ledger_plan: list[dict], record_plan: dict) -> dict:
    m = checked.manifest
    db = session.db
    known = {r[0] for r in db.execute("SELECT code FROM offices").fetchall()}
    return {
        "file": checked.file_name, "sha256": checked.bundle.sha256, "size": checked.bundle.size,
        "bundle_id": m.bundle_id, "created_at": m.created_at, "kinds": list(m.kinds), "full": m.full,
        "kind_names": [fmt.KIND_NAMES[k] for k in m.kinds],
        "source": {"office": m.source_office, "name": m.source_name, "level": m.source_level, "desk_id": m.desk_id},
        "addressee": m.addressee, "signer": checked.signer,
        "ledger": [{k: v for k, v in p.items() if k != "entries"} for p in ledger_plan],
        "new_entries": sum(p["new"] for p in ledger_plan),
        "new_offices": sorted({p["office"] for p in ledger_plan if p["office"] not in known and p["outcome"] == "append"}),
        "records": {k: {"new": len(v["new"]), "same": v["same"], "conflicts": len(v["conflicts"])}
                    for k, v in record_plan.items()},
        "acks": len(checked.acks),
        "trust_list": checked.trust_preview, "catalogues": [p for _, p in checked.catalogues],
        "enrolments": [{k: r.get(k) for k in ("office_code", "office_name", "key_id")} for r in checked.enrolments],
        "already_imported": _seen(db, checked.bundle.sha256),
    }


def _seen(db, sha256: str) -> bool:
    return db.execute("SELECT 1 FROM sync_bundles WHERE sha256 = ? AND direction = 'in' AND status IN "
                      "('applied', 'nothing-new') LIMIT 1", [sha256]).fetchone() is not None


def import_bundle(session: Session, path: Path | str, *, trust_fingerprint: str | None = None,
                  county_fingerprint: str | None = None, progress: Progress | None = None) -> dict:
    """Check, then apply the bundle in one transaction (or nothing), record it, and apply any
    held bundle whose gap it filled. A refusal is recorded too, with its reason."""
    path = Path(path)
    _tell(progress, "读取并校验", 0.0)
    try:
        data = container.read_file(path)
        result = _import_data(session, data, file_name=path.name, trust_fingerprint=trust_fingerprint,
                              county_fingerprint=county_fingerprint, progress=progress)
    except UserError as exc:
        _record_refusal(session, path, exc)
        raise
    result["released"] = _retry_held(session)
    _tell(progress, "完成", 1.0)
    return result


def _import_data(session: Session, data: bytes, *, file_name: str, trust_fingerprint: str | None = None,
                 county_fingerprint: str | None = None, progress: Progress | None = None,
                 releasing: str | None = None) -> dict:
    db = session.db
    if releasing is None and _seen(db, hashlib.sha256(data).hexdigest()):
        return _again(session, data, file_name)
    checked = _open(session, data=data, file_name=file_name, trust_fingerprint=trust_fingerprint,
                    county_fingerprint=county_fingerprint)
    if checked.signer.get("waiting"):
        return _wait_for_key(session, checked)
    m = checked.manifest
    _tell(progress, "核对签名", 0.2)
    by_hand = _HandKey(m) if checked.signer.get("trust_by_hand") else None
    for part, entries in checked.ledger:
        if part["office"] != session.require_desk().region_code:
            _check_entry_signatures(session, part["office"], entries, by_hand)
    _tell(progress, "写入", 0.4)
    with write(db):
        ledger_plan = _plan_ledger(session, checked)
        record_plan = _plan_records(session, checked)
        down = _apply_down(session, checked, county_fingerprint)
        if checked.signer.get("trust_by_hand"):
            key_store.trust_key(db, {"format": key_store.KEY_FORMAT, "office_code": m.source_office,
                                     "office_name": m.source_name, "alg": "Ed25519", "key_id": m.key_id,
                                     "public_key": _b64(m.public_key), "created_at": m.created_at},
                                source=f"同步包 {file_name}（电话核对指纹）", own_office_code=session.require_desk().region_code,
                                second_key=True)  # the fingerprint was read over the phone; the preview named the first key
        sync_store.release(db, checked.bundle.sha256)  # held before (a gap, a key not yet trusted): now it goes in
        heads, added, held, flagged = [], 0, [], []
        for n, plan in enumerate(ledger_plan, 1):
            office, desk_id = plan["office"], plan["desk_id"]
            if plan["outcome"] in ("append", "nothing-new") and plan["adopt"]:
                _adopt(db, plan)
            if plan["outcome"] == "append":
                ledger_store.add_office(db, code=office, name=plan["office_name"],
                                        short_name=_part(checked, office).get("short_name", ""),
                                        level=_part(checked, office).get("level", ""))
                added += ledger_store.append_stream(db, office=office, desk_id=desk_id, entries=plan["entries"],
                                                    hashed=True)["added"]
                new_stream = ledger_store.stream_of(db, office, desk_id) if plan["stream"] is None else None
                if new_stream is not None and plan["handovers"]:
                    _record_handovers(db, new_stream, office, plan["handovers"])
                heads.append({"office": office, "desk_id": desk_id, "to": plan["to"]})
            elif plan["outcome"] == "nothing-new":
                heads.append({"office": office, "desk_id": desk_id, "to": plan["to"]})
            elif plan["outcome"] == "held":
                held.append(plan)
            elif plan["outcome"] in ("fork", "cut"):
                flagged.append(plan)
            _tell(progress, "写入台账", 0.4 + 0.5 * n / max(1, len(ledger_plan)))
        records = _apply_records(session, checked, record_plan)
        for a in checked.acks:
            sync_store.acknowledge(db, peer_office=m.source_office, kind=str(a.get("kind", "ledger")), office=a["office"],
                                   desk_id=a["desk_id"], position=a["position"], entry_hash=a["entry_hash"])
        for plan in flagged:
            _flag(session, checked, plan)
        for plan in held:
            sync_store.hold(db, sha256=checked.bundle.sha256, office=plan["office"], desk_id=plan["desk_id"],
                            first_position=plan["from"], file_name=file_name, data=checked.bundle.data,
                            reason=plan["reason"])
        status = ("conflict" if flagged or any(r["conflicts"] for r in records.values()) else "held" if held
                  else "applied" if added or any(r["added"] for r in records.values()) or down["changed"]
                  else "nothing-new")
        description = _describe(session, checked, ledger_plan, record_plan)
        summary = {"added": added, "records": records, "heads": heads, "held": len(held), "flagged": len(flagged),
                   **down}
        sync_store.record_bundle(db, bundle_id=m.bundle_id, direction="in", kind=",".join(m.kinds),
                                 source_office=m.source_office, source_desk=m.desk_id, key_id=m.key_id,
                                 addressee=m.addressee, created_at=m.created_at, fmt=int(m.raw["version"]),
                                 file_name=file_name, sha256=checked.bundle.sha256, size=checked.bundle.size,
                                 status=status, reason="；".join(p["reason"] for p in held + flagged)[:2000],
                                 summary=summary)
    return {**description, "status": status, "added": added, "records_added": {k: v["added"] for k, v in records.items()},
            "held": [p["reason"] for p in held], "flagged": [p["reason"] for p in flagged], **down}


def _apply_down(session: Session, checked: _Checked, county_fingerprint: str | None) -> dict:
    """Inside the import's transaction: pin the county key (confirmed), apply its trust list,
    the catalogues that are newer, and the enrolments carried up."""
    from villagedesk.services import catalogue, trust

    out: dict[str, Any] = {"changed": 0, "trust_list": None, "catalogues": [], "enrolments": []}
    if checked.trust_list is not None and checked.trust_preview is not None:
        if checked.trust_preview["needs_pin"]:
            trust.pin_county(session, record=checked.trust_list, confirmed_fingerprint=county_fingerprint or "",
                             confirmed_by="同步包导入时核对")
        if checked.trust_preview["outcome"] == "apply":
            out["trust_list"] = trust.apply_trust_list(session, checked.trust_list, source=checked.file_name)
            out["changed"] += 1
    for doc, preview in checked.catalogues:
        if preview.get("outcome") == "install":
            out["catalogues"].append(catalogue.apply_update(session, doc, source=f"同步包 {checked.file_name}"))
            out["changed"] += 1
    _apply_enrolments(session, checked, out)
    return out


def _apply_enrolments(session: Session, checked: _Checked, out: dict) -> None:
    from villagedesk.services import trust

    for record in checked.enrolments:
        got = trust.receive_enrolment(session, record, bundle_sha256=checked.bundle.sha256)
        out["enrolments"].append(got)
        out["changed"] += int(bool(got.get("new")))


def _wait_for_key(session: Session, checked: _Checked) -> dict:
    """A bundle signed by a key this desk does not yet trust, which enrols that key (a desk's
    first bundle): the enrolment is taken (the county decides), the rest is held whole and
    applied once the key is trusted — by a trust list that lists it, or by hand."""
    db = session.db
    m = checked.manifest
    description = _describe(session, checked, _plan_ledger(session, checked), _plan_records(session, checked))
    out: dict[str, Any] = {"changed": 0, "trust_list": None, "catalogues": [], "enrolments": []}
    with write(db):
        _apply_enrolments(session, checked, out)
        sync_store.hold(db, sha256=checked.bundle.sha256, office=m.source_office, desk_id=m.desk_id,
                        first_position=KEY_HELD, file_name=checked.file_name, data=checked.bundle.data, reason=KEY_WAIT)
        sync_store.record_bundle(db, bundle_id=m.bundle_id, direction="in", kind=",".join(m.kinds),
                                 source_office=m.source_office, source_desk=m.desk_id, key_id=m.key_id,
                                 addressee=m.addressee, created_at=m.created_at, fmt=int(m.raw["version"]),
                                 file_name=checked.file_name, sha256=checked.bundle.sha256, size=checked.bundle.size,
                                 status="held", reason=KEY_WAIT, summary={"added": 0, "enrolments": len(out["enrolments"])})
    return {**description, "status": "held", "added": 0, "records_added": {}, "held": [KEY_WAIT], "flagged": [], **out}


KEY_HELD = 0  # sync_held.first_position of a bundle waiting for its key, not for a gap


def _again(session: Session, data: bytes, file_name: str) -> dict:
    """The very same file was applied before: it is checked again (archive, signature,
    addressee) and recorded, but its records are not replayed — they are all stored."""
    bundle = container.read(data)
    m = bundle.manifest
    desk = session.require_desk()
    if not fmt.addressed_to(m.kinds, m.addressee, desk.region_code):
        raise fmt.bundle_error(f"这个包是发给 {m.addressee} 的，不是本机")
    sync_store.record_bundle(session.db, bundle_id=m.bundle_id, direction="in", kind=",".join(m.kinds),
                             source_office=m.source_office, source_desk=m.desk_id, key_id=m.key_id,
                             addressee=m.addressee, created_at=m.created_at, fmt=int(m.raw["version"]),
                             file_name=file_name, sha256=bundle.sha256, size=bundle.size, status="nothing-new",
                             reason="同一个包已导入过", summary={"added": 0, "again": True})
    return {"file": file_name, "sha256": bundle.sha256, "size": bundle.size, "bundle_id": m.bundle_id,
            "created_at": m.created_at, "kinds": list(m.kinds), "source": {"office": m.source_office,
            "name": m.source_name, "level": m.source_level, "desk_id": m.desk_id}, "addressee": m.addressee,
            "status": "nothing-new", "added": 0, "records_added": {}, "held": [], "flagged": [],
            "already_imported": True, "new_entries": 0}


def _part(checked: _Checked, office: str) -> dict:
    return next((p for p, _ in checked.ledger if p["office"] == office), {})


def _apply_records(session: Session, checked: _Checked, plan: dict) -> dict:
    db = session.db
    out = {}
    for kind, p in plan.items():
        table, uid, office_col = _RECORD_TABLES[kind]
        columns = {r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()} - {"id"}
        for r in p["new"]:
            if set(r) - columns:
                raise fmt.bundle_error(f"「{fmt.KIND_NAMES[kind]}」的记录有本机不认识的字段")
            db.execute(f"INSERT INTO {table} ({', '.join(r)}) VALUES ({', '.join('?' * len(r))})", list(r.values()))
        for other, stored in p["conflicts"]:
            sync_store.add_conflict(db, kind=kind, office=other[office_col], desk_id=str(other.get("desk_id", "")),
                                    record_key=other[uid], kept_hash=_digest(stored), other_hash=_digest(other),
                                    other=rules.canonical_json(other), bundle_sha256=checked.bundle.sha256,
                                    reason=f"同一条{fmt.KIND_NAMES[kind]}记录（{other[uid]}）内容不同：两个版本都保留")
        out[kind] = {"added": len(p["new"]), "same": p["same"], "conflicts": len(p["conflicts"])}
    return out


def _adopt(db, plan: dict) -> None:
    """The chain held here under an earlier desk's id is written by the re-enrolled desk from
    now on: keep its handovers (an old PC still writing is then told apart) and rename it."""
    _record_handovers(db, plan["stream"], plan["office"], plan["handovers"])
    ledger_store.hand_over(db, plan["stream"], plan["desk_id"])


def _record_handovers(db, stream: int, office: str, moves: list[dict]) -> None:
    for h in moves:
        handover_store.record(db, stream=stream, office=office, position=h["position"],
                              from_desk=h["from_desk"], to_desk=h["to_desk"], prev_hash=h["prev_hash"],
                              from_key=h.get("from_key", ""), to_key=h.get("to_key", ""), at=h.get("at", ""))


def _handovers_in(part: dict, entries: list[rules.Entry]) -> list[dict]:
    """The handovers of a section that brings a chain whole (a county first holding a village's
    chain through the township): each taken only where the entries show it — the entry before
    it signed by the old key, the one at it by the new key, and the chain's hash there the one
    the handover names — as `_handover_shown` asks of a chain continued."""
    first, shown = part["from"], []
    for h in part.get("handovers", []):
        at = h["position"]
        if not (first < at <= part["to"]):
            continue
        after, before = entries[at - first], entries[at - 1 - first]
        if _keys_show(h, before.key_id, after.key_id) and after.prev_hash == h["prev_hash"]:
            shown.append(h)
    return shown


def _flag(session: Session, checked: _Checked, plan: dict) -> None:
    db = session.db
    entries = next(e for p, e in checked.ledger if p["office"] == plan["office"] and p["desk_id"] == plan["desk_id"])
    if plan["outcome"] == "fork":
        at = plan["fork_at"]
        stream = plan.get("stream")
        kept = (ledger_store.hash_at(db, stream, at) if stream is not None else None) or ""
        other = entries[at - plan["from"]:]
        sync_store.add_conflict(db, kind="ledger-fork", office=plan["office"], desk_id=plan["desk_id"],
                                record_key=str(at), kept_hash=kept, other_hash=other[0].entry_hash,
                                other=json.dumps([list(e) for e in other], ensure_ascii=False),
                                bundle_sha256=checked.bundle.sha256, reason=plan["reason"])
    else:
        sync_store.add_conflict(db, kind="ledger-cut", office=plan["office"], desk_id=plan["desk_id"],
                                record_key=str(plan["to"]), kept_hash="", other_hash=entries[-1].entry_hash,
                                other="[]", bundle_sha256=checked.bundle.sha256, reason=plan["reason"])


def _record_refusal(session: Session, path: Path, exc: UserError) -> None:
    """Every bundle is recorded, a refused one with its reason (in its own transaction, after
    the import's was rolled back)."""
    try:
        sync_store.record_bundle(session.db, bundle_id="", direction="in", kind="", source_office="", source_desk="",
                                 key_id="", addressee="", created_at="", fmt=0, file_name=path.name[:200],
                                 sha256=_file_sha(path), size=_file_size(path), status="refused", reason=exc.message)
    except Exception:  # noqa: BLE001 — a log that fails (locked disk) must not hide the refusal itself
        pass


def _file_sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _retry_held(session: Session) -> list[dict]:
    """Apply held bundles whose gap has filled, until none moves."""
    released = []
    moved = True
    while moved:
        moved = False
        for h in sync_store.held(session.db):
            if h["first_position"] == KEY_HELD:
                if not _key_now_trusted(session, h["sha256"]):
                    continue
                h["first_position"] = 1
            stream = _stream_for(session.db, h["office"], h["desk_id"], [])[0]
            stored = (ledger_store.stream_head(session.db, stream)[0] if stream is not None else  # a re-enrolled desk:
                      max((c["entries"] for c in ledger_store.streams(session.db) if c["office"] == h["office"]), default=0))
            if h["first_position"] > stored + 1:
                continue
            data = sync_store.held_data(session.db, h["sha256"])
            if data is None:
                continue
            try:
                result = _import_data(session, data, file_name=h["file_name"], releasing=h["sha256"])
            except UserError as exc:  # refused now (a key revoked meanwhile): dropped, and recorded
                sync_store.release(session.db, h["sha256"])
                released.append({"file": h["file_name"], "status": "refused", "reason": exc.message})
            else:
                released.append({"file": h["file_name"], "status": result["status"], "added": result["added"]})
            moved = True
    return released


def resolve_conflict(session: Session, conflict_id: int, *, note: str, by: str = "") -> dict:
    """Close a conflict once the officer found out what happened (the old PC retired, the
    village re-issued…): both versions stay; the township's flags and `sync verify` stop
    counting it. The note is required — it is the record of what was found."""
    session.require_desk()
    text = note.strip() if isinstance(note, str) else ""
    who = by.strip() if isinstance(by, str) else ""
    if not text:
        raise UserError("请写明核实的情况（如：已电话核实，旧电脑已停用）", where="处理说明")
    if len(text) > 200 or control_chars(text):
        raise UserError("处理说明最多 200 字，且不能含控制字符", where="处理说明")
    if len(who) > 50 or control_chars(who):
        raise UserError("核实人最多 50 字，且不能含控制字符", where="核实人")
    if type(conflict_id) is not int or conflict_id < 1:
        raise UserError(f"冲突编号应为正整数，而不是 {conflict_id!r}", where="冲突编号")
    return sync_store.resolve_conflict(session.db, conflict_id, note=text, by=who)


def _key_now_trusted(session: Session, sha256: str) -> bool:
    from villagedesk.services import trust

    data = sync_store.held_data(session.db, sha256)
    if data is None:
        return False
    m = container.read(data).manifest
    return trust.bundle_signer(session, m.key_id, on=m.created_at) is not None


# ================================================================ status


def status(session: Session) -> dict:
    """What this desk holds and has exchanged: chains with their heads and what the office
    above acknowledged, the last bundles both ways, held bundles and conflicts."""
    desk = session.require_desk()
    db = session.db
    up = fmt.parent_office(desk.region_code, desk.level) if desk.level != "county" else ""
    chains = []
    for s in ledger_store.streams(db):
        row = db.execute("SELECT name, short_name FROM offices WHERE code = ?", [s["office"]]).fetchone()
        acked = sync_store.acked(db, up, s["office"], s["desk_id"])[0] if up else 0
        chains.append({**s, "office_name": row[0] if row else "", "acked_up": acked,
                       "handovers": handover_store.of_stream(db, s["stream"])})
    return {
        "office": desk.region_code, "name": desk.name, "level": desk.level, "desk_id": desk.desk_id,
        "addressee_up": up, "addressee_up_name": _office_name(db, up) if up else "",
        "chains": chains, "exports": sync_store.bundles(db, direction="out", limit=20),
        "imports": sync_store.bundles(db, direction="in", limit=50), "held": sync_store.held(db),
        "conflicts": sync_store.conflicts(db), "acks": sync_store.acks(db),
        "kinds": {k: fmt.KIND_NAMES[k] for k in fmt.KINDS},
    }

