"""Importing many sync bundles in one go (issue #11: "imports the bundles of twenty villages in
any order, any number of times"): a folder on the township officer's USB stick, or several
chosen files — one preview of them all, one confirmation, one import, one summary.

Why it is built this way:
- It adds no rule of its own. Every file goes through services/sync.preview_import and
  services/sync.import_bundle, the functions the one-file path uses: the same checks, each file
  its own transaction, every file recorded in the sync log (a refused one with its reason).
- One bad file does not stop the others: a damaged, tampered or misaddressed file is reported
  (refused, with the Chinese reason) and the rest go in.
- No fingerprint is typed in a batch: a file whose signing key (or whose county list) must
  first be checked by phone is reported and left untouched; the officer does it one by one.
- Continuations follow what they continue: a desk's bundles are imported in the order of the
  chain positions they start at. A bundle that still arrives before its predecessor (another
  desk's relay, a clock set wrong) is held by import_bundle and released when the gap fills;
  the summary reports the file's final outcome.
- Cancel is between files: a cancelled batch leaves every file either fully imported or untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from villagedesk.core import bundle_format as fmt
from villagedesk.core.errors import Cancelled, UserError
from villagedesk.services import sync
from villagedesk.services.session import Session
from villagedesk.store import ledger_store
from villagedesk.sync import container

# progress(done, total, text): may raise core.errors.Cancelled (ui/long_work.Progress does)
BatchProgress = Callable[[float, float, str], None]

# what the batch preview says of a file
PLAN_WORDS = {"apply": "将导入", "nothing-new": "没有新内容（以前已导入）", "held": "将暂存",
              "check": "需电话核对指纹：请单独导入", "refused": "不能导入"}
# what became of a file (import_bundle's status, and the batch's own)
DONE_WORDS = {"applied": "已导入", "nothing-new": "没有新内容（以前已导入）", "held": "已导入可接上的部分，其余暂存",
              "conflict": "已导入，发现冲突并已标记", "refused": "未导入", "check": "未导入：需电话核对指纹，请单独导入",
              "cancelled": "未导入：已取消"}
KEY_HELD = ("签名密钥还不受本机信任：只登记这把密钥，其余暂存，县里列入信任清单后自动导入；"
            "要立即全部导入，请电话核对指纹后单独导入它")
CHECK_HINT = "这个包需要先电话核对密钥指纹，批量导入不替您确认：请单独预览并导入它"
_DOWN_FIRST = ("trust-list", "catalogue")  # the county's list can make the keys of the others trusted


def list_bundles(folder: Path | str) -> list[Path]:
    """The bundles directly in `folder` (not in its sub-folders), by name. Hidden names are
    skipped: the export's temp files (.vd-<pid>-….vdbundle, files.atomic_write) and the "._"
    copies another computer leaves on a FAT32 stick. The suffix is matched in any case (a
    stick written elsewhere may show .VDBUNDLE)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError("找不到这个文件夹（U 盘是否已插好？）", where=str(folder))
    try:
        names = sorted(p for p in folder.iterdir()
                       if p.name.lower().endswith(fmt.SUFFIX) and not p.name.startswith((".", "~")) and p.is_file())
    except OSError as exc:
        raise UserError(f"读不出这个文件夹：{exc.strerror or exc}", where=str(folder)) from None
    return names


def preview_folder(session: Session, folder: Path | str) -> dict:
    files = list_bundles(folder)
    if not files:
        raise UserError("这个文件夹里没有同步包（.vdbundle 文件）", where=str(folder))
    return preview_batch(session, files)


def preview_batch(session: Session, paths: Iterable[Path | str], *, progress: BatchProgress | None = None) -> dict:
    """What importing these files would do, nothing changed: one light row per file, in the
    order they would be imported, and the totals. A gap that another file of the batch fills
    is not a gap. `progress` may cancel (nothing has changed yet)."""
    files = _unique(paths)
    rows = []
    for n, path in enumerate(files):
        if progress is not None:
            progress(n, len(files), f"正在核对第 {n + 1}/{len(files)} 个：{path.name}")
        rows.append(_preview_one(session, path))
    rows = _ordered(rows)
    _same_file_twice(rows)
    _gaps_filled_in_batch(session, rows)
    return {"files": rows, "totals": _plan_totals(rows)}


def _unique(paths: Iterable[Path | str]) -> list[Path]:
    seen: set[str] = set()
    out = []
    for p in paths:
        key = str(Path(p).resolve())
        if key not in seen:
            seen.add(key)
            out.append(Path(p))
    if not out:
        raise UserError("没有选择同步包", where="同步包")
    return out


def _preview_one(session: Session, path: Path) -> dict:
    row: dict[str, Any] = {"file": path.name, "path": str(path), "sha256": "", "created_at": "", "source": {},
                           "kinds": [], "kind_names": [], "new_entries": 0, "new_records": 0, "new_offices": [],
                           "status": "", "status_text": "", "reason": "", "fingerprint": "", "needs": "",
                           "_parts": []}
    try:
        p = sync.preview_import(session, path)
    except UserError as exc:
        details = exc.details or {}
        if details.get("fingerprint"):
            row.update(status="check", reason=CHECK_HINT, fingerprint=details["fingerprint"],
                       needs=details.get("needs", "key"))
        else:
            row.update(status="refused", reason=_why(exc))
        row["status_text"] = PLAN_WORDS[row["status"]]
        _who_sent(path, row)
        return row
    signer = p.get("signer") or {}
    row.update(sha256=p["sha256"], created_at=p["created_at"], source=p["source"], kinds=p["kinds"],
               kind_names=p["kind_names"], new_entries=p["new_entries"], new_offices=p["new_offices"],
               new_records=sum(r["new"] for r in p["records"].values()),
               _parts=[c for c in p["ledger"] if c.get("outcome") not in ("own",)])
    changes = (p["new_entries"] or row["new_records"] or (p.get("trust_list") or {}).get("outcome") == "apply"
               or any(c.get("outcome") == "install" for c in p.get("catalogues") or [])
               or bool(p.get("enrolments")))
    held = [c["reason"] for c in p["ledger"] if c.get("outcome") == "held"]
    if signer.get("waiting"):
        row.update(status="held", reason=KEY_HELD, fingerprint=signer.get("fingerprint", ""))
    elif p["already_imported"]:
        row.update(status="nothing-new", reason="同一个包已导入过")
    elif held:
        row.update(status="held", reason="；".join(held))
    elif not changes and not p["acks"]:
        row.update(status="nothing-new", reason="包里的内容本机都已有")
    else:
        conflicts = [c["reason"] for c in p["ledger"] if c.get("outcome") in ("fork", "cut")]
        row.update(status="apply", reason="；".join(conflicts))
    row["status_text"] = PLAN_WORDS[row["status"]]
    return row


def _who_sent(path: Path, row: dict) -> None:
    """A file refused or waiting for a phone check still says who sent it and what it carries,
    when its archive and self-signed manifest can be read (the officer calls that office)."""
    try:
        bundle = container.read(container.read_file(path))
    except UserError:
        return
    m = bundle.manifest
    row.update(sha256=bundle.sha256, created_at=m.created_at, kinds=list(m.kinds), kind_names=[fmt.KIND_NAMES.get(k, k) for k in m.kinds],
               source={"office": m.source_office, "name": m.source_name, "level": m.source_level, "desk_id": m.desk_id})


def _order_key(row: dict) -> tuple:
    """Down bundles first (the county's trust list may trust the others' keys), then each
    desk's bundles by the chain position they start at, then by when they were written;
    files that cannot be read, or wait for a phone check, last."""
    if row["status"] in ("refused", "check"):
        return (9, "", "", 0, "", row["file"])
    kinds = row["kinds"]
    rank = next((n for n, k in enumerate(_DOWN_FIRST) if k in kinds), len(_DOWN_FIRST))
    start = min((int(c["from"]) for c in row["_parts"]), default=0)
    src = row["source"]
    return (rank, src.get("office", ""), src.get("desk_id", ""), start, row["created_at"], row["file"])


def _ordered(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=_order_key)


def _same_file_twice(rows: list[dict]) -> None:
    """A copy of a file earlier in the batch (same SHA-256) adds nothing: import_bundle knows it then."""
    first: dict[str, str] = {}
    for row in rows:
        sha = row["sha256"]
        if sha and row["status"] in ("apply", "held") and not row["fingerprint"] and sha in first:
            row.update(status="nothing-new", status_text=PLAN_WORDS["nothing-new"], reason=f"与本批中的 {first[sha]} 是同一个包",
                       _parts=[])
        first.setdefault(sha, row["file"])


def _gaps_filled_in_batch(session: Session, rows: list[dict]) -> None:
    """Follow each chain through the batch in import order: a file held for a gap that files
    before it fill will be applied, and an entry two files both carry is counted once."""
    reach: dict[tuple[str, str], int] = {}
    for row in rows:
        if row["status"] in ("refused", "check") or row["fingerprint"]:
            continue
        gap, new = False, 0
        for c in row["_parts"]:
            if c.get("outcome") not in ("append", "held", "nothing-new"):
                continue
            key = (c["office"], c["desk_id"])
            if key not in reach:
                reach[key] = _stored(session, c)
            first, last = int(c["from"]), int(c["to"])
            if first > reach[key] + 1:
                gap = True
                continue
            new += max(0, last - reach[key])
            reach[key] = max(reach[key], last)
        row["new_entries"] = new
        if row["status"] == "held" and not gap:
            row.update(status="apply", status_text=PLAN_WORDS["apply"], reason="接在本批中前面的包之后导入")


def _stored(session: Session, part: dict) -> int:
    stream = part.get("stream")
    if stream is None:
        return 0
    return int(ledger_store.stream_head(session.db, stream)[0])


def _plan_totals(rows: list[dict]) -> dict:
    out: dict[str, Any] = {k: sum(1 for r in rows if r["status"] == k) for k in PLAN_WORDS}
    out["files"] = len(rows)
    out["new_entries"] = sum(r["new_entries"] for r in rows if r["status"] == "apply")
    out["new_offices"] = sorted({o for r in rows if r["status"] == "apply" for o in r["new_offices"]})
    return out


def public(batch: dict) -> dict:
    """The preview without the rows' working fields (for --json and the window)."""
    return {**batch, "files": [{k: v for k, v in r.items() if not k.startswith("_")} for r in batch["files"]]}


# ================================================================ import


def import_batch(session: Session, paths: Iterable[Path | str], *, progress: BatchProgress | None = None) -> dict:
    """Import the files one by one, each in its own transaction (import_bundle), in the
    preview's order. `progress(done, total, text)` is told before each file; when it raises
    Cancelled the files not begun are left untouched and the summary says so."""
    plan = preview_batch(session, paths, progress=None if progress is None else (
        lambda done, total, text: progress(0, total, text)))  # cancelled here: nothing was imported
    rows = plan["files"]
    offices_before = _offices(session)
    results: list[dict] = []
    released_elsewhere: list[dict] = []
    cancelled = False
    total = len(rows)
    for n, row in enumerate(rows):
        out = {"file": row["file"], "path": row["path"], "source": row["source"], "planned": row["status"],
               "status": "", "added": 0, "held": [], "flagged": [], "reason": ""}
        results.append(out)
        if not cancelled:
            try:
                if progress is not None:
                    progress(n, total, f"正在导入第 {n + 1}/{total} 个：{row['file']}")
            except Cancelled:
                cancelled = True
        if cancelled:
            out.update(status="cancelled", reason="已取消，未导入")
            continue
        _import_one(session, row, out, _quiet(progress, n, total, row["file"]))
        for x in out.pop("_released", []):
            match = next((r for r in results if r["file"] == x["file"] and r["status"] == "held"), None)
            if match is not None:  # a file of this batch held for a gap the later one filled
                match.update(status=x["status"], added=match["added"] + int(x.get("added") or 0),
                             reason=x.get("reason", ""), held=[] if x["status"] != "held" else match["held"])
            else:
                released_elsewhere.append(x)
    if progress is not None and not cancelled:
        try:
            progress(total, total, "完成")
        except Cancelled:
            pass
    for r in results:
        r["status_text"] = DONE_WORDS.get(r["status"], r["status"])
    new_offices = sorted(_offices(session) - offices_before)
    totals = {k: sum(1 for r in results if r["status"] == k) for k in DONE_WORDS}
    totals.update(files=len(results), added=sum(r["added"] for r in results)
                  + sum(int(x.get("added") or 0) for x in released_elsewhere),
                  new_offices=len(new_offices), flagged=sum(len(r["flagged"]) for r in results))
    return {"files": results, "totals": totals, "new_offices": new_offices, "released": released_elsewhere,
            "cancelled": cancelled}


def _quiet(progress: BatchProgress | None, n: int, total: int, name: str) -> Callable[[str, float], None] | None:
    """The file's own stages as a fraction of the batch, never cancelling inside a file."""
    if progress is None:
        return None

    def tell(stage: str, fraction: float) -> None:
        try:
            progress(n + min(max(fraction, 0.0), 0.99), total, f"正在导入第 {n + 1}/{total} 个：{name}（{stage}）")
        except Cancelled:  # heard at the next file
            pass
    return tell


def _import_one(session: Session, row: dict, out: dict, tell) -> None:
    if row["status"] == "check":
        # the county's trust list earlier in the batch may have made its key trusted meanwhile
        try:
            sync.preview_import(session, row["path"])
        except UserError as exc:
            details = exc.details or {}
            out.update(status="check" if details.get("fingerprint") else "refused",
                       reason=CHECK_HINT if details.get("fingerprint") else _why(exc))
            if not details.get("fingerprint"):
                _import_refused(session, row, out)
            return
    try:
        r = sync.import_bundle(session, row["path"], progress=tell)
    except UserError as exc:  # import_bundle recorded the refusal; nothing of it was written
        details = exc.details or {}
        out.update(status="check" if details.get("fingerprint") else "refused", reason=_why(exc))
        return
    waiting = (r.get("signer") or {}).get("waiting")
    out.update(status=r["status"], added=int(r.get("added") or 0), held=list(r.get("held") or []),
               flagged=list(r.get("flagged") or []),
               reason="；".join((["已登记这把密钥（转县里审核），其余内容暂存"] if waiting else [])
                               + list(r.get("held") or [])[:1 if not waiting else 0] + list(r.get("flagged") or [])),
               _released=list(r.get("released") or []))


def _import_refused(session: Session, row: dict, out: dict) -> None:
    """Record the refusal as the one-file import would (the sync log lists every bundle)."""
    try:
        sync.import_bundle(session, row["path"])
    except UserError as exc:
        out["reason"] = _why(exc)


def _why(exc: UserError) -> str:
    """The refusal's reason, without the "不能导入：…（没有导入任何内容）" frame the table's status gives."""
    return exc.reason if isinstance(exc, fmt.BundleRefused) else exc.message


def _offices(session: Session) -> set[str]:
    return {c["office"] for c in ledger_store.streams(session.db) if c.get("entries")}


def exit_ok(summary: dict) -> bool:
    """The batch went through: no file was refused."""
    return not any(r["status"] == "refused" for r in summary["files"])
