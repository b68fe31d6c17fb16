"""Catalogue use cases: import, list, search, show, export the template; updates that arrive
as a JSON document (a sync bundle) previewed and applied, and the history of installed versions."""

from __future__ import annotations

from pathlib import Path

from villagedesk import resources
from villagedesk.core.catalogue import (
    GUIDE_SHEET, ITEM_SHEET, META_SHEET, COLUMNS, Catalogue, CatalogueItem, CheckedCatalogue, catalogue_document,
    check_catalogue, check_document, describe_fields, template_rows,
)
from villagedesk.core.catalogue_diff import diff_catalogues
from villagedesk.core.errors import NeedsConfirmation, UserError, VersionRefused
from villagedesk.core.lists import LIST_BY_KEY, LISTS, list_by_name
from villagedesk.core.region import applies_to
from villagedesk.core.search_keys import parse_query
from villagedesk.core.version import parse_version
from villagedesk.services.session import Session
from villagedesk.spreadsheet.reader import read_sheets
from villagedesk.store import catalogue_store


def _region_code(session: Session) -> str:
    desk = session.desk()
    return desk.region_code if desk else ""


def item_view(item: CatalogueItem, info: dict) -> dict:
    """An item as the CLI prints it and the window shows it."""
    d = item.to_dict()
    d.update(info)
    d["details"] = [{"label": k, "value": v} for k, v in describe_fields(item)]
    return d


MAX_DOCUMENT_BYTES = 30 * 1024 * 1024  # as a spreadsheet file (spreadsheet/limits.py)


def check_file(path: Path) -> dict:
    """Read and validate a catalogue file (.xlsx, .csv, or the JSON document) without touching any desk."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        from villagedesk.files import read_user_json

        document = read_user_json(path, what="目录文件", max_bytes=MAX_DOCUMENT_BYTES)
        checked = check_document(document, resources.char_tables(), path.name)
    else:
        checked = check_catalogue(read_sheets(path), resources.char_tables(), path.name)
    return _checked(checked, path.name)


def _checked(checked: CheckedCatalogue, name: str) -> dict:
    errors = checked.findings.errors
    if errors:
        raise UserError(f"目录文件有 {len(errors)} 处错误，未导入任何内容", where=name, problems=errors)
    return {"catalogue": checked.catalogue, "warnings": checked.findings.warnings}


def import_catalogue(session: Session, path: Path, *, allow_warnings: bool = False, dry_run: bool = False,
                     source: str | None = None, progress=None) -> dict:
    """All rows valid, version newer (or the same content), then one transaction — or nothing.

    `progress(stage, fraction)` hears how far the import is; raising `Cancelled` from it
    stops the import with nothing changed."""
    path = Path(path)

    def tell(stage: str, fraction: float) -> None:
        if progress is not None:
            progress(stage, fraction)

    tell("读取并检查文件", 0.0)
    checked = check_file(path)
    tell("读取并检查文件", 0.4)
    catalogue, warnings = checked["catalogue"], checked["warnings"]
    if warnings and not allow_warnings:
        raise NeedsConfirmation(f"目录文件有 {len(warnings)} 处需要确认的问题，未导入；确认无误后再导入"
                                "（命令行加 --allow-warnings）", where=path.name, problems=warnings)
    meta = catalogue.meta
    report = {
        "file": str(path),
        "jurisdiction_code": meta.jurisdiction_code,
        "jurisdiction_name": meta.jurisdiction_name,
        "title": meta.title,
        "version": meta.version,
        "items": len(catalogue.items),
        "counts": {k.key: sum(1 for i in catalogue.items if i.list_key == k.key) for k in LISTS},
        "warnings": [w.to_dict() for w in warnings],
    }

    def decide(current, digest):
        if current is None:
            return "install"
        new, old = parse_version(meta.version), parse_version(current.version)
        if new < old:
            raise VersionRefused(f"不能用旧版本 {meta.version} 覆盖已安装的新版本 {current.version}（{current.title}）", where=path.name)
        if new == old:
            if digest == current.digest:
                return "unchanged"
            raise VersionRefused(f"已安装的目录版本也是 {meta.version}，但内容不同：修改目录后请提高“目录版本”再导入", where=path.name)
        return "install"

    if dry_run:
        current = catalogue_store.find_installed(session.db, meta.jurisdiction_code)
        report["outcome"] = "would_" + decide(current, catalogue.digest())
        report.update(_changes(session, catalogue, unchanged=report["outcome"] == "would_unchanged"))
        return report
    from villagedesk.services.backup import before_change

    before_change(session, "before-import")  # issue #13: a checked copy before every import
    report["outcome"] = catalogue_store.install(
        session.db, catalogue, source=source or path.name, region_code=_region_code(session), decide=decide,
        progress=lambda f: tell("写入目录", 0.4 + 0.6 * f))
    tell("完成", 1.0)
    report.update(_recorded_changes(session, meta.jurisdiction_code, report["outcome"], len(catalogue.items)))
    if report["outcome"] == "unchanged":
        report["message"] = f"{meta.title} {meta.version} 已是当前版本，无需导入"
    else:
        report["message"] = f"已导入 {meta.title}（版本 {meta.version}，{len(catalogue.items)} 项）"
    region = _region_code(session)
    report["applies"] = bool(region) and applies_to(meta.jurisdiction_code, region)
    if region and not report["applies"]:
        report["message"] += f"；注意：{meta.jurisdiction_name}的目录不适用于本单位，查询时不会出现"
    return report


def _changes(session: Session, catalogue: Catalogue, *, unchanged: bool = False) -> dict:
    """What installing `catalogue` would change: the report keys a dry run and a preview share."""
    current = catalogue_store.catalogue_content(session.db, catalogue.meta.jurisdiction_code)
    if unchanged or (current is not None and current.digest() == catalogue.digest()):
        current = catalogue  # the same content: nothing changes, every item unchanged
    diff = diff_catalogues(current, catalogue).to_dict()
    return _change_keys(current.meta.version if current is not None else None, diff)


def _change_keys(old_version: str | None, diff: dict) -> dict:
    return {"old_version": old_version, "added": diff["added"], "removed": diff["removed"],
            "reworded": diff["reworded"], "moved": diff["moved"], "unchanged": diff["unchanged"],
            "meta_changes": diff["meta"], "change_counts": diff["counts"]}


def _recorded_changes(session: Session, jurisdiction_code: str, outcome: str, items: int) -> dict:
    """The changes the install just recorded in the history (what was really replaced, under the lock)."""
    rows = catalogue_store.history(session.db, jurisdiction_code)
    if outcome != "install" or not rows:
        empty = {"added": [], "removed": [], "reworded": [], "moved": [], "unchanged": items, "meta": [],
                 "counts": {"added": 0, "removed": 0, "reworded": 0, "moved": 0, "unchanged": items}}
        installed = catalogue_store.find_installed(session.db, jurisdiction_code)
        return _change_keys(installed.version if installed else None, empty) | {"history_id": None}
    entry = catalogue_store.history_entry(session.db, rows[0]["id"])
    assert entry is not None
    return _change_keys(entry["previous_version"], entry["changes"]) | {"history_id": entry["id"]}


# ---- updates as a JSON document (the sync import calls these inside its one transaction) ----


def catalogue_data(session: Session, jurisdiction_code: str) -> dict:
    """The installed catalogue of this jurisdiction as the JSON document (docs/formats/
    catalogue-template.md), for the county to put in a bundle; its digest is the installed one."""
    found = catalogue_store.catalogue_content(session.db, (jurisdiction_code or "").strip())
    if found is None:
        raise UserError(f"本机没有安装辖区代码为「{jurisdiction_code}」的目录")
    return catalogue_document(found)


def _check_update(session: Session, data: dict) -> tuple[Catalogue, list]:
    """The document checked as an import checks a file, and meant for this desk: a catalogue
    that does not apply to this office is refused here (a file import installs it with a note,
    because a clerk chose that file; a bundle's catalogue that does not apply was misaddressed)."""
    checked = _checked(check_document(data, resources.char_tables(), "目录文档"), "目录文档")
    catalogue = checked["catalogue"]
    meta = catalogue.meta
    region = session.require_desk().region_code
    if not applies_to(meta.jurisdiction_code, region):
        raise UserError(f"这份目录属于{meta.jurisdiction_name}（辖区代码 {meta.jurisdiction_code}），"
                        f"不适用于本单位（{region}），未安装", where="目录文档")
    return catalogue, checked["warnings"]


def _outcome(current, catalogue: Catalogue) -> str:
    """install / unchanged / older; the same version with other content is refused."""
    if current is None:
        return "install"
    # both were checked when read (the stored one at its own import)
    new, old = parse_version(catalogue.meta.version) or (0,), parse_version(current.version) or (0,)
    if new < old:
        return "older"
    if new == old:
        if catalogue.digest() == current.digest:
            return "unchanged"
        raise VersionRefused(f"已安装的目录版本也是 {catalogue.meta.version}，但内容不同：同一版本号不能有两份内容，"
                             "请县里提高“目录版本”后重新发布", where="目录文档")
    return "install"


def _preview(session: Session, catalogue: Catalogue, warnings: list) -> dict:
    meta = catalogue.meta
    current = catalogue_store.find_installed(session.db, meta.jurisdiction_code)
    outcome = _outcome(current, catalogue)
    old = catalogue_store.catalogue_content(session.db, meta.jurisdiction_code) if current is not None else None
    diff = diff_catalogues(catalogue if outcome == "unchanged" else old, catalogue).to_dict()
    return {"jurisdiction_code": meta.jurisdiction_code, "jurisdiction_name": meta.jurisdiction_name,
            "title": meta.title, "old_version": current.version if current is not None else None,
            "new_version": meta.version, "outcome": outcome, "added": diff["added"], "removed": diff["removed"],
            "reworded": diff["reworded"], "moved": diff["moved"], "unchanged": diff["unchanged"],
            "meta_changes": diff["meta"], "counts": diff["counts"], "items": len(catalogue.items),
            "warnings": [w.to_dict() for w in warnings]}


def preview_update(session: Session, data: dict) -> dict:
    """What installing this catalogue document would change; nothing is written.
    UserError (Chinese) for a malformed document or one for another jurisdiction."""
    catalogue, warnings = _check_update(session, data)
    return _preview(session, catalogue, warnings)


def apply_update(session: Session, data: dict, *, source: str) -> dict:
    """Install a catalogue document with its history (content and changes); runs inside the
    caller's `write` when there is one (a savepoint then), so no backup or commit of its own:
    the sync import backs up and commits around its whole bundle. Refuses an older version."""
    catalogue, warnings = _check_update(session, data)
    meta = catalogue.meta

    def decide(current, _digest):
        outcome = _outcome(current, catalogue)
        if outcome == "older":
            raise VersionRefused(f"不能用旧版本 {meta.version} 覆盖已安装的新版本 {current.version}（{current.title}），"
                                 "未安装", where="目录文档")
        return outcome

    report = _preview(session, catalogue, warnings)
    if report["outcome"] == "older":
        decide(catalogue_store.find_installed(session.db, meta.jurisdiction_code), "")
    report["outcome"] = catalogue_store.install(session.db, catalogue, source=source,
                                                region_code=_region_code(session), decide=decide)
    recorded = _recorded_changes(session, meta.jurisdiction_code, report["outcome"], len(catalogue.items))
    report.update({k: recorded[k] for k in ("added", "removed", "reworded", "moved", "unchanged", "history_id")})
    report["old_version"] = recorded["old_version"] if report["outcome"] == "install" else report["old_version"]
    report["meta_changes"], report["counts"] = recorded["meta_changes"], recorded["change_counts"]
    report["message"] = (f"{meta.title} {meta.version} 已是当前版本，无需更新" if report["outcome"] == "unchanged"
                         else f"已更新 {meta.title}：{report['old_version'] or '（未安装）'} → {meta.version}")
    return report


def history(session: Session, jurisdiction_code: str | None = None) -> list[dict]:
    """Every installed version, newest first, with what it replaced and how many items changed
    (`counts` is None for a version installed before the desk kept changes)."""
    return catalogue_store.history(session.db, (jurisdiction_code or "").strip() or None)


def history_changes(session: Session, history_id: int) -> dict:
    """What that version changed, old → new (empty lists and `recorded: False` for an old row)."""
    try:
        hid = int(history_id)
    except (TypeError, ValueError):
        raise UserError(f"历史记录编号「{history_id}」应为数字") from None
    entry = catalogue_store.history_entry(session.db, hid)
    if entry is None:
        raise UserError(f"找不到编号为 {history_id} 的目录历史记录（用 catalogue history 查看编号）")
    changes = entry.pop("changes")
    recorded = bool(changes)
    entry["recorded"] = recorded
    for key in ("added", "removed", "reworded", "moved"):
        entry[key] = changes.get(key, [])
    entry["unchanged"] = changes.get("unchanged")
    entry["meta_changes"] = changes.get("meta", [])
    return entry


def history_data(session: Session, history_id: int) -> dict:
    """The catalogue as that version installed it, as the JSON document (None-free: a version
    installed before the desk kept contents is refused in Chinese)."""
    found = catalogue_store.history_catalogue(session.db, int(history_changes(session, history_id)["id"]))
    if found is None:
        raise UserError(f"历史记录 {history_id} 是本程序开始保存目录内容之前安装的，没有保存当时的内容")
    return catalogue_document(found)


def install_embedded(session: Session, *, demo: bool) -> list[dict]:
    """The national baseline shipped in resources/catalogues/, and for a demo desk the demo
    county catalogues too (resources/catalogues/embedded.json says which is which).

    A newer program brings newer versions in; a catalogue the county imported with a
    higher version is never overwritten (the version check refuses, and we move on).
    """
    reports = []
    for path in resources.embedded_catalogues(demo=demo):
        try:
            reports.append(import_catalogue(session, path, source=f"内置:{path.name}"))
        except VersionRefused as exc:
            reports.append({"file": str(path), "outcome": "kept_installed", "message": exc.message,
                            "title": path.stem, "version": ""})
    return reports


def list_catalogues(session: Session) -> list[dict]:
    region = _region_code(session)
    out = []
    for c in catalogue_store.installed(session.db):
        d = c.to_dict()
        d["applies"] = bool(region) and applies_to(c.jurisdiction_code, region)
        d["counts_named"] = {LIST_BY_KEY[k].name: n for k, n in c.counts.items() if k in LIST_BY_KEY}
        out.append(d)
    return out


def list_kinds() -> list[dict]:
    """The six lists, in the order of the 2022 opinion, for filters and menus."""
    return [{"key": k.key, "name": k.name, "short": k.short} for k in LISTS]


def resolve_list(name: str | None) -> str | None:
    if not name:
        return None
    kind = list_by_name(name)
    if kind is None:
        raise UserError(f"未知的清单「{name}」，应为：" + "、".join(f"{k.name}（{k.key}）" for k in LISTS))
    return kind.key


def list_items(session: Session, list_name: str | None = None) -> list[dict]:
    key = resolve_list(list_name)
    return [item_view(i, info) for i, info in catalogue_store.active_items(session.db, (key,) if key else None)]


def search(session: Session, text: str, *, list_name: str | None = None, limit: int = 50) -> list[dict]:
    if len(text or "") > 200:
        raise UserError("搜索内容过长（最多 200 字）")
    limit = max(1, min(int(limit), 500))
    # invisible control characters (a NUL pasted from elsewhere) mean nothing to a search and
    # SQLite's FTS reads a NUL as the end of the query ("unterminated string")
    from villagedesk.core.text import control_chars

    for ch in set(control_chars(text or "")):
        text = text.replace(ch, "")
    query = parse_query(text, resources.char_tables().simplify)
    # a villager's whole sentence also finds the certificate it asks for (core/colloquial.py)
    from villagedesk.services.lexicon import lexicon_for

    lexicon = lexicon_for(session.data_dir)
    return [item_view(i, info) for i, info in catalogue_store.search(session.db, query, list_key=resolve_list(list_name),
                                                                    limit=limit, lexicon=lexicon)]


def show(session: Session, code: str) -> dict:
    found = catalogue_store.get_item(session.db, (code or "").strip())
    if found is None:
        raise UserError(f"找不到编码为「{code}」的事项")
    return item_view(*found)


def export_template(path: Path, *, overwrite: bool = False) -> dict:
    """A blank catalogue with one example row per list, for a county to fill in."""
    from villagedesk.files import check_output
    from villagedesk.spreadsheet.writer import write_csv, write_xlsx

    path = Path(path)
    if path.suffix.lower() in (".csv", ".xlsx"):
        check_output(path, suffix=(".xlsx", ".csv"), overwrite=overwrite)
    meta, header, examples = template_rows()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(path, meta + [[]] + [header] + examples)
    elif suffix == ".xlsx":
        guide = [["列", "适用清单", "必填", "说明"]] + [
            [c.header, "全部" if not c.lists else "、".join(LIST_BY_KEY[k].short for k in c.lists),
             "是" if c.required else "", c.hint] for c in COLUMNS
        ] + [[], ["清单名称"]] + [[k.name, k.short] for k in LISTS] + [
            [], ["说明", "所有单元格请填写数值或文字，不要使用公式；编码在本目录内不能重复；目录版本须高于已安装版本。"]]
        write_xlsx(path, [
            (META_SHEET, [["项目", "内容"]] + meta, {"header": True, "widths": [14, 60], "text": True}),
            (ITEM_SHEET, [header] + examples, {"header": True, "widths": [16, 16, 30, 30, 12, 8] + [18] * (len(header) - 6),
                                               "text": True}),
            (GUIDE_SHEET, guide, {"header": True, "widths": [14, 24, 8, 40]}),
        ])
    else:
        raise UserError("模板文件名应以 .xlsx 或 .csv 结尾", where=str(path))
    return {"file": str(path), "columns": header, "examples": len(examples)}
