"""`villagedesk cert|ledger|verify|key` as a clerk or a script runs them: one JSON document
on stdout with --json, errors on stderr, exit 2 for bad input, verify 0 only when valid."""

import json
import multiprocessing
import sqlite3

import pytest

ISSUE = ["cert", "issue", "--item", "533103-BL-01", "--applicant", "王𬌗", "--id-number", "11010519491231002X",
         "--purpose", "子女入学", "--field", "address=风平镇风平村三组12号", "--field", "residence_type=租住",
         "--field", "since=2019-03", "--handler", "张丽"]


@pytest.fixture
def desk(tmp_path, cli):
    data = tmp_path / "desk"
    cli("init", "--demo", data_dir=data, check_exit=0)
    # --demo keeps its desk in a demo/ folder under the data folder
    return data


def run(cli, desk, *args, code=0):
    return cli("--demo", *args, data_dir=desk, check_exit=code)


def test_issue_verify_void_and_ledger_on_the_command_line(cli, desk, tmp_path):
    out = tmp_path / "c.pdf"
    issued = json.loads(run(cli, desk, *ISSUE, "--out", str(out), "--json").stdout)
    assert issued["number"] == "风平村证〔2026〕1号" or issued["number"].startswith("风平村证〔")
    assert issued["pdf"] == str(out) and out.exists() and issued["payload"].startswith("VD1:")

    answer = json.loads(run(cli, desk, "verify", issued["payload"], "--json").stdout)
    assert answer["status"] == "valid" and answer["fields"]["holder_name"] == "王𬌗"
    assert json.loads(run(cli, desk, "verify", "--pdf", str(out), "--json").stdout)["status"] == "valid"

    tampered = issued["payload"][:-3] + ("A" if issued["payload"][-3] != "A" else "B") + issued["payload"][-2:]
    bad = run(cli, desk, "verify", tampered, "--json", code=1)
    assert json.loads(bad.stdout)["status"] in ("tampered", "malformed")

    run(cli, desk, "cert", "void", issued["number"], "--reason", "地址写错", "--handler", "张丽")
    voided = json.loads(run(cli, desk, "verify", issued["payload"], "--json", code=1).stdout)
    assert voided["status"] == "voided"

    listed = json.loads(run(cli, desk, "ledger", "list", "--json").stdout)
    assert [(e["number"], e["status"]) for e in listed["entries"]] == [(issued["number"], "voided")]
    assert json.loads(run(cli, desk, "ledger", "verify", "--json").stdout)["ok"] is True
    xlsx = tmp_path / "ledger.xlsx"
    run(cli, desk, "ledger", "export", str(xlsx))
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx).active
    assert any(issued["number"] in str(c.value) for row in sheet.iter_rows() for c in row)


def test_bad_input_exits_2_with_a_chinese_message_and_no_entry(cli, desk, tmp_path):
    args = [a if a != "11010519491231002X" else "110105194912310021" for a in ISSUE]
    proc = run(cli, desk, *args, "--out", str(tmp_path / "x.pdf"), code=2)
    assert "身份证号码" in proc.stderr and "Traceback" not in proc.stderr
    proc = run(cli, desk, *ISSUE, "--field", "nonsense", "--out", str(tmp_path / "x.pdf"), code=2)
    assert "键=值" in proc.stderr
    assert json.loads(run(cli, desk, "ledger", "list", "--json").stdout)["total"] == 0


def test_a_must_not_issue_item_says_why_and_the_refusal_is_printed(cli, desk, tmp_path):
    proc = run(cli, desk, "cert", "issue", "--item", "CN-BY-05", "--applicant", "李四", "--id-number",
               "11010519491231002X", "--purpose", "求职", "--handler", "张丽", code=2)
    assert "无犯罪记录证明" in proc.stderr and "cert refuse" in proc.stderr
    out = tmp_path / "notice.pdf"
    r = json.loads(run(cli, desk, "cert", "refuse", "--item", "CN-BY-05", "--applicant", "李四", "--handler", "张丽",
                       "--out", str(out), "--json").stdout)
    assert r["number"].startswith("风平村不予证〔") and out.exists()


def test_ledger_verify_exits_1_and_names_the_entry_edited_behind_the_apps_back(cli, desk, tmp_path):
    for i in range(3):
        run(cli, desk, *ISSUE, "--out", str(tmp_path / f"{i}.pdf"))
    db = next(desk.rglob("desk.sqlite3"))
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER ledger_entries_no_update")
    conn.execute("UPDATE ledger_entries SET purpose = '出国' WHERE id = 2")
    conn.commit()
    conn.close()
    proc = run(cli, desk, "ledger", "verify", "--json", code=1)
    report = json.loads(proc.stdout)
    assert report["ok"] is False and report["first_bad"]["entry_id"] == 2


def _issue_many(args):
    from tests.conftest import run_cli

    desk, count, folder = args
    numbers = []
    for i in range(count):
        proc = run_cli("--demo", *ISSUE, "--out", f"{folder}/{i}.pdf", "--json", data_dir=desk)
        assert proc.returncode == 0, proc.stderr
        numbers.append(json.loads(proc.stdout)["number"])
    return numbers


def test_two_processes_issuing_at_once_get_distinct_gap_free_numbers(desk, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        a, b = pool.map(_issue_many, [(desk, 6, tmp_path / "a"), (desk, 6, tmp_path / "b")])
    numbers = sorted(int(n.split("〕")[1].rstrip("号")) for n in a + b)
    assert numbers == list(range(1, 13))


def test_keys_are_exported_and_another_offices_key_trusted(cli, desk, tmp_path):
    exported = tmp_path / "key.json"
    run(cli, desk, "key", "export", str(exported))
    other = tmp_path / "other"
    cli("init", "--demo", data_dir=other, check_exit=0)
    # another demo desk is the same office (533103105201): a second key for it is refused
    # (issue 9; trusting another office's key: tests/cli/test_key_cli.py)
    refused = run(cli, other, "key", "trust", str(exported), "--yes", code=2)
    assert "本机自己的办公室" in refused.stderr
    keys = json.loads(run(cli, other, "key", "list", "--json").stdout)["keys"]
    assert json.loads(exported.read_text(encoding="utf-8"))["key_id"] not in [k["key_id"] for k in keys]
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    assert "Traceback" not in run(cli, other, "key", "trust", str(tmp_path / "bad.json"), code=2).stderr


def _readme_command(start: str) -> list[str]:
    """The README's command that begins with `start`, continuation lines joined, comment cut."""
    import shlex
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    [line] = [x for x in text.splitlines() if x.startswith(start)]
    words = shlex.split(line.split(" # ")[0].split("  #")[0])
    assert words[0] == "villagedesk"
    return words[1:]


def test_the_readmes_accept_amend_then_issue_accepted_runs_verbatim(cli, desk, tmp_path):
    """Issue #8 item 5: `cert issue --accepted` uses the accepted item's own materials (it once
    checked them against the generic list and failed), with the real acceptance number format."""
    accept = _readme_command("villagedesk cert accept ")
    amend = _readme_command("villagedesk cert amend ")
    issue = _readme_command("villagedesk cert issue --accepted ")
    accepted = json.loads(run(cli, desk, *accept, "--date", "2026-11-23", "--json").stdout)
    assert accepted["number"] == issue[issue.index("--accepted") + 1] == amend[2] == "风平村证受〔2026〕1号"
    assert accepted["pdf"].endswith("风平村证受〔2026〕1号.pdf")
    import pypdf

    assert "受理回执" in pypdf.PdfReader(accepted["pdf"]).pages[0].extract_text()
    human = run(cli, desk, *amend).stdout
    assert "已更正受理 风平村证受〔2026〕1号" in human and "家庭住址" in human
    issued = json.loads(run(cli, desk, *issue, "--json").stdout)
    assert issued["number"].startswith("风平村证〔") and issued["item_title"] == "家庭经济困难情况证明"
    text = "".join(pypdf.PdfReader(issued["pdf"]).pages[0].extract_text().split())
    assert "风平村三组15号" in text
    assert json.loads(run(cli, desk, "ledger", "verify", "--json").stdout)["ok"] is True
    # done: a second issue, an amend after issuing, are refused in Chinese
    assert "已办结" in run(cli, desk, *issue, code=2).stderr
    assert "已经办结" in run(cli, desk, *amend, code=2).stderr or "已办结" in run(cli, desk, *amend, code=2).stderr
    # the receipt and the certificate reprint by their numbers; a voided one says so
    again = run(cli, desk, "cert", "reprint", accepted["number"], "--out", str(tmp_path / "r.pdf")).stdout
    assert "已重新打印 风平村证受〔2026〕1号" in again
    run(cli, desk, "cert", "void", issued["number"], "--reason", "地址写错", "--handler", "张丽")
    voided = json.loads(run(cli, desk, "cert", "reprint", issued["number"], "--out", str(tmp_path / "v.pdf"), "--json").stdout)
    assert voided["voided"] is True and "原因：地址写错" in voided["void_notice"]
    assert "作废" in run(cli, desk, "cert", "reprint", issued["number"], "--out", str(tmp_path / "v2.pdf")).stdout


def test_reprint_and_amend_of_unknown_numbers_exit_2_in_chinese(cli, desk, tmp_path):
    for args in (["cert", "reprint", "风平村证〔2026〕99号", "--out", str(tmp_path / "x.pdf")],
                 ["cert", "amend", "风平村证受〔2026〕99号", "--field", "address=x", "--handler", "张丽"],
                 ["cert", "amend", "风平村证受〔2026〕99号", "--field", "nonsense"]):
        proc = run(cli, desk, *args, code=2)
        assert "Traceback" not in proc.stderr and any("\u4e00" <= c <= "\u9fff" for c in proc.stderr)
    assert not (tmp_path / "x.pdf").exists()
