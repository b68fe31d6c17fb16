"""A desk's identity on its PC, and re-enrolment when its database was copied or restored onto
another PC (issue #11 item 1: "two desks claiming one stream … must re-enrol instead of forking
the stream").

One writer per chain: a village's ledger is written by one desk. A copy opened on a second PC
signs nothing (store/desk_seat.py). Re-enrolling makes it a new desk — a new desk id, a new key,
the old key retired but still trusted for what it signed — that continues the same chain from
its head. The handover travels with the chain in every bundle, so the township continues the
chain it holds, and an old PC still writing after the handover shows there as a fork.

The new key must be enrolled with the county (`sync enrol`) before the township trusts the
new desk's bundles: that is the "re-enrol"."""

from __future__ import annotations

import uuid

from villagedesk.core.errors import UserError
from villagedesk.core.key_fingerprint import fingerprint
from villagedesk.core.text import control_chars
from villagedesk.services.session import Session
from villagedesk.store import desk_seat, desk_store, handover_store, key_store, ledger_store, sync_store
from villagedesk.store.db import write

REASON_MAX = 200
STATE_TEXT = {
    "seated": "本机就是持有这份数据的电脑",
    "free": "本机就是持有这份数据的电脑",
    "moved": desk_seat.MOVED,
    "unknown": "读不到这台电脑的标识，没有做复制检查",
    "none": "本机还没有设置办公室信息",
}

NEXT_STEP = {  # every bundle a desk sends up carries its key's enrolment (services/sync._export_enrolment)
    "village": "请在“数据同步”写出同步包交乡镇（villagedesk sync export；只写登记用 sync enrol）：包里带着新密钥的登记，由乡镇转县；"
               "县里列入信任清单前，乡镇先暂存本机的台账。原来那台电脑不要再出具证明",
    "township": "请在“数据同步”写出同步包交县里（villagedesk sync export；只写登记用 sync enrol）：包里带着新密钥的登记；"
                "县里列入信任清单前，县里先暂存本机的包。原来那台电脑不要再使用",
    "county": "县级密钥已经更换：请发布新一版信任清单，并通知各乡镇、村电话核对新指纹后重新固定"
              "（key trust-list pin --replace）。原来那台电脑不要再使用",
}


def status(session: Session) -> dict:
    """Whether this PC holds the desk, and the handovers of its own chain so far."""
    db = session.db
    desk = session.desk()
    state = desk_seat.state(db)
    return {"state": state, "moved": state == "moved", "text": STATE_TEXT[state],
            "desk_id": desk.desk_id if desk else "",
            "handovers": handover_store.of_stream(db, ledger_store.OWN_STREAM)}


def reenrol(session: Session, *, reason: str) -> dict:
    """Make this copy a new desk that continues the office's chain from its head, in one
    transaction: new desk id seated here, old key retired, new key made, handover recorded."""
    desk = session.require_desk()
    reason = _reason(reason)
    db = session.db
    state = desk_seat.state(db)
    if state != "moved":
        raise UserError(f"不需要重新登记：{STATE_TEXT[state]}", where="本机登记")
    with write(db):
        old_desk = desk.desk_id
        position, head_hash = ledger_store.stream_head(db, ledger_store.OWN_STREAM)
        new_desk = str(uuid.uuid4())
        old_key = key_store.retire_own(db) or ""
        desk_store.reseat(db, desk_id=new_desk, seat=desk_seat.here(new_desk) or "")
        ledger_store.hand_over(db, ledger_store.OWN_STREAM, new_desk)
        sync_store.rename_desk(db, desk.region_code, old_desk, new_desk)
        signer = key_store.own_signer(db, office_code=desk.region_code, office_name=desk.name)
        handover_store.record(db, stream=ledger_store.OWN_STREAM, office=desk.region_code, position=position + 1,
                              from_desk=old_desk, to_desk=new_desk, prev_hash=head_hash, from_key=old_key,
                              to_key=signer.key_id_hex, reason=reason)
    return {"old_desk_id": old_desk, "desk_id": new_desk, "old_key_id": old_key, "key_id": signer.key_id_hex,
            "fingerprint": fingerprint(signer.public_key), "continues_at": position + 1,
            "next": NEXT_STEP.get(desk.level, NEXT_STEP["village"])}


def _reason(text: object) -> str:
    value = text.strip() if isinstance(text, str) else ""
    if not value:
        raise UserError("请写明重新登记的原因（如：更换电脑、从备份恢复到新电脑）", where="原因")
    if len(value) > REASON_MAX or control_chars(value):
        raise UserError(f"原因最多 {REASON_MAX} 字，且不能含控制字符", where="原因")
    return value
