"""The village audit (基础底数摸排): every sign at an office checked, then the set as a whole —
required exterior signs missing, signs outside the retained catalogue (对口挂牌), more than
one sign on a room door, duplicates — and a verdict per sign: keep, replace or remove.
"""

from __future__ import annotations

from villagedesk.core.org_names import not_registered
from villagedesk.core.signs import names
from villagedesk.core.signs.checker import check_sign, emit
from villagedesk.core.signs.rules import RuleSet
from villagedesk.core.signs.spec import SignSpec

VERDICT_NAMES = {"keep": "保留", "replace": "更换", "remove": "摘除"}


def audit(signs: list[SignSpec], rules: RuleSet, *, office: dict | None, catalogue_signs: list[dict] | None,
          size_tolerance_cm: float = 0.0) -> dict:
    entries = []
    for index, spec in enumerate(signs, start=1):
        checked = check_sign(spec, rules, office=office, catalogue_signs=catalogue_signs, size_tolerance_cm=size_tolerance_cm)
        entries.append({"index": index, "name": spec.name, "kind": spec.kind, "placement": spec.placement,
                        "room": spec.room, "role": checked["role"], "role_name": checked["role_name"],
                        "verdict": "keep", "reasons": [], "findings": checked["findings"], "_remove": []})
    office_findings: list[dict] = []
    _counterparts(signs, entries, rules, catalogue_signs)
    _duplicates(signs, entries, rules)
    _room_doors(signs, entries, rules, office_findings)
    missing = _missing(entries, rules, office, office_findings)

    for e in entries:
        errors = [f["message"] for f in e["findings"] if f["severity"] == "error"]
        if e["_remove"]:
            e["verdict"], e["reasons"] = "remove", e["_remove"]
        elif errors:
            e["verdict"], e["reasons"] = "replace", errors
        else:
            e["reasons"] = ["符合规则"] if not e["findings"] else [f["message"] for f in e["findings"] if f["severity"] == "warning"] or ["符合规则"]
        e["verdict_name"] = VERDICT_NAMES[e["verdict"]]
        del e["_remove"]
    summary = {v: sum(1 for e in entries if e["verdict"] == v) for v in VERDICT_NAMES}
    summary["missing"] = len(missing)
    ok = summary["replace"] == summary["remove"] == summary["missing"] == 0 and not any(
        f["severity"] == "error" for f in office_findings)
    return {"ok": ok, "rules": {"id": rules.id, "name": rules.name, "version": rules.version},
            "signs": entries, "missing": missing, "findings": office_findings, "summary": summary}


def _add(entry: dict, finding_list: list, remove: bool) -> None:
    for f in finding_list:
        entry["findings"].append(f)
        if remove:
            entry["_remove"].append(f["message"])


def _counterparts(signs, entries, rules: RuleSet, catalogue_signs) -> None:
    """A sign the shared check calls 对口挂牌 (checker.counterpart_findings, already among
    its findings) comes down."""
    for e in entries:
        e["_remove"] += [f["message"] for f in e["findings"]
                         if f["rule"] == "count.counterpart" and f["severity"] == "error"]


def _duplicates(signs, entries, rules: RuleSet) -> None:
    required = {r["role"] for r in rules.required_signs}
    by_role: dict[str, list[dict]] = {}
    for e in entries:
        if e["role"] in required and e["placement"] == "exterior" and e["name"]:
            by_role.setdefault(e["role"], []).append(e)
    for role_entries in by_role.values():
        if len(role_entries) < 2:
            continue
        # keep the sign with the fewest errors (the first of those); the others are extra
        keeper = min(role_entries, key=lambda e: sum(f["severity"] == "error" for f in e["findings"]))
        for e in role_entries:
            if e is keeper:
                continue
            found: list[dict] = []
            emit(rules, found, "count.duplicate", name=e["name"], first=keeper["index"], index=e["index"])
            if found:
                found[0]["message"] = (f"外部已有第 {keeper['index']} 块「{keeper['name']}」，{e['role_name']}只挂 1 块标牌，"
                                       f"第 {e['index']} 块「{e['name']}」应摘除")
            _add(e, found, remove=True)
    seen: dict[tuple, int] = {}
    for spec, e in zip(signs, entries):
        if not spec.name or e["_remove"]:
            continue
        key = (names.normalise(spec.name), spec.placement, names.normalise(spec.room))
        if key in seen:
            found = []
            emit(rules, found, "count.duplicate", name=spec.name, first=seen[key], index=e["index"])
            _add(e, found, remove=True)
        else:
            seen[key] = e["index"]


def _room_doors(signs, entries, rules: RuleSet, office_findings: list) -> None:
    rooms: dict[str, list[int]] = {}
    for i, spec in enumerate(signs):
        if spec.placement == "room_door" and spec.room:
            rooms.setdefault(names.normalise(spec.room), []).append(i)
    for idx in rooms.values():
        live = [i for i in idx if entries[i]["verdict"] == "keep" and not entries[i]["_remove"]]
        if len(idx) < 2:
            continue
        found: list[dict] = []
        emit(rules, found, "count.room_door", room=signs[idx[0]].room, count=len(idx),
             names="、".join(f"第 {entries[i]['index']} 块「{signs[i].name}」" for i in idx))
        for f in found:
            f["room"] = signs[idx[0]].room
        office_findings.extend(found)
        keeper = (live or idx)[0]
        for i in idx:
            if i != keeper and found:
                extra = dict(found[0], message=f"功能室「{signs[i].room}」门头已有「{signs[keeper].name}」，门头只挂 1 块牌子，此块应摘除")
                _add(entries[i], [extra], remove=True)


def _missing(entries, rules: RuleSet, office, office_findings: list) -> list[dict]:
    present = {e["role"] for e in entries if e["placement"] == "exterior" and e["name"] and not e["_remove"]}
    missing = []
    for req in rules.required_signs:
        if req["role"] in present:
            continue
        expected, how = names.expected_name(req["role"], office, rules.organisations)
        # a name the desk has not stored is said to be missing, never made up from the village name
        unregistered = "" if expected else not_registered(req["role"])
        found: list[dict] = []
        emit(rules, found, req.get("rule", "count.required"), title=req["title"], expected_name=expected or "…")
        if found and unregistered:
            found[-1]["message"] = f"缺少{req['title']}（{unregistered}）"
        source = found[0]["source"] if found else {}
        missing.append({"role": req["role"], "title": req["title"], "kind": req.get("kind"),
                        "expected_name": expected, "expected_from": how, "name_missing": unregistered,
                        "source": source})
        office_findings.extend(found)
    return missing
