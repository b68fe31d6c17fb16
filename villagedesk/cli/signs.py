"""`villagedesk sign check|audit|spec|proof|standard|rules|history`: the signboard checker.

Exit codes: 0 when there is no error finding, 1 when there is, 2 for input that cannot be
read (a missing or broken file, a JSON value that is not a spec, an image that is not one).
"""

from __future__ import annotations

from pathlib import Path

from villagedesk.cli.common import EXIT_FAIL, EXIT_OK, Parser, add_overwrite, desk_session, print_result

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def add_parsers(sub, common) -> None:
    rules = Parser(add_help=False)
    rules.add_argument("--rules", default=None, metavar="ID",
                       help="规则集，如 yunnan-dehong、jilin-yanbian、chongqing-yubei、national（默认：本机辖区）")
    sign = sub.add_parser("sign", parents=[common], help="牌子检查：单块牌子、全村摸排、规格单、样稿")
    ss = sign.add_subparsers(dest="action", metavar="操作", parser_class=Parser, required=True)
    s_check = ss.add_parser("check", parents=[common, rules], help="检查一块牌子的规格（JSON 文件）")
    s_check.add_argument("spec", help="牌子规格文件 SPEC.json（格式见 docs/formats/signboard-spec.md）")
    s_audit = ss.add_parser("audit", parents=[common, rules], help="全村牌子摸排：缺少、多余（对口挂牌）、门头多挂，保留/更换/摘除")
    s_audit.add_argument("inventory", help="牌子清单文件 INVENTORY.json")
    s_audit.add_argument("--out", help="同时生成摸排报告 PDF")
    s_audit.add_argument("--no-save", action="store_true", help="不保存本次摸排结果")
    add_overwrite(s_audit)
    s_spec = ss.add_parser("spec", parents=[common, rules], help="生成给制作方的规格单 PDF（按比例的图、尺寸、颜色、字体）")
    s_spec.add_argument("spec", help="牌子规格文件 SPEC.json")
    s_spec.add_argument("--out", required=True, help="PDF 文件名")
    s_spec.add_argument("--tiles", action="store_true", help="另附 1:1 原大分块图（A4 拼贴）")
    add_overwrite(s_spec)
    s_proof = ss.add_parser("proof", parents=[common, rules], help="核对制作方的样稿（PNG/JPEG/PDF）：宽高比、底色、文字颜色")
    s_proof.add_argument("image", help="样稿文件")
    s_proof.add_argument("--spec", required=True, help="这块牌子的规格文件 SPEC.json")
    s_std = ss.add_parser("standard", parents=[common, rules], help="按本机办公室信息一键生成外部 4 个标牌和 2 个标识的标准规格")
    s_std.add_argument("--out-dir", help="把每块牌子的规格写成 JSON 文件放在此文件夹")
    add_overwrite(s_std)
    s_rules = ss.add_parser("rules", parents=[common], help="列出规则集；给出 ID 时显示其规则和出处")
    s_rules.add_argument("id", nargs="?", help="规则集 ID")
    ss.add_parser("history", parents=[common], help="本机保存的牌子摸排记录")


def cmd_sign(args) -> int:
    from villagedesk.services import signs

    action = args.action
    if action == "rules":
        if args.id:
            print_result(args, signs.describe_rules(args.id), _rules_block)
        else:
            print_result(args, {"rule_sets": signs.list_rule_sets()}, lambda r: "\n".join(
                f"{x['id']:<18} {x['name']}  版本 {x['version']}，{x['rules']} 条规则"
                + (f"，继承 {'、'.join(x['inherits'])}" if x["inherits"] else "") for x in r["rule_sets"]))
        return EXIT_OK
    session = desk_session(args)
    if action == "check":
        spec = signs.read_json(Path(args.spec), "牌子规格文件")
        result = signs.check_sign(session, spec, rules_id=args.rules)
        print_result(args, result, lambda r: _findings_block(r, head=f"「{r['spec'].get('name') or '（无名称）'}」"))
        return EXIT_OK if result["ok"] else EXIT_FAIL
    if action == "audit":
        inventory = signs.read_json(Path(args.inventory), "牌子清单文件")
        if args.out:
            result = signs.audit_pdf(session, inventory, Path(args.out), rules_id=args.rules, save=not args.no_save,
                                     overwrite=args.overwrite)
        else:
            result = signs.audit(session, inventory, rules_id=args.rules, save=not args.no_save)
        print_result(args, result, _audit_block)
        return EXIT_OK if result["ok"] else EXIT_FAIL
    if action == "spec":
        spec = signs.read_json(Path(args.spec), "牌子规格文件")
        result = signs.spec_pdf(session, spec, Path(args.out), tiles=args.tiles, rules_id=args.rules,
                                overwrite=args.overwrite)
        print_result(args, result, _spec_block)
        return EXIT_OK
    if action == "proof":
        spec = signs.read_json(Path(args.spec), "牌子规格文件")
        result = signs.check_proof(session, Path(args.image), spec, rules_id=args.rules)
        m = result["measured"]
        print_result(args, result, lambda r: _findings_block(
            r, head=f"样稿 {m['width_px']}×{m['height_px']} 像素，宽高比 {m['aspect']:.3f}，底色 {m['background']}，"
                    f"文字 {m['text_colour'] or '未找到'}"))
        return EXIT_OK if result["ok"] else EXIT_FAIL
    if action == "standard":
        session.require_desk()
        specs = signs.standard_specs(session, rules_id=args.rules)
        files = []
        if args.out_dir:
            files = _write_specs(specs, Path(args.out_dir), session.data_dir, overwrite=args.overwrite)
        print_result(args, {"specs": specs, "files": files}, lambda r: "\n".join(
            f"{s['name'] or s['note'].split('；')[0]}  {s['width_cm']:g}×{s['height_cm']:g} 厘米  白底{'红' if s['text_colour'] != '#000000' else '黑'}字"
            f"  {s['font']}" for s in r["specs"]) + "".join(f"\n  已写出 {f}" for f in r["files"]))
        return EXIT_OK
    if action == "history":
        print_result(args, {"audits": signs.list_audits(session)}, lambda r: "\n".join(
            f"{a['id']:>4}  {a['created_at']}  {a['office_name']}  {a['sign_count']} 块  "
            f"保留 {a['summary'].get('keep', 0)} 更换 {a['summary'].get('replace', 0)} 摘除 {a['summary'].get('remove', 0)} "
            f"缺少 {a['summary'].get('missing', 0)}  （{a['rules_id']} {a['rules_version']}）" for a in r["audits"])
            or "（还没有摸排记录）")
        return EXIT_OK
    raise AssertionError(action)


def _write_specs(specs: list[dict], folder: Path, data_dir: Path, *, overwrite: bool = False) -> list[str]:
    import json

    from villagedesk.core.errors import UserError
    from villagedesk.files import atomic_write, check_output, refuse_data_folder

    if folder.exists() and not folder.is_dir():
        raise UserError("这是一个文件，不是文件夹：请另选保存规格的文件夹", where=str(folder))
    refuse_data_folder(folder / "规格.json", data_dir)  # before a folder is made there
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法建立文件夹（{exc.strerror or exc}）", where=str(folder)) from None
    paths = [folder / f"{n:02d}-{spec['organisation']}.json" for n, spec in enumerate(specs, start=1)]
    for path in paths:  # all checked before the first is written
        check_output(path, suffix=".json", data_dir=data_dir, overwrite=overwrite)
    out = []
    for path, spec in zip(paths, specs):
        data = json.dumps(spec, ensure_ascii=False, indent=2) + "\n"
        atomic_write(path, lambda fh, data=data: fh.write(data.encode("utf-8")))
        out.append(str(path))
    return out


def _spec_block(r: dict) -> str:
    """Every file the command wrote, each with what it is (the tiles sit beside the sheet)."""
    lines = [f"已生成规格单：{r['file']}（{r['sheet'].get('pages', 1)} 页，比例 {r['sheet'].get('scale_label', '')}）"]
    if r.get("tiles_file"):
        tiles = r.get("tiles") or {}
        lines.append(f"已生成 1:1 分块图：{r['tiles_file']}（封面 1 页 + {tiles.get('sheets', '？')} 张 A4 拼贴）")
    lines += [f"  注意：{w}" for w in r["sheet"].get("warnings", [])]
    return "\n".join(lines)


def _source_text(source: dict) -> str:
    parts = [p for p in (source.get("document"), source.get("clause")) if p]
    return " ".join(parts)


def _finding_line(f: dict) -> str:
    src = _source_text(f.get("source") or {})
    return f"  {SEVERITY_NAMES.get(f['severity'], f['severity'])}：{f['message']}" + (f"（依据：{src}）" if src else "")


def _findings_block(r: dict, head: str) -> str:
    errors = sum(f["severity"] == "error" for f in r["findings"])
    verdict = "符合规则" if r["ok"] else f"有 {errors} 处错误"
    lines = [f"{head}：{verdict}（{r['rules']['name']}）"]
    lines += [_finding_line(f) for f in r["findings"]]
    return "\n".join(lines)


def _audit_block(r: dict) -> str:
    s = r["summary"]
    lines = [f"牌子摸排（{r['rules']['name']}）：保留 {s['keep']}，更换 {s['replace']}，摘除 {s['remove']}，缺少 {s['missing']}"]
    for e in r["signs"]:
        lines.append(f"第 {e['index']} 块「{e['name'] or '（无名称）'}」：{e['verdict_name']}")
        lines += [_finding_line(f) for f in e["findings"] if f["severity"] != "info"]
    for m in r["missing"]:
        named = f"应为「{m['expected_name']}」" if m["expected_name"] else m.get("name_missing", "")
        lines.append(f"缺少：{m['title']}，{named}（依据：{_source_text(m['source'])}）")
    other = [f for f in r["findings"] if f["rule"] != "count.required"]
    lines += [_finding_line(f).strip() for f in other]
    if r.get("saved"):
        lines.append(f"已保存摸排记录 {r['saved']['id']}")
    if r.get("file"):
        lines.append(f"已生成摸排报告：{r['file']}")
    return "\n".join(lines)


def _rules_block(r: dict) -> str:
    lines = [f"{r['name']}（{r['id']}，版本 {r['version']}）", r["about"]]
    for rule in r["rules"]:
        lines.append(f"  [{rule['id']}] {SEVERITY_NAMES[rule['severity']]} · {rule['category']} · "
                     f"{_source_text(rule['source'])}" + ("（推断）" if rule["basis"] == "inferred" else ""))
    if r["awaiting_confirmation"]:
        lines.append("待县级确认的参数：" + "、".join(r["awaiting_confirmation"]))
    return "\n".join(lines)


COMMANDS = {"sign": cmd_sign}
