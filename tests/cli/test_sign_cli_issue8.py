"""Signboard rules as written through the CLI: sizes at the limit, the tolerance setting
(off by default, said when used, absurd values refused in Chinese), 对口挂牌 as an error
in `sign check`, `sign spec --tiles` naming every file it wrote, `--out-dir` created."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "signs"
PARTY = json.loads((FIXTURES / "dehong-party-strip.json").read_text(encoding="utf-8"))


def write(tmp_path, name, spec) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("width, code", [(35, 0), ("350mm", 0), ("0.35m", 0), (35.1, 1), (35.4, 1), ("354 毫米", 1)])
def test_the_strip_limit_is_35_cm_as_written(cli, demo_dir, tmp_path, width, code):
    path = write(tmp_path, "s.json", dict(PARTY, width_cm=width))
    doc = json.loads(cli("sign", "check", path, "--json", data_dir=demo_dir, check_exit=code).stdout)
    assert doc["size_tolerance_cm"] == 0
    size = [f for f in doc["findings"] if f["rule"] == "size.max"]
    assert bool(size) == bool(code) and all("容差" not in f["message"] for f in size)


def test_the_tolerance_is_a_visible_setting(cli, demo_dir, tmp_path):
    path = write(tmp_path, "s.json", dict(PARTY, width_cm=35.4))
    shown = cli("settings", "show", data_dir=demo_dir, check_exit=0).stdout
    assert "sign-size-tolerance-cm = 0" in shown
    cli("settings", "set", "sign-size-tolerance-cm", "0.5", data_dir=demo_dir, check_exit=0)
    human = cli("sign", "check", path, data_dir=demo_dir, check_exit=0).stdout
    assert "按容差 0.5 cm 判定" in human and "提示" in human
    doc = json.loads(cli("sign", "check", write(tmp_path, "w.json", dict(PARTY, width_cm=35.6)), "--json",
                         data_dir=demo_dir, check_exit=1).stdout)
    assert doc["size_tolerance_cm"] == 0.5
    assert any(f["rule"] == "size.max" and "按容差 0.5 cm 判定" in f["message"] for f in doc["findings"])
    # the spec sheet says it too
    out = tmp_path / "sheet.pdf"
    cli("sign", "spec", path, "--out", str(out), data_dir=demo_dir, check_exit=0)
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace(" ", "").replace("\n", "")
    assert "量尺容差0.5厘米" in text and "按容差0.5cm判定" in text and "上限35×200厘米" in text
    cli("settings", "set", "sign-size-tolerance-cm", "0", data_dir=demo_dir, check_exit=0)
    cli("sign", "check", path, data_dir=demo_dir, check_exit=1)


@pytest.mark.parametrize("value", ["-0.5", "5.5", "一点五", "nan", "inf", "0.5cm"])
def test_absurd_tolerances_are_refused_in_chinese(cli, demo_dir, value, snapshot):
    before = snapshot(demo_dir / "desk.sqlite3")
    proc = cli("settings", "set", "sign-size-tolerance-cm", value, data_dir=demo_dir, check_exit=2)
    assert "牌子尺寸量尺容差" in proc.stderr and "Traceback" not in proc.stderr
    assert snapshot(demo_dir / "desk.sqlite3") == before


@pytest.mark.parametrize("name, placement", [("芒市农业农村局驻村工作站", "exterior"), ("芒市农业农村局驻村工作站", "interior"),
                                             ("风平村妇女之家", "interior"), ("风平村青少年之家", "interior")])
def test_sign_check_calls_a_counterpart_sign_an_error(cli, demo_dir, tmp_path, name, placement):
    spec = {"name": name, "kind": "square", "width_cm": 60, "height_cm": 40, "background": "#FFFFFF",
            "text_colour": "#000000", "font": "标准宋体", "direction": "horizontal", "placement": placement}
    path = write(tmp_path, "c.json", spec)
    doc = json.loads(cli("sign", "check", path, "--json", data_dir=demo_dir, check_exit=1).stdout)
    found = [f for f in doc["findings"] if f["rule"] == "count.counterpart"]
    assert found and found[0]["severity"] == "error" and found[0]["source"]["clause"] == "二(二)7"
    human = cli("sign", "check", path, data_dir=demo_dir, check_exit=1).stdout
    assert "错误：" in human and "对口挂牌" in human and "二(二)7" in human
    # the audit of the same sign says remove, with the same words
    inventory = write(tmp_path, "inv.json", {"format": "villagedesk-sign-inventory/1", "signs": [spec]})
    audit = json.loads(cli("sign", "audit", inventory, "--no-save", "--json", data_dir=demo_dir, check_exit=1).stdout)
    assert audit["signs"][0]["verdict"] == "remove" and found[0]["message"] in audit["signs"][0]["reasons"]


def test_the_retained_service_station_is_not_a_counterpart(cli, demo_dir, tmp_path):
    spec = {"name": "芒市风平镇风平村便民服务站", "kind": "square", "width_cm": 60, "height_cm": 40, "background": "#FFFFFF",
            "text_colour": "#000000", "font": "标准宋体", "direction": "horizontal", "placement": "interior"}
    doc = json.loads(cli("sign", "check", write(tmp_path, "ok.json", spec), "--json", data_dir=demo_dir, check_exit=0).stdout)
    assert not [f for f in doc["findings"] if f["rule"] == "count.counterpart"]


def test_spec_with_tiles_names_every_file_it_wrote(cli, demo_dir, tmp_path):
    out = tmp_path / "规格单.pdf"
    path = write(tmp_path, "p.json", PARTY)
    human = cli("sign", "spec", path, "--out", str(out), "--tiles", data_dir=demo_dir, check_exit=0).stdout
    tiles = tmp_path / "规格单-tiles.pdf"
    assert out.is_file() and tiles.is_file()
    assert f"已生成规格单：{out}" in human and f"已生成 1:1 分块图：{tiles}" in human
    doc = json.loads(cli("sign", "spec", path, "--out", str(out), "--tiles", "--json", "--overwrite", data_dir=demo_dir, check_exit=0).stdout)
    assert doc["files"] == [str(out), str(tiles)] and doc["file"] == str(out) and doc["tiles_file"] == str(tiles)
    assert all(Path(f).is_file() for f in doc["files"])
    written = {p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"}
    assert written == {out.name, tiles.name}  # nothing written that is not named
    doc = json.loads(cli("sign", "spec", path, "--out", str(out), "--json", "--overwrite", data_dir=demo_dir, check_exit=0).stdout)
    assert doc["files"] == [str(out)] and "tiles_file" not in doc


def test_standard_out_dir_is_created_when_missing(cli, demo_dir, tmp_path):
    folder = tmp_path / "新建" / "规格"
    doc = json.loads(cli("sign", "standard", "--out-dir", str(folder), "--json", data_dir=demo_dir, check_exit=0).stdout)
    assert folder.is_dir() and len(doc["files"]) == 6 and all(Path(f).is_file() for f in doc["files"])
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    proc = cli("sign", "standard", "--out-dir", str(a_file), data_dir=demo_dir, check_exit=2)
    assert "路径中有同名的文件" in proc.stderr and a_file.read_text(encoding="utf-8") == "x"


def test_tiles_refused_still_names_the_sheet_it_wrote(cli, demo_dir, tmp_path):
    spec = {"name": "芒市风平镇风平村党群服务中心", "kind": "identifier", "width_cm": 600, "height_cm": 400,
            "background": "#FFFFFF", "text_colour": "#000000", "font": "标准宋体", "direction": "horizontal",
            "placement": "exterior", "organisation": "service_center"}
    out = tmp_path / "大.pdf"
    proc = cli("sign", "spec", write(tmp_path, "big.json", spec), "--out", str(out), "--tiles", "--rules", "national",
               data_dir=demo_dir)
    assert proc.returncode == 2 and "552 张 A4 纸" in proc.stderr and out.is_file() and f"规格单已生成：{out}" in proc.stderr
    assert not (tmp_path / "大-tiles.pdf").exists()
