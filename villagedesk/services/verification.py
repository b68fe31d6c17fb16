"""证明核验: is a certificate's QR genuine, by whom and when, and has it since been voided?

The order follows the EU digital COVID certificate: unpack the envelope, find the issuer's
key by its id in this desk's trust list, check the signature, and only then read what the
payload says. A valid signature is not the end (issue #9): at a desk that holds the
issuer's ledger, the ledger decides (a number it lacks, or one whose entry says otherwise,
is not valid); a PDF's page must show the signed text; a photo can only vouch for its QR
code. Every answer carries `signed_fields`, all that was signed, for the checker to hold
against the paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable
from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.core.payload import (
    ALG_NAMES, KIND_LABELS, SIGNATURE_LENGTH, MalformedPayload, PayloadFields, content_digest, read_fields, unpack,
    verify_envelope,
)
from villagedesk.services import keys
from villagedesk.services.results import LedgerCheck
from villagedesk.services.session import Session
from villagedesk.store import key_store, ledger_store, sync_store, trust_store

MAX_TEXT = 4000
PHOTO_NOTE = "照片只能核验二维码；请核对纸面内容与下列签名内容一致"
REFUSAL_PDF_NOTE = "不予出具告知单的页面文字未与签名内容比对；请核对页面内容与下列签名内容一致"
OLD_PDF_NOTE = "这份 PDF 由早先的版本生成，没有附带签名的正文，页面文字未能比对；请逐项核对页面内容与下列签名内容一致"

ANSWERS = {
    "valid": "真实有效",
    "voided": "已作废",
    "tampered": "内容被改动",
    "not_in_ledger": "台账中无此编号",
    "unconfirmed": "签名真实，台账未能确认",
    "unknown_issuer": "签发单位未知",
    "unsupported_alg": "不支持的签名算法",
    "several_codes": "图片中有多个二维码",
    "malformed": "不是有效的证明二维码",
}

# the signed content's fields as the paper shows them, in the order of the page
SIGNED_LABELS = (
    ("title", "证明名称"), ("number", "证明编号"), ("holder_name", "姓名"), ("id_number", "身份证号码"),
    ("item", "事项"), ("addressee", "致送单位"), ("body", "正文"), ("purpose", "用途"), ("issued_on", "出具日期"),
    ("issuer", "出具单位"),
)
_LEDGER_COMPARED = (("holder_name", "姓名"), ("id_masked", "身份证号码"), ("item_code", "事项编码"),
                    ("issued_on", "出具日期"), ("kind", "类别"), ("office_code", "出具单位区划代码"))


# a title closer to the truth than its status's (the status stays, for `--json` readers)
REVOKED_TITLE = "签名密钥已撤销"
OUTSIDE_TITLE = "签名密钥在签发日不被信任"
RETIRED_TITLE = "签名密钥已停用"


def _answer(status: str, explanation: str, **more) -> dict:
    return {"status": status, "title": ANSWERS[status], "valid": status == "valid", "explanation": explanation,
            "fields": None, "issuer": None, "signed_fields": [], "note": "", "signature_valid": False, **more}


def _fields_view(fields) -> dict:
    return {**fields.to_dict(), "kind_name": KIND_LABELS[fields.kind]}


@dataclass
class _Checked:
    """What a checked payload vouches for, kept for the PDF's page comparison."""

    fields: PayloadFields
    issuer: dict
    content: dict | None = None  # the signed content (ledger columns), when the ledger holds it


def verify_text(session: Session, text: str, *, source: str = "扫描") -> dict:
    """Check a payload as a scanner typed it."""
    return _check_text(session, text, source=source)[0]


def _check_text(session: Session, text: str, *, source: str) -> tuple[dict, _Checked | None]:
    text = text or ""
    if len(text) > MAX_TEXT:
        return _answer("malformed", f"内容过长（{len(text)} 个字符），不是村务桌面的证明二维码", source=source), None
    try:
        envelope = unpack(text)
    except MalformedPayload as exc:
        return _answer("malformed", exc.message, source=source, reason=exc.reason), None
    if envelope.alg not in SIGNATURE_LENGTH:
        name = f"，{ALG_NAMES[envelope.alg]}" if envelope.alg in ALG_NAMES else ""
        return _answer("unsupported_alg", f"不支持的签名算法（编号 {envelope.alg}{name}）：本程序无法核验这种签名，"
                       "不能判断真伪。如确是新版村务桌面出具的证明，请升级后再核验。", source=source,
                       reason="unsupported_alg", alg=envelope.alg), None
    key = key_store.find_key(session.db, envelope.key_id)
    if key is None:
        return _answer("unknown_issuer", "签名所用的密钥不在本机的信任名单中：可能是未登记的单位签发的，也可能是伪造的。"
                       "请向签发单位或乡镇核实，或导入该单位的公钥后再核验。", source=source, key_id=envelope.key_id.hex()), None
    refusal = keys.refusal_for(key)
    if refusal:  # a small-order key "verifies" anything
        return _answer("unknown_issuer", refusal, source=source, key_id=envelope.key_id.hex()), None
    if not verify_envelope(envelope, key.public_key):
        return _answer("tampered", "签名与内容不符：二维码内容在签发后被改动过，或被伪造。此证明不可采信。",
                       source=source, key_id=envelope.key_id.hex()), None
    try:
        fields = read_fields(envelope)
    except MalformedPayload as exc:
        return _answer("malformed", exc.message, source=source, reason=exc.reason), None
    issuer = {"office_code": key.office_code, "office_name": key.office_name, "own": bool(key.own),
              "revoked": bool(key.revoked_at), "fingerprint": key.fingerprint, "revoked_at": key.revoked_at,
              "revoked_reason": key.revoked_reason, **_trust_of(session, key)}
    view = _fields_view(fields)
    checked = _Checked(fields, issuer)
    signed = signed_fields(fields, issuer)

    def answer(status: str, explanation: str, **more) -> dict:
        """An answer about a payload whose signature holds."""
        return _answer(status, explanation, source=source, fields=view, issuer=issuer, signed_fields=signed,
                       signature_valid=True, **more)

    if fields.office_code != key.office_code:
        return answer("tampered", f"二维码声称由 {fields.office_code} 签发，但签名密钥属于 {key.office_name}（{key.office_code}）。"), None
    still_valid, revocation_note = keys.revocation_verdict(key, view["issued_on"])
    if not still_valid:
        return answer("unknown_issuer", revocation_note, revoked=True, title=REVOKED_TITLE), None
    outside = key.outside_validity(view["issued_on"])
    if outside:  # the county's list (or this desk) bounds when the key may sign
        return answer("unknown_issuer", f"证明的签发日期 {view['issued_on']} {outside}：{key.office_name} 的这把密钥在该日不被信任"
                      f"（{issuer['trust']}），此证明不可采信，请向签发单位核实。", outside_validity=True,
                      title=OUTSIDE_TITLE), None
    ledger = None
    own_ledger = _holds_ledger(session, key)
    # a township (county) holds its villages' chains as far as bundles brought them (synced):
    # an entry found there says whether it was voided — as of the last bundle, not today
    chain = None if own_ledger else _received_chain(session, key.office_code)
    synced = ledger_store.get_by_number(session.db, fields.number, office=key.office_code) if chain else None
    # the key stopped writing its office's chain at a re-enrolment: what it signs later is the old PC's
    handover = _handover_of(session, key)
    late = handover is not None and view["issued_on"] >= handover["at"][:10]

    def retired() -> dict:
        assert handover is not None
        fork = _in_fork(session, key.office_code, fields.number, envelope_text(text)) if not own_ledger else None
        where = "本机台账" if own_ledger else _chain_words(chain)
        more = (f"这份证明只出现在本机标记为“分叉”的另一份台账里（{fork['found_at'][:10]} 发现）：原来那台电脑在移交后还在出具。"
                if fork else f"{where}中没有这份证明。")
        why = f"（原因：{handover['reason']}）" if handover["reason"] else ""
        return answer("unknown_issuer", f"签名密钥是 {key.office_name} 原来那台电脑的密钥，已于 {handover['at'][:10]} 重新登记"
                      f"{why}后停用，只对此前签发的证明有效；这份证明签发于 {view['issued_on']}，"
                      f"{more}此证明不可采信，请向签发单位核实。", retired=True, title=RETIRED_TITLE,
                      handover={"position": handover["position"], "at": handover["at"]}, fork=fork is not None)

    if own_ledger or synced is not None:
        # the issuer's own ledger decides: a signature alone does not make a number ours
        entry = ledger_store.get_by_number(session.db, fields.number) if own_ledger else synced
        if entry is None:
            if late:
                return retired(), None
            return answer("not_in_ledger", f"签名是本单位的密钥，但本机台账中没有编号 {fields.number}：本单位没有出具过这份"
                          f"{view['kind_name']}，或本机数据不完整。此证明不可采信，请核实。", ledger={"found": False}), None
        ledger = {"found": True, "status": entry.get("status"), "status_name": entry.get("status_name"),
                  "reason": entry.get("void_reason") or "", "replaced_by": entry.get("replaced_by_number") or "",
                  "payload_matches": entry.get("payload") == envelope_text(text), "synced": not own_ledger,
                  "voided_on": (entry.get("voided_by") or {}).get("issued_on") or ""}
        if chain is not None:
            ledger["received"] = chain
        where = "本机台账" if own_ledger else _chain_words(chain)
        mismatch = _ledger_mismatch(entry, fields, bool(ledger["payload_matches"]))
        if mismatch:
            if late:
                return retired(), None
            fork = _in_fork(session, key.office_code, fields.number, envelope_text(text)) if chain is not None else None
            if chain is not None and fork is not None and fork["same"]:
                return _forked(fork, view, issuer, key, chain, answer, revocation_note), checked
            other_key = (entry.get("key_id") or "") != envelope.key_id.hex() and bool(entry.get("payload"))
            key_words = ("台账中这条记录是由另一把密钥签名的，" if other_key else "")
            cut = f"（注意：这条台账已被标记为截短：{chain['cut_short']}）" if chain and chain["cut_short"] else ""
            return answer("tampered", f"{mismatch}：二维码与{where}中编号 {fields.number} 的记录不符，{key_words}"
                          f"此证明不可采信。{cut}", ledger=ledger), None
        checked.content = _ledger_content(entry)
        signed = signed_fields(fields, issuer, checked.content, source="本机台账" if own_ledger else "本机收到的台账")
        if entry.get("status") in ("voided", "reissued"):
            when = f"于 {ledger['voided_on']} " if ledger["voided_on"] else ""
            more = f"，已由 {ledger['replaced_by']} 重新出具" if ledger["replaced_by"] else ""
            told = "" if own_ledger else f"据{where}，"
            return answer("voided", f"{told}这份{view['kind_name']}已{when}作废（原因：{ledger['reason'] or '未写明'}）{more}。"
                          "签名本身是真实的，但它已不再有效。", ledger=ledger), checked
        fork_in = chain["forked_from"] if chain else None
        position = ledger_store.position_of(int(entry.get("id") or 0))
        if fork_in is not None and position >= fork_in["position"] and not fork_in["resolution"]:
            return answer("unconfirmed", f"签名核验通过：这份{view['kind_name']}确由 {key.office_name}（{key.office_code}）的密钥"
                          f"签名，二维码内容未被改动，{where}中也有这条记录（第 {position} 条）。但这条台账自第 {fork_in['position']} 条起"
                          f"有两个版本（{fork_in['found_at'][:10]} 发现分叉：同一单位的台账有两台电脑在写），这条记录在分叉之后，"
                          "哪一个版本有效须查明，此证明暂不能确认有效，请向签发单位和乡镇核实。" + revocation_note,
                          ledger=ledger, fork=True), checked
    elif chain is not None:
        # the office's chain is held here, but not this number (yet): the signature is genuine,
        # and only the issuer knows whether it stands — never "forged", never plainly valid
        if late:
            return retired(), None
        return _unconfirmed(session, key, issuer, view, chain, envelope_text(text), answer, revocation_note), checked
    who = f"{key.office_name}（{key.office_code}）"
    text_out = (f"{who} 于 {view['issued_on']} 签发的{view['kind_name']} {view['number']}，"
                f"{'持证人' if fields.kind == 'certificate' else '申请人'} {view['holder_name']}。签名核验通过，内容未被改动。")
    if ledger is not None and not ledger["synced"]:
        text_out += "本机台账中的记录与二维码一致。"
    elif ledger is not None:
        text_out += (f"{_chain_words(chain)}中的记录与二维码一致（台账只到最近一次同步为止：此后是否作废，要等下一次同步才知道，"
                     "如有疑问请向签发单位核实）。")
        if chain and chain["cut_short"]:
            text_out += f"（注意：这条台账已被标记为截短：{chain['cut_short']}）"
        if chain and chain["forked_from"] and chain["forked_from"]["resolution"]:
            text_out += (f"（这条台账自第 {chain['forked_from']['position']} 条起曾有分叉，已处理："
                         f"{chain['forked_from']['resolution']}）")
    else:
        text_out += "（是否已作废只有签发单位的台账知道，如有疑问请向签发单位核实。）"
    text_out += f"签名密钥：{issuer['trust']}。" + _hand_note(key) + issuer["trust_note"]
    text_out += revocation_note
    return answer("valid", text_out, ledger=ledger), checked


def _hand_note(key) -> str:
    if key.via != "hand":
        return ""
    return "（这把密钥是本机按指纹手工信任的，未经县级信任清单认可。）"


def _received_chain(session: Session, office: str) -> dict | None:
    """What this desk holds of another office's chain (a township's copy of a village's
    ledger), or None: how far it reaches, its last number, and when a bundle last brought it.
    Read only."""
    db = session.db
    row = db.execute("SELECT stream FROM ledger_streams WHERE office = ? AND own = 0 ORDER BY stream LIMIT 1",
                     [office]).fetchone()
    if row is None:
        return None
    stream = {"stream": row[0], "entries": ledger_store.stream_head(db, row[0])[0]}
    lo, hi = ledger_store.stream_bounds(stream["stream"])
    last = db.execute("SELECT number, issued_on FROM ledger_entries WHERE id BETWEEN ? AND ? AND coalesce(number, '') <> '' "
                      "ORDER BY id DESC LIMIT 1", [lo, hi]).fetchone()
    head_on = db.execute("SELECT issued_on FROM ledger_entries WHERE id BETWEEN ? AND ? ORDER BY id DESC LIMIT 1",
                         [lo, hi]).fetchone()
    name = db.execute("SELECT coalesce(nullif(short_name, ''), nullif(name, ''), code) FROM offices WHERE code = ?",
                      [office]).fetchone()
    received_at = sync_store.last_received_at(db, office)
    return {"office": office, "name": name[0] if name else office, "entries": stream["entries"], "stream": stream["stream"],
            "last_number": last[0] if last else "", "last_issued_on": last[1] if last else "",
            "head_issued_on": head_on[0] if head_on else "", "received_at": received_at,
            "cut_short": _cut_flag(session, office), "forked_from": _fork_of_chain(session, office)}


def _fork_of_chain(session: Session, office: str) -> dict | None:
    """The earliest fork flagged against the held chain (the same chain arrived with other
    content from a position on: a copied or restored database issuing, or a second desk
    claiming the office): from that position the held version is one of two. An open fork
    before a closed one; a fork by a desk that handed the chain over (the old PC writing on
    after a re-enrolment) is not one: the held chain is its successor's. None when there is none."""
    from villagedesk.store import handover_store

    found: dict | None = None
    for key, desk_id, found_at, resolution in session.db.execute(
            "SELECT c.record_key, c.desk_id, c.found_at, coalesce(r.note, '') FROM sync_conflicts c LEFT JOIN "
            "sync_conflict_resolutions r ON r.conflict_id = c.id WHERE c.kind = 'ledger-fork' AND c.office = ?",
            [office]).fetchall():
        if not str(key).isdigit() or handover_store.handed_over(session.db, office, desk_id) is not None:
            continue
        this = {"position": int(key), "found_at": found_at or "", "resolution": resolution}
        if found is None or (not resolution, -this["position"]) > (not found["resolution"], -found["position"]):
            found = this
    return found


def _chain_words(chain: dict | None) -> str:
    """本机收到的风平村台账（共 5 条，最后一个编号 …，2026-12-05 导入）"""
    if chain is None:
        return "本机台账"
    parts = [f"共 {chain['entries']} 条"]
    if chain["last_number"]:
        parts.append(f"最后一个编号 {chain['last_number']}（{chain['last_issued_on']}）")
    if chain["received_at"]:
        parts.append(f"{chain['received_at'][:10]} 随同步包收到")
    return f"本机收到的{chain['name']}台账（{'，'.join(parts)}）"


def _cut_flag(session: Session, office: str) -> str:
    """The reason of an open "cut short" flag on the office's chain ('' when none)."""
    row = session.db.execute(
        "SELECT c.reason FROM sync_conflicts c WHERE c.kind = 'ledger-cut' AND c.office = ? AND NOT EXISTS "
        "(SELECT 1 FROM sync_conflict_resolutions r WHERE r.conflict_id = c.id) ORDER BY c.id DESC LIMIT 1",
        [office]).fetchone()
    return row[0] if row else ""


def _in_fork(session: Session, office: str, number: str, payload: str) -> dict | None:
    """The flagged fork (the other version of the office's chain, kept aside at import) that
    holds this number, or None. `same`: its entry carries this very QR text. Read only."""
    import json

    from villagedesk.core.ledger import COLUMN

    for found_at, reason, other, resolution in session.db.execute(
            "SELECT c.found_at, c.reason, c.other, coalesce(r.note, '') FROM sync_conflicts c LEFT JOIN "
            "sync_conflict_resolutions r ON r.conflict_id = c.id WHERE c.kind = 'ledger-fork' AND c.office = ? "
            "ORDER BY c.id", [office]).fetchall():
        try:
            entries = json.loads(other or "[]")
        except ValueError:
            continue
        for e in entries if isinstance(entries, list) else []:
            if isinstance(e, list) and len(e) > COLUMN["payload"] and e[COLUMN["number"]] == number:
                return {"found_at": found_at or "", "reason": reason or "", "resolution": resolution,
                        "same": e[COLUMN["payload"]] == payload, "position": e[COLUMN["id"]]}
    return None


def _handover_of(session: Session, key) -> dict | None:
    """The re-enrolment at which this key stopped writing its office's chain (its desk moved
    to a new PC with a new key), as this desk knows it, or None. Read only."""
    row = session.db.execute(
        "SELECT position, at, reason FROM stream_handovers WHERE office = ? AND from_key = ? ORDER BY position LIMIT 1",
        [key.office_code, key.key_id_hex]).fetchone()
    return {"position": row[0], "at": row[1] or "", "reason": row[2] or ""} if row and row[1] else None


def _key_replaced(session: Session, chain: dict, key) -> dict | None:
    """Where the held chain stopped being signed by this key (the first entry by another key
    after its last one: a re-enrolled desk's new key), or None. Read only."""
    lo, hi = ledger_store.stream_bounds(chain["stream"])
    db = session.db
    last = db.execute("SELECT max(id) FROM ledger_entries WHERE id BETWEEN ? AND ? AND key_id = ?",
                      [lo, hi, key.key_id_hex]).fetchone()[0]
    if last is None:
        return None
    row = db.execute("SELECT id, issued_on FROM ledger_entries WHERE id BETWEEN ? AND ? AND key_id <> ? ORDER BY id LIMIT 1",
                     [last + 1, hi, key.key_id_hex]).fetchone()
    return {"position": ledger_store.position_of(row[0]), "issued_on": row[1]} if row else None


def _forked(fork: dict, view: dict, issuer: dict, key, chain: dict, answer, revocation_note: str) -> dict:
    """A genuine signature on a certificate found only in the version of the chain kept aside
    as a fork: which version stands is for the county to find out, not for this desk to say."""
    closed = f"；已处理：{fork['resolution']}" if fork["resolution"] else ""
    text = (f"签名核验通过：这份{view['kind_name']}确由 {key.office_name}（{key.office_code}）的密钥签名，二维码内容未被改动"
            f"（签名密钥：{issuer['trust']}）。{_hand_note(key)}{issuer['trust_note']}但它不在{_chain_words(chain)}中，只出现在本机标记为“分叉”的另一份台账里"
            f"（{fork['found_at'][:10]} 发现：同一单位有两台电脑在出具{closed}）。哪一份台账有效须查明，此证明暂不能确认有效，"
            "请向签发单位和乡镇核实。")
    return answer("unconfirmed", text + revocation_note, fork=True,
                  ledger={"found": False, "synced": True, "received": chain, "fork_found_at": fork["found_at"]})


def _unconfirmed(session: Session, key, issuer: dict, view: dict, chain: dict, payload: str, answer,
                 revocation_note: str) -> dict:
    """A genuine signature on a number the chain held here lacks: issued after the last bundle,
    or only in a version of the chain flagged as a fork (two PCs writing one ledger)."""
    number = view["number"]
    words = _chain_words(chain)
    genuine = (f"签名核验通过：这份{view['kind_name']}确由 {key.office_name}（{key.office_code}）的密钥签名，二维码内容未被改动"
               f"（签名密钥：{issuer['trust']}）。{_hand_note(key)}{issuer['trust_note']}")
    fork = _in_fork(session, key.office_code, number, payload)
    ledger = {"found": False, "synced": True, "received": chain}
    if fork is not None:
        return _forked(fork, view, issuer, key, chain, answer, revocation_note)
    text = genuine + f"但{words}中还没有编号 {number}："
    if chain["head_issued_on"] and view["issued_on"] < chain["head_issued_on"]:
        text += (f"证明的日期 {view['issued_on']} 早于台账中最后一条记录的日期 {chain['head_issued_on']}，按理应已在台账中，"
                 "可能是在台账之外签发的（如数据库被复制到另一台电脑后出具）。")
    else:
        text += "可能是最近一次同步之后才出具的，要等签发单位的下一个同步包才能确认。"
    moved = _key_replaced(session, chain, key)
    if moved:
        text += (f"（注意：{words}自第 {moved['position']} 条（{moved['issued_on']}）起已改用另一把密钥签名，"
                 "这把密钥此后签发的证明不在台账中。）")
    held = [h for h in sync_store.held(session.db) if h["office"] == key.office_code]
    if held:
        text += f"（本机暂存着 {len(held)} 个该单位的同步包，正等前面的包接上。）"
    if chain["cut_short"]:
        text += f"（注意：这条台账已被标记为截短：{chain['cut_short']}）"
    text += "此证明是否有效、是否已作废，本机无法确认，请向签发单位核实。"
    return answer("unconfirmed", text + revocation_note, ledger=ledger, fork=False)


def _trust_of(session: Session, key) -> dict:
    """How this desk trusts the key (own, by hand, the county's list and which version), and
    a note when the county's list it relies on has expired (a new one should come down)."""
    from villagedesk.services import trust

    current = trust_store.latest_list(session.db) if key.via == "trust-list" else None
    serial = current["serial"] if current else None
    note = (f"（本机的县级信任清单已于 {current['valid_until']} 过期，请向县里取得新的清单。）"
            if current and current["valid_until"] < trust.today().isoformat() else "")
    return {"via": key.via, "via_name": key.via_name, "trust": trust.trust_text(key, serial), "trust_list_serial": serial,
            "valid_from": key.valid_from, "valid_until": key.valid_until, "trust_note": note}


def _holds_ledger(session: Session, key) -> bool:
    """This desk's ledger is the issuer's: its own key (current or retired), or a key of the
    office this desk is (the same region code)."""
    if key.own:
        return True
    desk = session.desk()
    return desk is not None and desk.region_code == key.office_code


def _ledger_content(entry: dict) -> dict:
    from villagedesk.services.certificates import DIGEST_COLUMNS

    return {c: entry.get(c) or "" for c in DIGEST_COLUMNS}


def _ledger_mismatch(entry: dict, fields: PayloadFields, payload_matches: bool) -> str | None:
    """Why the signed payload is not the one the ledger issued under its number (None: it is)."""
    stored = entry.get("payload") or ""
    if not stored:
        return f"台账中编号 {fields.number} 是一条{entry.get('kind_name') or entry.get('kind') or ''}记录，没有出具过带二维码的证明"
    if not payload_matches:
        try:
            issued = read_fields(unpack(stored))
        except MalformedPayload:
            return "台账中这条记录的二维码内容无法解析"
        ours, theirs = issued.to_dict(), fields.to_dict()
        for name, label in _LEDGER_COMPARED:
            if ours[name] != theirs[name]:
                return f"二维码中的{label}「{theirs[name] or '（空）'}」与台账记录「{ours[name] or '（空）'}」不符"
        return "二维码中的内容摘要与台账记录不符（正文、用途或致送单位等被改动）"
    if content_digest(_ledger_content(entry)) != fields.digest:
        return "台账记录的内容与签名时不同（台账可能在程序之外被改动，请运行“校验台账”）"
    return None


def signed_fields(fields: PayloadFields, issuer: dict, content: dict | None = None, *, source: str = "二维码") -> list[dict]:
    """Everything that was signed and appears on the paper, labelled, in the page's order:
    from the payload alone, or with the signed content (ledger or PDF) also the title, full
    ID number, body, purpose and addressee."""
    from villagedesk.core.cn_date import chinese_date

    content = content or {}
    values = {
        "title": content.get("item_title", ""),
        "number": fields.number,
        "holder_name": fields.holder_name,
        "id_number": (f"{content['subject_id']}（二维码中为 {fields.id_masked}）"
                      if content.get("subject_id") and fields.id_masked else content.get("subject_id") or fields.id_masked),
        "item": f"{content['item_title']}（{fields.item_code}）" if content.get("item_title") else fields.item_code,
        "addressee": content.get("addressee", ""),
        "body": content.get("body", ""),
        "purpose": content.get("purpose", ""),
        "issued_on": f"{chinese_date(fields.issued_on)}（{fields.issued_on.isoformat()}）",
        "issuer": f"{issuer.get('office_name', '')}（{issuer.get('office_code') or fields.office_code}）",
    }
    out = []
    for key, label in SIGNED_LABELS:
        if values[key]:
            shown = "申请人" if key == "holder_name" and fields.kind == "refusal" else label
            out.append({"key": key, "label": shown, "value": values[key], "source": source})
    return out


def envelope_text(text: str) -> str:
    """A scanned text as the ledger stored it (scanners add line ends, full-width forms, lower
    case); the same tolerance as `unpack`. Inner spaces stay: space is a Base45 character."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).strip().upper()


def verify_image(session: Session, path: Path) -> dict:
    """A photo or scan of a certificate. All its QR codes are read: one code is judged, and
    says only what the code carries (a photo's printed text is not read); several codes are
    judged none (which one belongs to the paper cannot be told)."""
    from villagedesk.render.qr_scan import read_qr_texts

    texts = read_qr_texts(Path(path))
    if not texts:
        return _answer("malformed", "图片中没有找到二维码：请拍清楚证明左下角（证明编号旁）的二维码后再试", source=str(path))
    if len(texts) > 1:
        answers = [verify_text(session, t, source=str(path)) for t in texts]
        ours = sum(1 for a in answers if a["status"] != "malformed")
        return _answer("several_codes", f"图片中有 {len(texts)} 个二维码，请只拍一张证明的二维码"
                       f"（其中 {ours} 个像是村务桌面的证明二维码）。没有判断任何一个为有效。",
                       source=str(path), codes=len(texts))
    answer = verify_text(session, texts[0], source=str(path))
    if answer.get("signed_fields"):
        answer["note"] = PHOTO_NOTE
        if answer["status"] in ("valid", "unconfirmed"):
            answer["explanation"] += PHOTO_NOTE + "。"
    return answer


def verify_pdf(session: Session, path: Path) -> dict:
    """A PDF saved by VillageDesk: the signed payload and content from its metadata, then the
    page's own text compared with what was signed (no rasterising)."""
    from villagedesk.render.pdf_meta import read_signed
    from villagedesk.render.pdf_text import first_page_text

    where = str(path)
    pdf = read_signed(Path(path))
    if pdf["payload"] is None:
        return _answer("malformed", "这个 PDF 不是村务桌面生成的证明（没有签名信息）；纸质证明请扫描二维码核验", source=where)
    answer, checked = _check_text(session, pdf["payload"], source=where)
    if checked is None:
        return answer  # not genuine (or not ours): nothing on the page can make it so
    if checked.fields.kind != "certificate":
        return {**answer, "note": REFUSAL_PDF_NOTE, "page_compared": False}
    content, source = checked.content, "本机台账"
    if pdf["content"] is not None:
        embedded = _embedded_content(pdf["content"])
        if embedded is None or content_digest(embedded) != checked.fields.digest:
            return {**answer, **_answer("tampered", "PDF 中附带的证明内容与签名的摘要不符：内容被改动过，此证明不可采信。",
                                        source=where), "fields": answer["fields"], "issuer": answer["issuer"],
                    "signed_fields": answer["signed_fields"], "signature_valid": answer["signature_valid"]}
        if content is None:
            content, source = embedded, "PDF 中的签名内容"
    if content is None:
        return {**answer, "note": OLD_PDF_NOTE, "page_compared": False,
                "explanation": answer["explanation"] + OLD_PDF_NOTE + "。"}
    signed = signed_fields(checked.fields, checked.issuer, content, source=source)
    text, pages = first_page_text(pdf["data"], where=where)
    problem = _page_problem(text, pages, checked.fields, content)
    if problem:
        return {**answer, **_answer("tampered", f"{problem}：PDF 页面上的内容与签名内容不一致，此证明不可采信。",
                                    source=where), "fields": answer["fields"], "issuer": answer["issuer"],
                "ledger": answer.get("ledger"), "signed_fields": signed, "page_compared": True,
                "signature_valid": answer["signature_valid"]}
    explanation = answer["explanation"]
    if answer["status"] in ("valid", "unconfirmed"):
        explanation += "PDF 页面上的文字与签名内容一致。"
    return {**answer, "explanation": explanation, "signed_fields": signed, "page_compared": True}


def _embedded_content(text: str) -> dict | None:
    """The PDF's /VillageDeskContent as a dict of texts (untrusted: its digest is checked next)."""
    import json

    from villagedesk.services.certificates import DIGEST_COLUMNS

    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or set(value) != set(DIGEST_COLUMNS) or not all(isinstance(v, str) for v in value.values()):
        return None
    return value


def _page_problem(text: str, pages: int, fields: PayloadFields, content: dict) -> str | None:
    from villagedesk.core.cn_date import chinese_date
    from villagedesk.core.page_check import compare

    if pages != 1:
        return f"村务桌面的证明只有一页，这个 PDF 有 {pages} 页"
    if content.get("number") != fields.number:
        return f"签名内容的编号「{content.get('number')}」与二维码中的编号「{fields.number}」不符"
    pieces = [("证明编号", fields.number), ("出具日期", chinese_date(fields.issued_on))]
    body_fields = [("姓名", content.get("subject_name") or fields.holder_name), ("身份证号码", content.get("subject_id", "")),
                   ("用途", content.get("purpose", "")), ("致送单位", content.get("addressee", ""))]
    # render/certificate.py prints the number right above the body (its salutation first)
    return compare(text, pieces, content.get("body", ""), body_fields, body_after=fields.number)


def verify(session: Session, *, text: str | None = None, image: Path | None = None, pdf: Path | None = None) -> dict:
    given = [x for x in (text, image, pdf) if x]
    if len(given) != 1:
        raise UserError("请给出一种核验对象：二维码内容、--image 图片或 --pdf 文件")
    if text:
        return verify_text(session, text)
    if image:
        return verify_image(session, Path(image))
    assert pdf is not None  # exactly one of the three was given
    return verify_pdf(session, Path(pdf))


def _entry_signature_ok(public_key: bytes, entry: dict) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(bytes.fromhex(entry.get("entry_sig") or ""),
                                                             ledger_store.signed_message(entry))
        return True
    except (InvalidSignature, ValueError):
        return False


def verify_ledger(session: Session, *, every_signature: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> LedgerCheck:
    """`ledger verify`: every entry's hash, link, number and pointers, the state table, and the
    signatures (docs/formats/ledger.md "Verifying"):

    - by default, the signature of the last entry of each key's run and of the head, with the
      signed QR payload inside it checked against the entry (digest, number): a good signature
      on entry n vouches for every entry up to n, because each hash covers the one before, so
      an edit anywhere below fails there, and a binary search then names the first bad entry;
    - with `every_signature` (`ledger verify --full`), each entry's signature and each payload's
      signature and digest, as before schema v8 (≈ 25× slower).

    `progress(done, total)` is called every 20,000 entries."""
    from villagedesk.core.payload import content_digest
    from villagedesk.services.certificates import DIGEST_COLUMNS

    session.require_desk()
    keys: dict[str, object] = {}

    def key_for(key_id_hex: str):
        if key_id_hex not in keys:
            keys[key_id_hex] = key_store.find_key(session.db, bytes.fromhex(key_id_hex)) if key_id_hex else None
        return keys[key_id_hex]

    def check(entry: dict) -> str | None:
        key = key_for(entry.get("key_id") or "")
        if key is None:
            return "签名密钥不在本机密钥表中"
        if not _entry_signature_ok(key.public_key, entry):
            return "记录的签名与内容不符"
        if entry.get("payload"):
            try:
                envelope = unpack(entry["payload"])
            except MalformedPayload:
                return "二维码内容无法解析"
            if not verify_envelope(envelope, key.public_key):
                return "二维码签名无效"
            fields = read_fields(envelope)
            if entry["kind"] == "issue" and fields.digest != content_digest({c: entry.get(c) or "" for c in DIGEST_COLUMNS}):
                return "证明内容与二维码中的摘要不符"
            if fields.number != entry["number"]:
                return "二维码中的编号与记录不符"
        return None

    found = ledger_store.verify(session.db, check_signature=check, every_signature=every_signature, progress=progress)
    if found["ok"]:
        message = f"台账完好：共 {found['entries']} 条记录，哈希链、签名、编号和状态均无问题"
    else:
        message = "台账有问题：" + found["first_bad"]["problem"]
    return LedgerCheck(ok=found["ok"], entries=found["entries"], first_bad=found["first_bad"], message=message,
                       mode="every_signature" if every_signature else "checkpoints")
