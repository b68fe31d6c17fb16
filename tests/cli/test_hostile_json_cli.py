"""Hostile JSON through the real command line (issue 9, part 6): Chinese, exit 2, no traceback."""

from __future__ import annotations

import json

import pytest

DEEP = "[" * 50_000  # under every size cap, far past the recursion limit
HUGE_NUMBER = '{"name": "风平村", "width_cm": ' + "7" * 5000 + "}"


@pytest.mark.parametrize("content, words", [(DEEP, "嵌套"), (HUGE_NUMBER, "位数过多")])
@pytest.mark.parametrize("command", [("sign", "check", "{f}"), ("sign", "audit", "{f}"), ("key", "trust", "{f}")])
def test_deep_nesting_and_huge_numbers_are_chinese_errors(cli, demo_dir, tmp_path, content, words, command):
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    args = [a.format(f=path) for a in command]
    proc = cli(*args, data_dir=demo_dir, check_exit=2)
    assert proc.stderr.startswith("错误：") and words in proc.stderr and "内部错误" not in proc.stderr, proc.stderr
    proc = cli(*args, "--json", data_dir=demo_dir, check_exit=2)
    assert words in json.loads(proc.stderr)["error"]
