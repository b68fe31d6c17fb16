"""`cert issue --item generic` on the command line: a must-not wording is refused with the item,
its clause and the refusal command, exit 2, nothing written; 原因 and 依据 go in as --field."""

import json


def generic_args(matter: str, *more: str) -> list[str]:
    return ["cert", "issue", "--item", "generic", "--applicant", "王芳", "--id-number", "11010519491231002X",
            "--purpose", "办理养老金", "--field", f"matter={matter}", "--field", "facts=经入户查看属实",
            "--verification", "入户走访", "--handler", "张丽", *more]


def test_a_must_not_wording_is_refused_on_the_command_line(cli, demo_dir, tmp_path, snapshot):
    before = snapshot(demo_dir / "desk.sqlite3")
    out = tmp_path / "x.pdf"
    proc = cli(*generic_args("本人 還活著", "--field", "reason=社保所要求", "--field", "basis=社保所通知",
                             "--out", str(out)), data_dir=demo_dir, check_exit=2)
    assert "不应出具证明事项「健在证明」" in proc.stderr and "cert refuse --item CN-BY-10" in proc.stderr
    assert "民发〔2020〕20号" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists() and snapshot(demo_dir / "desk.sqlite3") == before
    proc = cli(*generic_args("无犯罪记录", "--field", "reason=a", "--field", "basis=b", "--json"),
               data_dir=demo_dir, check_exit=2)
    assert json.loads(proc.stderr)["refusal"]["item_title"] == "无犯罪记录证明"


def test_reason_and_basis_are_fields_and_required_for_generic(cli, demo_dir, tmp_path):
    proc = cli(*generic_args("在本村从事蔬菜种植", "--out", str(tmp_path / "g.pdf")), data_dir=demo_dir, check_exit=2)
    assert "申请原因" in proc.stderr and "申请依据" in proc.stderr
    proc = cli(*generic_args("在本村从事蔬菜种植", "--field", "reason=申请产业补助", "--field", "basis=县农业农村局通知",
                             "--out", str(tmp_path / "g.pdf"), "--json"), data_dir=demo_dir, check_exit=0)
    assert json.loads(proc.stdout)["number"]
