"""`task check` text output marks 示范 (demo) items, so demo content never reads as the county's list."""

import json


def test_task_check_text_marks_demo_items(cli, demo_dir):
    human = cli("task", "check", "村里要开收入证明", data_dir=demo_dir, check_exit=0).stdout
    line = next(x for x in human.splitlines() if "收入证明（533103-BY-01" in x)
    assert line.strip().startswith("【示范】")
    assert "不是本县正式目录" in human
    # the JSON keeps its shape and says where each item comes from
    result = json.loads(cli("task", "check", "村里要开收入证明", "--json", data_dir=demo_dir, check_exit=0).stdout)
    assert result["matches"][0]["origin"] == "demo"


def test_task_check_text_does_not_mark_national_items(cli, demo_dir):
    human = cli("task", "check", "请村委会负责拆除违章建筑", data_dir=demo_dir, check_exit=0).stdout
    line = next(x for x in human.splitlines() if "CN-FM-02" in x)
    assert "【示范】" not in line
