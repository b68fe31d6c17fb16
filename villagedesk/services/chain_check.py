"""`sync verify`: re-check every ledger chain this desk holds — its own and the chains of the
offices below that arrived in USB bundles — long after the import checked them on arrival.

Why it exists: an import verifies a chain once, when it arrives (services/sync.py). A
township or county officer must be able to show later — after a disk scare, or to the county
— that the consolidated ledger is still what the villages signed (DESIGN.md "Data that must
never be lost or forged"; 厅字〔2022〕28号 on the issuance ledger 开具证明台账).

How: nothing here re-implements a rule. The own chain is checked exactly as `ledger verify`
checks it (services/verification.verify_ledger). Another office's chain goes through
`ledger_store.verify` for its hashes, links, numbering, void/reissue rules and state table;
then every signature it carries (a bundle carries only the last entry of each key's run and
the head, sync/ledger_section.py) by the very check an import applies (services/sync's
per-entry check: a key this desk trusts for that office, not revoked on the entry's date).
A chain alone cannot show that its newest entries were cut off, so each is also held
against the last head a bundle delivered (sync_store.last_applied_head: imports record its
position; its hash is vouched for by the head's signature). Forks and chains cut short that
imports flagged (sync_conflicts) stay problems until the officer closes them (`sync resolve`).

Read only: nothing is written. Qt-free: the GUI calls it off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from villagedesk.core import ledger as rules
from villagedesk.core.errors import Cancelled, UserError
from villagedesk.services.session import Session
from villagedesk.store import handover_store, key_store, ledger_store, sync_store

Progress = Callable[[int, int], None]
CHAIN_CONFLICTS = {"ledger-fork": "台账分叉", "ledger-cut": "台账被截短"}
TRUST_NAMES = {"own": "本机密钥", "trust-list": "信任清单", "hand": "手工信任", "unknown": "不认识的密钥",
               "revoked": "已撤销"}


def verify_all(session: Session, *, office: str | None = None, progress: Progress | None = None,
               cancel: Callable[[], bool] | None = None) -> dict:
    """Every chain held here (or only `office`'s), each verified in full; see the module
    docstring. `progress(done, total)` counts entries over all chains checked; `cancel()`
    returning True (or `progress` raising `Cancelled`) stops at the next step, nothing changed.
    Returns {"office", "name", "chains": [...], "conflicts": [...], "total", "ok_count",
    "problem_count", "ok", "message"}."""
    desk = session.require_desk()
    db = session.db
    chosen = _chosen_streams(session, office)
    conflicts = [c for c in sync_store.conflicts(db, open_only=True) if c["kind"] in CHAIN_CONFLICTS
                 and (office is None or c["office"] == chosen[0]["office"])]
    total = sum(s["entries"] for s in chosen)
    done = 0

    def tell(at: int) -> None:
        if cancel is not None and cancel():
            raise Cancelled("已取消核对（数据没有改动）")
        if progress is not None:
            progress(min(at, total), total)

    tell(0)
    chains = []
    for s in chosen:
        chains.append(_check_stream(session, s, conflicts, _offset(tell, done)))
        done += s["entries"]
        tell(done)
    bad = sum(1 for c in chains if not c["ok"])
    message = f"{len(chains) - bad} 条台账完好，{bad} 条有问题"
    if conflicts:
        message += f"；另有 {len(conflicts)} 处未解决的同步冲突"
    return {"office": desk.region_code, "name": desk.name, "chains": chains, "conflicts": conflicts,
            "total": len(chains), "ok_count": len(chains) - bad, "problem_count": bad, "ok": bad == 0 and not conflicts,
            "message": message}


def _offset(tell: Callable[[int], None], base: int) -> Progress:
    """A stream's progress(done, its total) as the whole check's: entries of earlier chains first."""
    return lambda done, _total: tell(base + done)


def _chosen_streams(session: Session, office: str | None) -> list[dict]:
    held = ledger_store.streams(session.db)
    if office is None:
        return held
    code = str(office).strip()
    if not (len(code) == 12 and code.isdigit()):
        raise UserError(f"“{code[:40]}”不是 12 位数字的区划代码", where="--office")
    chosen = [s for s in held if s["office"] == code]
    if not chosen:
        raise UserError(f"本机没有区划代码为 {code} 的单位的台账（可用 sync status 查看本机持有哪些台账）",
                        where="--office")
    return chosen


def _check_stream(session: Session, s: dict, conflicts: list[dict], progress: Progress) -> dict:
    db = session.db
    office = s["office"]
    row = db.execute("SELECT name, short_name FROM offices WHERE code = ?", [office]).fetchone()
    position, head_hash = ledger_store.stream_head(db, s["stream"])
    if s["own"]:
        from villagedesk.services.verification import verify_ledger

        found = verify_ledger(session, progress=progress).to_dict()
    else:
        found = ledger_store.verify(db, check_signature=None, stream=s["stream"], progress=progress)
    keys = _signing_keys(session, s)
    if not s["own"] and found["ok"]:
        found["first_bad"] = _foreign_signatures(session, s, keys)
        found["ok"] = found["first_bad"] is None
    delivered = None if s["own"] else sync_store.last_applied_head(db, office, s["desk_id"])
    desks = {s["desk_id"]} | {h["from_desk"] for h in handover_store.of_stream(db, s["stream"])}  # re-enrolled desks
    mine = [c for c in conflicts if c["office"] == office and c["desk_id"] in desks]
    problems = [found["first_bad"]["problem"]] if found["first_bad"] else []
    warnings = [f"签名密钥 {k['key_id']}（{k['office_name'] or k['office_code'] or '未知单位'}）{k['trust_text']}"
                for k in keys if k["trust"] == "revoked"]
    head_matches: bool | None = None
    head_note = "本机自己的台账" if s["own"] else "没有经同步包导入的记录"
    if delivered is not None:
        when, to = delivered
        head_matches = position == to
        if position < to:
            gone = f"第 {to} 条" if to == position + 1 else f"第 {position + 1}–{to} 条"
            problems.insert(0, f"本机只存有前 {position} 条，{when[:10]} 导入的同步包已交来第 {to} 条：{gone}记录不见了"
                               "（台账末尾被删除，或数据文件从旧副本恢复）")
            head_note = f"与同步包交来的链头（第 {to} 条）不符"
        elif position > to:
            head_note = f"本机存有 {position} 条，最后一个完整导入的同步包交来到第 {to} 条"
        else:
            head_note = f"与 {when[:10]} 导入的同步包交来的链头一致"
    problems += [f"{CHAIN_CONFLICTS[c['kind']]}：{c['reason']}" for c in mine]
    return {"stream": s["stream"], "office": office, "office_name": row[0] if row else "",
            "short_name": row[1] if row else "", "desk_id": s["desk_id"], "own": s["own"], "entries": s["entries"],
            "head": {"position": position, "entry_hash": head_hash}, "ok": not problems, "chain_ok": found["ok"],
            "first_bad": found["first_bad"], "problem": problems[0] if problems else "", "problems": problems,
            "keys": keys, "delivered": None if delivered is None else {"created_at": delivered[0], "position": delivered[1]},
            "head_matches": head_matches, "head_note": head_note, "conflicts": mine, "warnings": warnings}


def _foreign_signatures(session: Session, s: dict, keys: list[dict]) -> dict | None:
    """The first signature problem of another office's chain, or None.

    A bundle carries only the signatures that vouch for the rest: the last entry of each key's
    run and the chain head (sync/ledger_section.py), so a stored chain holds those and each
    earlier bundle's head. Each one stored is checked as an import checks it; the required
    ones must be there. An entry signed on or after its key's revocation is named itself."""
    db = session.db
    stream, office = s["stream"], s["office"]
    lo, hi = ledger_store.stream_bounds(stream)
    check = _foreign_check(session, office)
    good = 0
    found: rules.Problem | None = None
    for rid, signed in db.execute(
            "SELECT id, signed FROM (SELECT id, key_id, entry_sig <> '' AS signed, "
            "lead(key_id) OVER (ORDER BY id) AS next_key FROM ledger_entries WHERE id BETWEEN ? AND ?) "
            "WHERE signed OR next_key IS NULL OR next_key <> key_id ORDER BY id", [lo, hi]).fetchall():
        entry = _entry(db, rid)
        label = rules.entry_label(entry["id"], entry["number"], entry["kind"])
        if not signed:
            found = rules.Problem(entry["id"], entry["number"], f"{label}没有签名：每把密钥所签的最后一条和链头都必须带签名"
                                  "（同步包带来的签名被删除了）")
            break
        reason = check(entry)
        if reason:
            span = entry["id"] - good
            found = rules.Problem(entry["id"], entry["number"], f"{label}的签名无效：{reason}" + (
                f"（第 {good + 1}–{entry['id']} 条中有记录在签名之后被改动，哈希被重新计算过）" if span > 1 else ""))
            break
        good = entry["id"]
    for k in keys:  # a key revoked from a day before the failure: the first entry it signed since
        if k["trust"] == "revoked" and k.get("signed_after_revocation"):
            rid = db.execute("SELECT min(id) FROM ledger_entries WHERE id BETWEEN ? AND ? AND key_id = ? AND issued_on >= ?",
                             [lo, hi, k["key_id"], k["revoked_at"][:10]]).fetchone()[0]
            entry = _entry(db, rid)
            if found is None or entry["id"] < found.entry_id:
                found = rules.Problem(entry["id"], entry["number"], (
                    f"{rules.entry_label(entry['id'], entry['number'], entry['kind'])}签于 {entry['issued_on']}，"
                    f"签名密钥已于 {k['revoked_at'][:10]} 撤销（原因：{k['revoked_reason'] or '未写明'}）：自这一条起的记录不可采信"))
    return None if found is None else found.to_dict()


def _entry(db, rid: int) -> dict:
    """A stored entry by row id, `id` as its position (as the chain checks see it)."""
    row = db.execute(f"SELECT {', '.join(rules.ENTRY_COLUMNS)} FROM ledger_entries WHERE id = ?", [rid]).fetchone()
    entry = dict(zip(rules.ENTRY_COLUMNS, row))
    entry["id"] = ledger_store.position_of(rid)
    return entry


def _foreign_check(session: Session, office: str) -> Callable[[dict], str | None]:
    """The signature check an import applies to a checkpoint of `office`'s chain
    (services/sync.signature_problem), one stored entry at a time."""
    from villagedesk.services import sync

    def check(entry: dict) -> str | None:
        problem = sync.signature_problem(session, office, rules.Entry._make(entry[c] for c in rules.ENTRY_COLUMNS))
        return problem.removeprefix(sync.BAD_SIGNATURE) if problem else None
    return check


def _signing_keys(session: Session, s: dict) -> list[dict]:
    """Which keys signed the chain (entries, first and last position, dates) and how this
    desk trusts each: own, the county's trust list (which version), by hand, unknown, revoked."""
    from villagedesk.services.verification import _trust_of

    lo, hi = ledger_store.stream_bounds(s["stream"])
    out = []
    for key_id, count, first, last, first_day, last_day in session.db.execute(
            "SELECT key_id, count(*), min(id), max(id), min(issued_on), max(issued_on) FROM ledger_entries "
            "WHERE id BETWEEN ? AND ? GROUP BY key_id ORDER BY min(id)", [lo, hi]).fetchall():
        known = key_store.find_key_hex(session.db, key_id)
        k: dict[str, Any] = {"key_id": key_id, "entries": count, "first": ledger_store.position_of(first), "last": ledger_store.position_of(last),
                             "first_issued_on": first_day, "last_issued_on": last_day, "office_code": "",
                             "office_name": "", "fingerprint": "", "via": None, "trust_list_serial": None,
                             "revoked_at": None, "revoked_reason": "", "signed_after_revocation": 0}
        if known is None:
            k.update(trust="unknown", trust_name=TRUST_NAMES["unknown"], trust_text="本机不认识的密钥（不在信任清单中）")
            out.append(k)
            continue
        trusted = _trust_of(session, known)
        k.update(office_code=known.office_code, office_name=known.office_name, fingerprint=known.fingerprint,
                 via=known.via, trust_list_serial=trusted["trust_list_serial"], trust=known.via,
                 trust_text=trusted["trust"])
        if known.office_code != s["office"]:
            k["trust_text"] += f"，但属于 {known.office_name}（{known.office_code}）"
        if known.revoked_at:
            when, why = known.revoked_at[:10], known.revoked_reason or "未写明"
            after = session.db.execute("SELECT count(*) FROM ledger_entries WHERE id BETWEEN ? AND ? AND key_id = ? "
                                       "AND issued_on >= ?", [lo, hi, key_id, when]).fetchone()[0]
            k.update(trust="revoked", revoked_at=known.revoked_at, revoked_reason=known.revoked_reason,
                     signed_after_revocation=after,
                     trust_text=f"已于 {when} 撤销（原因：{why}）" + (
                         f"，其中 {after} 条记录签于撤销之后" if after else "，所签记录都在撤销之前"))
        k["trust_name"] = TRUST_NAMES.get(k["trust"], k["trust"])
        out.append(k)
    return out

