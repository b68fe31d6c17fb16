"""`catalogue diff`, `catalogue history [ID]` and the changes `catalogue import` prints."""

import json


def test_diff_import_and_history(cli, demo_dir, tmp_path, catalogue_csv):
    first = catalogue_csv(tmp_path / "v1.csv", version="2099.1")
    shown = cli("catalogue", "diff", str(first), data_dir=demo_dir, check_exit=0).stdout
    assert "已安装 2024.2 → 文件 2099.1" in shown and "新增" in shown and "删除" in shown

    imported = cli("catalogue", "import", str(first), data_dir=demo_dir, check_exit=0).stdout
    assert "与已安装的版本 2024.2 相比" in imported and "* 533103-ZZ-01" in imported

    second = catalogue_csv(tmp_path / "v2.csv", version="2099.2", first_title="调解民间矛盾纠纷")
    diff = json.loads(cli("--json", "catalogue", "diff", str(second), data_dir=demo_dir, check_exit=0).stdout)
    assert diff["outcome"] == "would_install" and diff["old_version"] == "2099.1"
    assert diff["added"] == [] and diff["removed"] == [] and diff["moved"] == []
    (reworded,) = diff["reworded"]
    assert reworded["changes"] == [{"field": "title", "field_name": "标题", "old": "调解民间纠纷", "new": "调解民间矛盾纠纷"}]
    text = cli("catalogue", "diff", str(second), data_dir=demo_dir, check_exit=0).stdout
    assert "标题：调解民间纠纷 → 调解民间矛盾纠纷" in text and "修改 1 项" in text
    cli("catalogue", "import", str(second), data_dir=demo_dir, check_exit=0)
    same = cli("catalogue", "diff", str(second), data_dir=demo_dir, check_exit=0).stdout
    assert "不会改动任何内容" in same

    rows = json.loads(cli("--json", "catalogue", "history", "--jurisdiction", "533103", data_dir=demo_dir,
                          check_exit=0).stdout)["history"]
    assert [(r["version"], r["previous_version"]) for r in rows] == [("2099.2", "2099.1"), ("2099.1", "2024.2"),
                                                                     ("2024.2", None)]
    listing = cli("catalogue", "history", data_dir=demo_dir, check_exit=0).stdout
    assert "由 2099.1 更新：新增 0，删除 0，修改 1" in listing and "首次安装" in listing
    one = cli("catalogue", "history", str(rows[0]["id"]), data_dir=demo_dir, check_exit=0).stdout
    assert "标题：调解民间纠纷 → 调解民间矛盾纠纷" in one
    as_json = json.loads(cli("--json", "catalogue", "history", str(rows[0]["id"]), data_dir=demo_dir, check_exit=0).stdout)
    assert as_json["reworded"] == diff["reworded"] and as_json["recorded"] is True

    missing = cli("catalogue", "history", "99999", data_dir=demo_dir, check_exit=2)
    assert "找不到编号为 99999" in missing.stderr and "Traceback" not in missing.stderr
    older = cli("catalogue", "diff", str(first), data_dir=demo_dir, check_exit=2)
    assert "不能用旧版本 2099.1" in older.stderr


def test_import_reads_the_catalogue_json_document(cli, demo_dir, tmp_path):
    from villagedesk.services import catalogue
    from villagedesk.services.session import Session

    with Session(demo_dir) as session:
        data = catalogue.catalogue_data(session, "000000")
    data["meta"]["version"] = "2099.1"
    data["items"].pop()
    path = tmp_path / "全国.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = json.loads(cli("--json", "catalogue", "import", str(path), data_dir=demo_dir, check_exit=0).stdout)
    assert out["outcome"] == "install" and len(out["removed"]) == 1 and out["old_version"] == "2022.2"
